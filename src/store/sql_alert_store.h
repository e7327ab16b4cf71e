// SqlAlertStore: the AlertStore over the shared SqlDatabase (sql_database.h).
// Where an alert's row is written: sql_alert_store.cpp. Thread-safe; `db` is
// borrowed and must outlive it.
#pragma once

#include <string>
#include <vector>

#include "store/alert_store.h"
#include "store/sql_database.h"

namespace portsafe::store {

class SqlAlertStore final : public AlertStore {
 public:
  explicit SqlAlertStore(SqlDatabase* db) : db_(db) {}

  Status PutAlert(const AlertRow& row) override;
  Result<AlertRow> FindAlert(const std::string& id) override;
  Result<std::vector<AlertRow>> ListAlerts(const std::string& live_on) override;
  Status ApproveAlert(const std::string& id, const std::string& by, const std::string& on) override;
  Status PutAlertAck(const AlertAckRow& row) override;
  Result<std::vector<AlertAckRow>> ListAlertAcks(const std::string& alert_id) override;

 private:
  SqlDatabase* db_;
};

}  // namespace portsafe::store
