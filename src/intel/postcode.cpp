#include "intel/postcode.h"

#include <bitset>
#include <cstring>

#include "intel/scan.h"

namespace portsafe::intel {
namespace {

using scan::IsAlpha;
using scan::IsDigit;
using scan::Up;

// The postcode areas in use.
constexpr const char* kAreas[] = {
    "AB", "AL", "B",  "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E",
    "EC", "EH", "EN", "EX", "FK", "FY", "G",  "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS",
    "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L",  "LA", "LD", "LE", "LL",
    "LN", "LS", "LU", "M",  "ME", "MK", "ML", "N",  "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX",
    "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S",  "SA", "SE", "SG", "SK", "SL", "SM",
    "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "W",  "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE"};

// The areas as a bitmap: index 26 * 26 + letter for one-letter areas,
// 26 * first + second for two.
const std::bitset<26 * 27> kAreaSet = [] {
  std::bitset<26 * 27> b;
  for (const char* a : kAreas) {
    b.set(a[1] == '\0' ? 26 * 26 + (a[0] - 'A') : 26 * (a[0] - 'A') + (a[1] - 'A'));
  }
  return b;
}();

// `a` is one or two capital letters.
bool IsArea(std::string_view a) {
  return a.size() == 1 ? kAreaSet.test(26 * 26 + (a[0] - 'A'))
                       : kAreaSet.test(26 * (a[0] - 'A') + (a[1] - 'A'));
}

bool InPostcodeSet(const char* set, char c) { return std::strchr(set, c) != nullptr; }

}  // namespace

bool MatchPostcode(std::string_view t, size_t pos, Identifier* m) {
  const size_t area_len = scan::Letters(t, pos, 3);
  if (area_len == 0 || area_len > 3) return false;
  std::string out;
  for (size_t k = 0; k < area_len; ++k) out.push_back(Up(t[pos + k]));
  size_t i = pos + area_len;
  if (out == "GIR") {
    // Girobank's postcode, the one exception to the format.
    size_t j = i + scan::Sep(t, i);
    if (j + 3 <= t.size() && t[j] == '0' && Up(t[j + 1]) == 'A' && Up(t[j + 2]) == 'A' &&
        scan::BoundaryAt(t, j + 3)) {
      *m = {Kind::kPostcodeGb, pos, j + 3, "GIR 0AA", true};
      return true;
    }
    return false;
  }
  if (area_len > 2 || !IsArea(out)) return false;
  // District: one or two digits, or a digit and a letter.
  if (i >= t.size() || !IsDigit(t[i])) return false;
  out.push_back(t[i++]);
  const size_t district_end_min = i;
  bool district_letter = false;
  if (i < t.size() && IsDigit(t[i])) {
    out.push_back(t[i++]);
  } else if (i < t.size() && IsAlpha(t[i])) {
    out.push_back(Up(t[i++]));
    district_letter = true;
  }
  // The inward code: a digit and two letters, after at most one space.
  auto inward_at = [&](size_t j) -> size_t {
    if (j < t.size() && t[j] == ' ') ++j;
    if (j + 3 > t.size() || !IsDigit(t[j]) || !IsAlpha(t[j + 1]) || !IsAlpha(t[j + 2]) ||
        !scan::BoundaryAt(t, j + 3)) {
      return 0;
    }
    return j;
  };
  size_t j = inward_at(i);
  if (j == 0 && i > district_end_min) {
    // "M11AE": the second character may be the inward code's digit.
    if (!district_letter) {
      i = district_end_min;
      out.pop_back();
      j = inward_at(i);
    }
  }
  if (j == 0) return false;
  const std::string district = out;
  out.push_back(' ');
  out.push_back(t[j]);
  out.push_back(Up(t[j + 1]));
  out.push_back(Up(t[j + 2]));
  // Royal Mail's letter rules.
  bool valid = !InPostcodeSet("QVX", district[0]);
  const bool two_letter_area = IsAlpha(district[1]);
  if (two_letter_area && InPostcodeSet("IJZ", district[1])) valid = false;
  if (district_letter) {
    const char d = district.back();
    valid = valid && (two_letter_area ? InPostcodeSet("ABEHMNPRVWXY", d)
                                      : InPostcodeSet("ABCDEFGHJKPSTUW", d));
  }
  if (InPostcodeSet("CIKMOV", out[out.size() - 2]) || InPostcodeSet("CIKMOV", out.back()))
    valid = false;
  *m = {Kind::kPostcodeGb, pos, j + 3, std::move(out), valid};
  return true;
}

void DescribePostcode(std::string_view v, Details* out) {
  size_t letters = 0;
  while (letters < v.size() && IsAlpha(v[letters])) ++letters;
  out->emplace_back("area", std::string(v.substr(0, letters)));
  out->emplace_back("district", std::string(v.substr(0, v.find(' '))));
}

}  // namespace portsafe::intel
