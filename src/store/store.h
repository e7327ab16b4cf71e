// The storage interface. Implementation: SqlReportStore (SQLite, the
// embedded default, or PostgreSQL).
// Writes are asynchronous: `done` runs on a store thread once the write is
// durable on disk (or failed), so callers must hand the result back to their
// own executor. Reads are synchronous and safe to call from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/records.h"

namespace portsafe::store {

using WriteDone = std::function<void(Status)>;

class Store {
 public:
  virtual ~Store() = default;

  // Inserts a report and its files in one transaction: all or nothing.
  // kUnavailable when the write queue is full (back-pressure).
  virtual void CreateReport(ReportRow report, std::vector<FileRow> files, WriteDone done) = 0;
  // Appends a message; the store assigns the next seq for that report.
  // kInvalidArgument, and nothing written, when a reporter's message would
  // pass limits::kReporterMessagesPerReport or, with the reporter's other
  // messages, limits::kReporterMessageBytesPerReport stored bytes.
  virtual void AppendMessage(MessageRow message, WriteDone done) = 0;
  // Adds files to an existing report in one transaction; kInvalidArgument
  // when the report would then hold more than `max_files_per_report` files.
  virtual void AddFiles(std::string report_id, std::vector<FileRow> files,
                        size_t max_files_per_report, WriteDone done) = 0;

  // kNotFound when no report has this lookup id.
  virtual Result<ReportRow> FindReportByLookup(const std::string& lookup_id) = 0;
  virtual Result<std::vector<MessageRow>> ListMessages(const std::string& report_id) = 0;
  // Files of a report in seq order; `with_content` false leaves content empty.
  virtual Result<std::vector<FileRow>> ListFiles(const std::string& report_id,
                                                 bool with_content) = 0;
  virtual Result<std::int64_t> CountReports() = 0;

  // Directory data, written at init and read at start-up.
  virtual Status PutPorts(const std::vector<PortRow>& ports) = 0;
  virtual Result<std::vector<PortRow>> LoadPorts() = 0;
  virtual Status PutFacility(const Facility& facility) = 0;
  virtual Result<std::optional<Facility>> FindFacility(const std::string& code) = 0;
};

}  // namespace portsafe::store
