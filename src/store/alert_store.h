// Storage for alerts back to the ports (core/alert.h): one row per alert,
// its content sealed by the alert service (service/alert_service_impl.h),
// and one row per manager who acknowledged it. Implemented by
// SqlAlertStore (sql_alert_store.cpp); tests use MockAlertStore
// (tests/store/mock_alert_store.h). Writes wait for the commit; reads are
// safe from any thread. Nothing here is a reporter's: the clear columns are
// staff ids, dates and the marking.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/alert.h"

namespace portsafe::store {

struct AlertRow {
  std::string id;  // 16 random hex digits
  core::AlertStatus status = core::AlertStatus::kAwaitingApproval;
  core::Tlp tlp = core::Tlp::kAmber;  // clear: the public site lists CLEAR ones
  bool public_site = false;           // clear, for the same reason
  std::string drafted_by;             // staff user id
  std::string drafted_on;             // YYYY-MM-DD
  std::string approved_by;            // "" while awaiting approval
  std::string approved_on;
  std::string expires_on;  // clear: what is live is chosen by it
  std::string sealed;      // the content, AEAD-sealed (never read here)
};

struct AlertAckRow {
  std::string alert_id;
  std::string facility_code;
  std::string user_id;
  std::string acknowledged_on;  // YYYY-MM-DD
};

// At most this many alerts are kept listed: enough for years of the
// scheme's alerts, and a bound on what a page reads.
inline constexpr std::int64_t kMaxAlertsListed = 1000;

class AlertStore {
 public:
  virtual ~AlertStore() = default;

  // kAlreadyExists when the id is taken.
  virtual Status PutAlert(const AlertRow& row) = 0;
  // kNotFound for an unknown id.
  virtual Result<AlertRow> FindAlert(const std::string& id) = 0;
  // Newest first, at most kMaxAlertsListed; with `live_on` (YYYY-MM-DD) only
  // the approved ones not expired on that day.
  virtual Result<std::vector<AlertRow>> ListAlerts(const std::string& live_on = "") = 0;
  // Approves an alert awaiting approval; kNotFound for an unknown id,
  // kAlreadyExists when it was approved already (someone was quicker).
  virtual Status ApproveAlert(const std::string& id, const std::string& by,
                              const std::string& on) = 0;
  // Records an acknowledgement; a second one by the same person keeps the
  // first date.
  virtual Status PutAlertAck(const AlertAckRow& row) = 0;
  // The acknowledgements of `alert_id`, oldest first.
  virtual Result<std::vector<AlertAckRow>> ListAlertAcks(const std::string& alert_id) = 0;
};

}  // namespace portsafe::store
