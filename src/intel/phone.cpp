#include "intel/phone.h"

#include "intel/scan.h"

namespace portsafe::intel {
namespace {

using scan::IsDigit;

// Whether the national significant number (without the leading 0) fits the
// UK numbering plan.
bool PlanValid(std::string_view nsn) {
  if (nsn.size() != 9 && nsn.size() != 10) return false;
  switch (nsn[0]) {
    case '1':
      return true;  // geographic: 10 digits, 9 in a few small areas
    case '2':
    case '3':
    case '5':
    case '7':
    case '9':
      return nsn.size() == 10;
    case '8':
      return nsn.size() == 10 || nsn.substr(0, 3) == "800";
    default:
      return false;  // 04 and 06 are not in use
  }
}

}  // namespace

bool MatchPhone(std::string_view t, size_t pos, Identifier* m) {
  size_t i = pos;
  bool international = false;
  bool open_paren = false;
  if (t[i] == '+') {
    if (t.substr(i, 3) != "+44") return false;
    i += 3;
    international = true;
  } else if (t.substr(i, 4) == "0044") {
    i += 4;
    international = true;
  } else if (t[i] == '(') {
    if (i + 1 >= t.size() || t[i + 1] != '0') return false;
    open_paren = true;
    ++i;
  }
  if (international) {
    // An optional separator, then an optional "(0)" trunk prefix.
    if (i < t.size() && t[i] == ' ') ++i;
    if (t.substr(i, 3) == "(0)") {
      i += 3;
      if (i < t.size() && t[i] == ' ') ++i;
    }
    if (i >= t.size() || !IsDigit(t[i]) || t[i] == '0') return false;
  } else if (i >= t.size() || t[i] != '0') {
    return false;
  } else {
    ++i;  // the trunk 0
    if (i >= t.size() || !IsDigit(t[i]) || t[i] == '0') return false;
  }
  // Digit groups, each after the first behind one space or hyphen (or the
  // closing bracket of an area code written "(020) "). A group that would
  // take the number past 10 digits is not part of it ("07700 900123 2 times").
  std::string nsn;
  size_t end = i;
  for (;;) {
    size_t g = 0;
    while (i + g < t.size() && IsDigit(t[i + g])) ++g;
    if (nsn.size() + g > 10) {
      if (nsn.empty()) return false;  // one run of too many digits
      break;
    }
    nsn.append(t.substr(i, g));
    i += g;
    end = i;
    size_t skip = 0;
    if (open_paren && i < t.size() && t[i] == ')') {
      open_paren = false;
      skip = i + 1 < t.size() && t[i + 1] == ' ' ? 2 : 1;
    } else if (i < t.size() && (t[i] == ' ' || t[i] == '-')) {
      skip = 1;
    }
    if (skip == 0 || i + skip >= t.size() || !IsDigit(t[i + skip])) break;
    i += skip;
  }
  if (open_paren || nsn.size() < 9 || !scan::BoundaryAt(t, end)) return false;
  *m = {Kind::kPhone, pos, end, "+44" + nsn, PlanValid(nsn)};
  return true;
}

std::string_view PhoneType(std::string_view e164) {
  if (e164.size() < 5 || e164.substr(0, 3) != "+44") return "unknown";
  std::string_view n = e164.substr(3);
  switch (n[0]) {
    case '1':
    case '2':
      return "geographic";
    case '3':
      return "non_geographic";
    case '5':
      return "non_geographic";
    case '7':
      if (n[1] == '0') return "personal";
      if (n[1] == '6' && n.substr(0, 4) != "7624") return "pager";
      return "mobile";
    case '8':
      return n.substr(0, 2) == "80" ? "freephone" : "non_geographic";
    case '9':
      return "premium_rate";
    default:
      return "unknown";
  }
}

}  // namespace portsafe::intel
