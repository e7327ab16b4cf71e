// Alerts back to the ports: a short "watch for this" that the service sends
// to the security managers of member facilities. A handler drafts one (title,
// text, what to look for, a TLP 2.0 marking, targets and an expiry); a second
// person, a supervisor, approves it; the targeted facilities' managers see it
// on their facility page and acknowledge it. TLP:CLEAR alerts may also go on
// the public site. The rules here are pure (no I/O; thread-safe); the flow is
// service::AlertService (service/alert_service.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/port_directory.h"

namespace portsafe::core {

// The Traffic Light Protocol 2.0 (FIRST): who the recipient may tell.
enum class Tlp {
  kClear = 0,        // no limit: may go on the public site
  kGreen = 1,        // the recipient's community
  kAmber = 2,        // the recipient's organisation and its clients, need to know
  kAmberStrict = 3,  // the recipient's organisation only
};
// "CLEAR", "GREEN", "AMBER", "AMBER+STRICT".
std::string_view ToString(Tlp t);
// Accepts those names in any case, with or without "TLP:".
std::optional<Tlp> ParseTlp(std::string_view s);
std::optional<Tlp> TlpFromInt(long long v);
// What the marking asks of a reader, one sentence in English.
std::string_view TlpMeaning(Tlp t);

enum class AlertStatus {
  kAwaitingApproval = 0,
  kApproved = 1,
};
// "awaiting_approval", "approved".
std::string_view ToString(AlertStatus s);
std::optional<AlertStatus> AlertStatusFromInt(long long v);

// Who an alert is for. A facility is targeted when its code is in
// `facilities`, its port in `ports`, or its port's freeport or operator
// group (assets/data/major-ports.csv) in `freeports` or `operators`.
struct AlertTargets {
  std::vector<std::string> ports;       // UN/LOCODEs
  std::vector<std::string> freeports;   // freeport names, as the port groups name them
  std::vector<std::string> operators;   // operator groups, as the port groups name them
  std::vector<std::string> facilities;  // facility codes
  bool empty() const {
    return ports.empty() && freeports.empty() && operators.empty() && facilities.empty();
  }
};

struct AlertContent {
  std::string title;
  std::string text;
  std::vector<std::string> look_for;  // "what to look for", one line each; may be empty
  Tlp tlp = Tlp::kAmber;
  AlertTargets targets;
  std::string expires_on;    // YYYY-MM-DD: shown until the end of that day (UTC)
  bool public_site = false;  // TLP:CLEAR only: also on the public site
  std::string from_package;  // the package whose officer asked for it, or ""
  // The identifying-content check's warnings the drafter looked at and kept
  // ("kind: excerpt" each), for the supervisor who approves.
  std::vector<std::string> waived;
};

inline constexpr size_t kMaxAlertTitle = 150;
inline constexpr size_t kMaxAlertText = 4000;
inline constexpr size_t kMaxAlertLookFor = 12;
inline constexpr size_t kMaxAlertLookForLine = 200;
inline constexpr size_t kMaxAlertTargets = 200;
inline constexpr int kMaxAlertDays = 366;

// What a facility is, for targeting.
struct TargetFacility {
  std::string code;
  std::string port_code;
  std::string operator_group;  // the facility's own, or ""
};

// Whether `alert` targets `f`; `groups` gives ports their freeport and
// operator group.
bool Targets(const AlertTargets& alert, const TargetFacility& f,
             const std::vector<PortGroup>& groups);

// Trims the content (title and look-for lines to one line each, targets
// upper-cased where they are codes, empty lines and duplicates dropped) and
// checks it. Returns "" when it is fine, else the field at fault ("title",
// "text", "look_for", "tlp", "targets", "expires_on", "public_site") and
// sets `*why` to what is wrong, for people. `today` is YYYY-MM-DD (UTC).
// `facility_codes` are the member facilities' codes.
std::string NormaliseAlert(AlertContent* a, std::string_view today, const PortDirectory& ports,
                           const std::vector<PortGroup>& groups,
                           const std::vector<std::string>& facility_codes, std::string* why);

// Whether an approved alert is still shown on `today` (YYYY-MM-DD).
inline bool AlertLive(std::string_view expires_on, std::string_view today) {
  return expires_on >= today;
}

}  // namespace portsafe::core
