#include "core/alert.h"

#include <algorithm>

#include "core/handling.h"
#include "core/text.h"

namespace portsafe::core {
namespace {

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Case-insensitive membership, for names people type ("Thames Freeport").
bool ContainsName(const std::vector<std::string>& v, std::string_view s) {
  const std::string want = text::Lower(s);
  for (const auto& x : v) {
    if (text::Lower(x) == want) return true;
  }
  return false;
}

// Text a person may read: valid UTF-8, no control characters (a line break
// only where `lines`).
bool Readable(std::string_view s, bool lines) {
  if (!text::IsValidUtf8(s) || text::HasControlChars(s)) return false;
  return lines || s.find_first_of("\r\n") == std::string_view::npos;
}

// Trims each value, drops empty ones and repeats; codes are upper-cased.
void Tidy(std::vector<std::string>* v, bool code) {
  std::vector<std::string> out;
  for (const auto& x : *v) {
    std::string t(text::Trim(x));
    if (code) t = text::Upper(t);
    if (!t.empty() && !Contains(out, t)) out.push_back(std::move(t));
  }
  *v = std::move(out);
}

// The spelling the port groups use for `name` (either field), or "".
std::string GroupName(const std::vector<PortGroup>& groups, std::string_view name, bool freeport) {
  const std::string want = text::Lower(name);
  for (const auto& g : groups) {
    const std::string& n = freeport ? g.freeport : g.operator_group;
    if (!n.empty() && text::Lower(n) == want) return n;
  }
  return "";
}

}  // namespace

std::string_view ToString(Tlp t) {
  switch (t) {
    case Tlp::kClear:
      return "CLEAR";
    case Tlp::kGreen:
      return "GREEN";
    case Tlp::kAmber:
      return "AMBER";
    case Tlp::kAmberStrict:
      return "AMBER+STRICT";
  }
  return "AMBER+STRICT";
}

std::optional<Tlp> ParseTlp(std::string_view s) {
  std::string u = text::Upper(text::Trim(s));
  if (u.rfind("TLP:", 0) == 0) u = u.substr(4);
  for (Tlp t : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict}) {
    if (u == ToString(t)) return t;
  }
  return std::nullopt;
}

std::optional<Tlp> TlpFromInt(long long v) {
  if (v < 0 || v > 3) return std::nullopt;
  return static_cast<Tlp>(v);
}

std::string_view TlpMeaning(Tlp t) {
  switch (t) {
    case Tlp::kClear:
      return "No limit on who may be told.";
    case Tlp::kGreen:
      return "You may share it within your community, not publicly.";
    case Tlp::kAmber:
      return "Share it only within your organisation and with its clients who need to know.";
    case Tlp::kAmberStrict:
      return "Share it only within your organisation, with those who need to know.";
  }
  return "";
}

std::string_view ToString(AlertStatus s) {
  return s == AlertStatus::kApproved ? "approved" : "awaiting_approval";
}

std::optional<AlertStatus> AlertStatusFromInt(long long v) {
  if (v == 0) return AlertStatus::kAwaitingApproval;
  if (v == 1) return AlertStatus::kApproved;
  return std::nullopt;
}

bool Targets(const AlertTargets& a, const TargetFacility& f, const std::vector<PortGroup>& groups) {
  if (Contains(a.facilities, f.code) || Contains(a.ports, f.port_code)) return true;
  if (!f.operator_group.empty() && ContainsName(a.operators, f.operator_group)) return true;
  for (const auto& g : groups) {
    if (g.code != f.port_code) continue;
    if (!g.freeport.empty() && ContainsName(a.freeports, g.freeport)) return true;
    if (!g.operator_group.empty() && ContainsName(a.operators, g.operator_group)) return true;
  }
  return false;
}

std::string NormaliseAlert(AlertContent* a, std::string_view today, const PortDirectory& ports,
                           const std::vector<PortGroup>& groups,
                           const std::vector<std::string>& facility_codes, std::string* why) {
  a->title = std::string(text::Trim(a->title));
  a->text = std::string(text::Trim(a->text));
  Tidy(&a->look_for, false);
  Tidy(&a->targets.ports, true);
  Tidy(&a->targets.facilities, true);
  Tidy(&a->targets.freeports, false);
  Tidy(&a->targets.operators, false);
  a->expires_on = std::string(text::Trim(a->expires_on));
  if (a->title.empty() || a->title.size() > kMaxAlertTitle || !Readable(a->title, false)) {
    *why = "A title is needed: one line of at most 150 characters.";
    return "title";
  }
  if (a->text.empty() || a->text.size() > kMaxAlertText || !Readable(a->text, true)) {
    *why = "The text is needed, at most 4,000 characters.";
    return "text";
  }
  if (a->look_for.size() > kMaxAlertLookFor) {
    *why = "At most 12 things to look for.";
    return "look_for";
  }
  for (const auto& l : a->look_for) {
    if (l.size() > kMaxAlertLookForLine || !Readable(l, false)) {
      *why = "Each thing to look for is one line of at most 200 characters.";
      return "look_for";
    }
  }
  if (a->targets.empty()) {
    *why = "Choose who it is for: at least one port, freeport, operator or facility.";
    return "targets";
  }
  const size_t n = a->targets.ports.size() + a->targets.freeports.size() +
                   a->targets.operators.size() + a->targets.facilities.size();
  if (n > kMaxAlertTargets) {
    *why = "At most 200 targets.";
    return "targets";
  }
  for (const auto& p : a->targets.ports) {
    if (ports.Find(p) == nullptr) {
      *why = "\"" + p + "\" is not a port in the directory.";
      return "targets";
    }
  }
  for (auto& f : a->targets.freeports) {
    std::string known = GroupName(groups, f, true);
    if (known.empty()) {
      *why = "\"" + f + "\" is not a freeport this service knows.";
      return "targets";
    }
    f = known;
  }
  for (auto& o : a->targets.operators) {
    std::string known = GroupName(groups, o, false);
    if (known.empty()) {
      *why = "\"" + o + "\" is not an operator group this service knows.";
      return "targets";
    }
    o = known;
  }
  for (const auto& f : a->targets.facilities) {
    if (!Contains(facility_codes, f)) {
      *why = "\"" + f + "\" is not a member facility.";
      return "targets";
    }
  }
  const auto days = IsDate(a->expires_on) ? DaysBetween(today, a->expires_on) : std::nullopt;
  if (!days || *days < 0 || *days > kMaxAlertDays) {
    *why = "The expiry is a date (YYYY-MM-DD) from today to a year ahead.";
    return "expires_on";
  }
  if (a->public_site && a->tlp != Tlp::kClear) {
    *why = "Only a TLP:CLEAR alert can go on the public site.";
    return "public_site";
  }
  return "";
}

}  // namespace portsafe::core
