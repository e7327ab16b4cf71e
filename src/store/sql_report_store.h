// SqlReportStore: the Store over the shared SqlDatabase (sql_database.h).
// What the reporter's side writes and reads: reports, their messages and files,
// the port directory and facilities as intake needs them.
// Where its rows are written: sql_report_store.cpp. Thread-safe; `db` is borrowed
// and must outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sql_database.h"
#include "store/store.h"

namespace portsafe::store {

class SqlReportStore final : public Store {
 public:
  explicit SqlReportStore(SqlDatabase* db) : db_(db) {}

  void CreateReport(ReportRow report, std::vector<FileRow> files, WriteDone done) override;
  void AppendMessage(MessageRow message, WriteDone done) override;
  void AddFiles(std::string report_id, std::vector<FileRow> files, size_t max_files_per_report,
                WriteDone done) override;
  Result<ReportRow> FindReportByLookup(const std::string& lookup_id) override;
  Result<std::vector<MessageRow>> ListMessages(const std::string& report_id) override;
  Result<std::vector<FileRow>> ListFiles(const std::string& report_id, bool with_content) override;
  Result<std::int64_t> CountReports() override;
  Status PutPorts(const std::vector<PortRow>& ports) override;
  Result<std::vector<PortRow>> LoadPorts() override;
  Status PutFacility(const Facility& facility) override;
  Result<std::optional<Facility>> FindFacility(const std::string& code) override;

 private:
  SqlDatabase* db_;
};

}  // namespace portsafe::store
