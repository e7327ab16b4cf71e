// Rows as the store keeps them. Only the fields marked "clear" are readable
// without keys (see docs/security.md, "What is stored in clear"); every other
// byte string is ciphertext produced by crypto/report_cipher.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/handling.h"
#include "core/report_status.h"

namespace portsafe::store {

struct FileRow {
  std::string report_id;
  std::int64_t seq = 0;     // assigned by the store
  std::string wrapped_key;  // file key sealed with the content key
  std::string sealed_meta;  // name, type, size, whether re-encoded: sealed
  std::string content;      // secretstream ciphertext
};

struct MessageRow {
  std::string report_id;
  std::int64_t seq = 0;  // assigned by the store, 1-based
  std::string author;    // clear: "reporter" or "service"
  std::string sent_on;   // clear: date only, YYYY-MM-DD
  std::string body;      // sealed with the content key
};

struct ReportRow {
  std::string id;                                        // clear: 32 random hex digits
  std::string lookup_id;                                 // keyed hash of the receipt (32 bytes)
  std::string port_code;                                 // clear
  std::string facility_code;                             // clear, may be empty
  std::string category;                                  // clear
  core::ReportStatus status = core::ReportStatus::kNew;  // clear, by name
  core::Priority priority = core::Priority::kNormal;     // clear, as a number
  std::string received_on;                               // clear: date only, YYYY-MM-DD
  std::string sealed_key;           // content key sealed to the service public key
  std::string receipt_wrapped_key;  // content key wrapped under the receipt key
  std::string body;                 // report fields, sealed with the content key
};

// A member facility (clear: the public directory of members).
struct Facility {
  std::string code;       // e.g. "GBFXT-TRINITY"
  std::string port_code;  // e.g. "GBFXT"
  std::string name;
  std::string operator_group;     // e.g. "Hutchison Ports", or ""
  std::string status = "active";  // "active" or "suspended": reports through its link are
                                  // then kept for the port only, its managers see nothing
  std::string joined_on;          // YYYY-MM-DD
};

// A facility's application to join (/join), and the programme admin's
// decision. Staff data, never a reporter's.
struct ApplicationRow {
  std::string id;  // 16 random hex digits
  std::string operator_group;
  std::string port_code;
  std::string facility_name;
  std::string email;  // the security officer's work address, lower case
  std::int64_t staff_count = 0;
  std::string submitted_on;        // YYYY-MM-DD
  std::string status = "pending";  // "pending", "approved" or "declined"
  std::string decided_on;
  std::string reason;         // why declined (shown to nobody but admins)
  std::string facility_code;  // set on approval
};

// A one-time link to set up a staff account. Only a hash of the token is kept.
struct InvitationRow {
  std::string token_hash;  // BLAKE2b-256 of the token
  std::string email;
  std::string role;
  std::string facility_code;
  std::string agency_code;
  std::int64_t expires_at = 0;  // unix seconds
};

// A count to add to the figures in the same transaction as the event that
// causes it. The facility and port are those of `report_id`.
struct TallyDelta {
  std::string metric;  // "reports", "insider", "disseminations", "outcomes"
  std::string month;   // YYYY-MM
  std::string key;     // category, insider type, agency kind or outcome
  std::int64_t delta = 1;
};

// One cell of the figures: counts by metric, facility, port, month and key,
// kept apart from the reports so they outlive the retention purge.
// One published month of figures, as service::EncodeMonth made it.
struct FigureMonthRow {
  std::string month;  // YYYY-MM
  std::string body;
};

struct TallyRow {
  std::string metric;
  std::string facility_code;  // "" when the report came through no facility
  std::string port_code;
  std::string month;
  std::string key;
  std::int64_t count = 0;
};

// A newsletter the programme admin sent to member security officers.
struct NewsletterRow {
  std::string id;
  std::string subject;
  std::string markdown;
  std::string sent_on;
  std::int64_t recipients = 0;
};

struct PortRow {
  std::string code, name, subdivision, status;
};

// A staff account. Nothing here opens anything without the user's password.
// The two kinds of attempt at an account, each with its own failure count
// and lock (StaffStore::RecordLoginFailure).
enum class Attempt { kSignIn, kRecovery };

struct UserRow {
  std::string id;             // 16 random hex digits
  std::string email;          // lower case, unique
  std::string role;           // core::Role name
  std::string agency_code;    // agency officers only
  std::string facility_code;  // port security managers only
  std::string created_on;     // YYYY-MM-DD
  // crypto::WrappedUserKey, field by field.
  std::string pw_salt;
  std::int64_t pw_ops = 0;
  std::int64_t pw_mem = 0;
  std::string pw_verifier;
  std::string public_key;
  std::string wrapped_by_password;
  std::string wrapped_by_recovery;
  std::string totp_sealed;  // TOTP secret sealed under a key derived from instance.key
  // Login throttling and TOTP replay protection.
  std::int64_t failed_logins = 0;
  std::int64_t locked_until = 0;  // unix seconds; 0 when not locked
  std::int64_t totp_last_step = 0;
  // Password resets with the recovery code, counted apart from sign-ins
  // (store::Attempt): guessing at one never locks the other.
  std::int64_t recovery_failures = 0;
  std::int64_t recovery_locked_until = 0;
  // A MAC of what decides where keys go and what the account may do (id,
  // e-mail, role, agency, facility, public key, disabled) under a key the database
  // does not hold (service::RowSeal); "" before it was sealed.
  std::string row_mac;
  bool disabled = false;
  // The password was set by the operator (`portsafe user add`): the holder
  // must choose their own at first sign-in before anything else.
  bool must_change_password = false;
};

// A private key (the service's, or an agency's) sealed to one user's public key.
struct KeyGrantRow {
  std::string user_id;
  std::string key_name;  // "service" or "agency:<CODE>"
  std::string sealed;    // crypto_box_seal(user public key, private key)
};

// A key pair taken out of use by a rotation (portsafe keys rotate): its
// private key sealed to the key that replaced it, so that whoever holds the
// current key still opens what was sealed to the old one, and nobody else.
struct RetiredKeyRow {
  std::string key_name;        // as KeyGrantRow::key_name
  std::string public_key;      // the retired public key
  std::string sealed_private;  // its private key, sealed to the current key
};

struct AgencyRow {
  std::string code;  // e.g. "KENT-POLICE"
  std::string name;
  std::string kind;        // police, maritime, border_force, nca, hmrc, ct_policing
  std::string public_key;  // packages are sealed to it
  std::string ports;       // port codes it covers, space-separated ("" = everywhere)
  std::string row_mac;     // code, name, kind, key and ports, as for UserRow::row_mac
};

// One audit entry: `entry` is JSON without report content; `mac` chains it
// to the one before (service/audit_log.h).
struct AuditRow {
  std::int64_t seq = 0;
  std::string entry;
  std::string mac;
  // The entry's target, in a column of its own so that one report's
  // history is read without the whole log. Outside the MAC: `audit verify`
  // checks the entries, which name the target too.
  std::string target;
};

// What the queue shows of a report, and the handling state kept beside it.
// Clear: everything but `sealed`, which holds the grade, insider type,
// closing reason and notes, sealed with the report's content key.
struct HandlingRow {
  std::string report_id;
  core::ReportStatus status = core::ReportStatus::kNew;  // clear, mirrors reports.status
  core::Priority priority = core::Priority::kNormal;     // clear, mirrors reports.priority
  std::string category;                                  // clear, mirrors reports.category
  std::string port_code;
  std::string facility_code;
  std::string received_on;
  std::string assigned_to;      // user id, or ""
  std::string acknowledged_on;  // first answer to the reporter, or ""
  std::string feedback_on;      // feedback given to the reporter, or ""
  std::string closed_on;
  std::string last_message_by;  // author of the newest message ("reporter", "service" or "")
  bool agency_waiting = false;  // an agency's question on a package is unanswered (read only)
  std::string sealed;           // empty until first saved
  // Optimistic concurrency: each handling action reads the row, changes it
  // and saves it; the save is refused (kAlreadyExists, "reload it") when
  // another action saved the row in between. Services do not pass it out.
  std::int64_t version = 0;
  // Write only: figures the store cannot see change with this save (the
  // insider type is sealed). Category changes are counted by the store.
  std::vector<TallyDelta> tallies;
};

// One page of the queue as the store reads it (StaffStore::ListQueuePage):
// the reports of one status, at one priority when set, after the row
// (after_received_on, after_id), by receipt date and then id. Keyset paging:
// each page is an index range, whatever page it is.
struct QueuePageQuery {
  core::ReportStatus status = core::ReportStatus::kNew;
  std::optional<core::Priority> priority;
  std::string after_received_on;  // "" with after_id "": from the start
  std::string after_id;
  size_t limit = 50;
};

// A sanitised intelligence package sent to one agency. `sealed` is the
// package sealed to the agency's public key; outcome details are sealed to
// the agency and, separately, to the service. The clear columns are what the
// inbox and the figures need.
// A cleaned file of the report sent with a package: its key and metadata
// sealed to the agency; the file's bytes stay in `files` (report_id, seq).
struct PackageFileRow {
  std::string package_id;
  std::int64_t seq = 0;  // the file's seq in its report
  std::string sealed;    // service::SealForPackage(..., "file", ...)
  std::string content;   // the file's ciphertext: FindPackageFile only
};

struct PackageRow {
  std::string id;
  std::string report_id;
  std::string agency_code;
  std::string sent_on;          // YYYY-MM-DD
  std::string acknowledged_on;  // or ""
  std::string outcome;          // core::kOutcomes name, or "" while none
  std::string seizure_type;     // core::kSeizureTypes name when outcome is "seizure"
  std::string outcome_on;       // or ""
  std::string sealed;
  std::string outcome_for_agency;
  std::string outcome_for_service;
  std::string last_message_by;        // "agency", "service" or "" (read only)
  std::vector<PackageFileRow> files;  // written by Disseminate; not read back here
};

// How many packages ended with one outcome (and seizure type).
struct OutcomeCountRow {
  std::string outcome;
  std::string seizure_type;  // "" unless a seizure
  std::string month;         // YYYY-MM of outcome_on
  std::int64_t count = 0;
};

// A question from an agency or the service's answer, about one package,
// sealed to the agency and to the service.
struct PackageMessageRow {
  std::string package_id;
  std::int64_t seq = 0;  // assigned by the store
  std::string author;    // "agency" or "service"
  std::string sent_on;
  std::string for_agency;
  std::string for_service;
};

}  // namespace portsafe::store
