// The tamper-evident audit log of staff reads and actions.
//
// Each entry is a small JSON object: sequence number, date, the staff
// member's id and role, the action and its target (a report id, a user id,
// an agency code). It never holds report content or anything about a
// reporter. Each entry's MAC is a keyed BLAKE2b of the previous MAC and the
// entry, under a key derived from instance.key (not in the database), so
// changing, removing or reordering any entry breaks every MAC after it, and
// a copy of the database alone cannot forge a new chain. Removing entries
// from the end, or the whole table, leaves a shorter chain that is still
// whole: the chain's head is therefore recorded outside the database
// (AuditWitness) every `every` entries, at least daily, and at start and
// stop, and Verify compares the chain with it.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/sodium.h"
#include "service/audit_witness.h"
#include "store/staff_store.h"

namespace portsafe::service {

struct AuditEvent {
  std::string actor_id;    // user id; "cli" for the command line
  std::string actor_role;  // core::Role name or "operator"
  std::string action;      // e.g. "report.read", "login.failed"
  std::string target;      // report id, user id, agency code or ""
};

// How often a head is recorded by default: `serve --witness-every`.
constexpr std::int64_t kWitnessEvery = 100;

struct AuditWitnessing {
  AuditWitness* witness = nullptr;     // null: no head is recorded; must outlive the log
  std::int64_t every = kWitnessEvery;  // a head each time the sequence number is a multiple
  // Told each head recorded (the services mail it to the auditor). Must not
  // block: it runs in the caller of Append.
  std::function<void(const AuditHead&)> on_recorded;
};

class AuditLog {
 public:
  // `store` and `clock` must outlive this. Precondition: instance_secret
  // has 32 bytes.
  AuditLog(store::StaffStore* store, const crypto::SecretBytes& instance_secret, const Clock* clock,
           AuditWitnessing witnessing = {});

  // Appends one entry, dated today (UTC). kUnavailable when it cannot be
  // written; callers refuse the action then, so nothing goes unlogged.
  // Records the head when the entry's number is a multiple of `every` (a
  // witness that cannot be written is logged; the entry stands).
  Status Append(const AuditEvent& event);

  // The chain's newest entry (seq 0 when the log is empty), dated today.
  Result<AuditHead> Head();
  // Records Head() in the witness. kInvalidArgument without one.
  Result<AuditHead> Witness();
  // Witness() when no head was recorded today by this log: the daily job.
  Status WitnessIfDue();

  struct Verdict {
    std::int64_t entries = 0;
    std::optional<std::int64_t> first_bad;  // sequence number of the first tampered entry
    // Against the witness's heads, when given:
    // the newest head beyond the chain's end: entries (entries, missing->seq]
    // are gone (deleted from the end, the table emptied, or an older backup
    // restored);
    std::optional<AuditHead> missing;
    // the first head whose entry the chain holds with another MAC (the
    // chain rewritten, or rolled back and written again).
    std::optional<AuditHead> differs;
    bool intact() const { return !first_bad && !missing && !differs; }
  };
  // Checks the whole chain, and that it agrees with `heads` (a witness's).
  Result<Verdict> Verify(const std::vector<AuditHead>& heads = {});

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

  void Record(const AuditHead& head);

  store::StaffStore* store_;
  crypto::SecretBytes key_;
  const Clock* clock_;
  AuditWitnessing witnessing_;
  std::mutex mu_;
  std::string witnessed_on_;  // the day this log last recorded a head
};

}  // namespace portsafe::service
