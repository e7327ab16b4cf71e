// SqlClusterStore: the ClusterStore over the shared SqlDatabase (sql_database.h).
// What the nodes of one database share: staff sessions and job leases.
// Where its rows are written: sql_cluster_store.cpp. Thread-safe; `db` is borrowed
// and must outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/cluster_store.h"
#include "store/sql_database.h"

namespace portsafe::store {

class SqlClusterStore final : public ClusterStore {
 public:
  explicit SqlClusterStore(SqlDatabase* db) : db_(db) {}

  Status PutSession(const SessionRow& row) override;
  Result<std::optional<SessionRow>> FindSession(const std::string& token_hash) override;
  Result<std::vector<SessionRow>> ListUserSessions(const std::string& user_id) override;
  Status TouchSession(const std::string& token_hash, std::int64_t last_seen) override;
  Status ResealSession(const std::string& token_hash, const std::string& sealed) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteUserSessions(const std::string& user_id,
                            const std::string& keep_token_hash) override;
  Result<std::int64_t> DeleteExpiredSessions(std::int64_t idle_before,
                                             std::int64_t created_before) override;
  Result<Lease> TakeLease(const std::string& job, const std::string& holder,
                          std::int64_t stale_beat) override;
  Status FinishLease(const std::string& job, const std::string& holder,
                     const std::string& last_done) override;

 private:
  SqlDatabase* db_;
};

}  // namespace portsafe::store
