// SqlLinkStore: the LinkStore over the shared SqlDatabase (sql_database.h).
// The link index: pending reports, sealed entries and postings, rebuilds.
// Where its rows are written: sql_link_store.cpp. Thread-safe; `db` is borrowed
// and must outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/link_store.h"
#include "store/sql_database.h"

namespace portsafe::store {

class SqlLinkStore final : public LinkStore {
 public:
  explicit SqlLinkStore(SqlDatabase* db) : db_(db) {}

  Result<std::vector<std::string>> ListLinkPending(size_t limit) override;
  Result<std::int64_t> CountLinkPending() override;
  Result<std::vector<LinkEntriesRow>> ListLinkGarbage(size_t limit) override;
  Result<std::vector<LinkEntriesRow>> ListLinkEntries(const std::string& after,
                                                      size_t limit) override;
  Result<std::optional<std::string>> FindLinkEntries(const std::string& report_id) override;
  Result<std::vector<IndexSource>> ListIndexSources(const std::string& after,
                                                    size_t limit) override;
  Result<std::vector<std::string>> ListLinkRefs(const std::string& term, size_t limit) override;
  Status PutLinkIndex(std::vector<LinkUpdate> updates) override;
  Status ClearLinkIndex() override;
  Status PutLinkEntries(std::vector<LinkEntriesRow> rows) override;
  Status PutLinkPostings(std::vector<std::vector<LinkPosting>> runs) override;
  Status FinishLinkRebuild() override;
  Result<std::int64_t> LinkIndexVersion() override;
  Status ResetLinkIndex(std::int64_t version) override;

 private:
  SqlDatabase* db_;
};

}  // namespace portsafe::store
