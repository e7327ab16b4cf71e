// The tamper-evident audit log of staff reads and actions.
//
// Each entry is a small JSON object: sequence number, date, the staff
// member's id and role, the action and its target (a report id, a user id,
// an agency code). It never holds report content or anything about a
// reporter. Each entry's MAC is a keyed BLAKE2b of the previous MAC and the
// entry, under a key derived from instance.key (not in the database), so
// changing, removing or reordering any entry breaks every MAC after it, and
// a copy of the database alone cannot forge a new chain.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/sodium.h"
#include "store/staff_store.h"

namespace portsafe::service {

struct AuditEvent {
  std::string actor_id;    // user id; "cli" for the command line
  std::string actor_role;  // core::Role name or "operator"
  std::string action;      // e.g. "report.read", "login.failed"
  std::string target;      // report id, user id, agency code or ""
};

class AuditLog {
 public:
  // `store` and `clock` must outlive this. Precondition: instance_secret
  // has 32 bytes.
  AuditLog(store::StaffStore* store, const crypto::SecretBytes& instance_secret,
           const Clock* clock);

  // Appends one entry, dated today (UTC). kUnavailable when it cannot be
  // written; callers refuse the action then, so nothing goes unlogged.
  Status Append(const AuditEvent& event);

  struct Verdict {
    std::int64_t entries = 0;
    std::optional<std::int64_t> first_bad;  // sequence number of the first tampered entry
  };
  // Checks the whole chain.
  Result<Verdict> Verify();

  // The entries whose target is `target`, oldest first, parsed (a report's
  // history).
  struct Entry {
    std::int64_t seq = 0;
    std::string on;
    AuditEvent event;
  };
  // At most the newest kMaxHistory, oldest first: a report's page stays
  // the same size however often it is read.
  static constexpr size_t kMaxHistory = 500;
  Result<std::vector<Entry>> EntriesFor(std::string_view target);

 private:
  std::string Mac(std::string_view prev_mac, std::string_view entry) const;

  store::StaffStore* store_;
  crypto::SecretBytes key_;
  const Clock* clock_;
};

}  // namespace portsafe::service
