#include "intel/vehicle_marks.h"

#include <cstring>
#include <string>

#include "intel/scan.h"

namespace portsafe::intel {
namespace {

using scan::IsAlpha;
using scan::IsDigit;
using scan::IsUpper;
using scan::Up;

bool InMarkSet(const char* set, char c) { return c != '\0' && std::strchr(set, c) != nullptr; }

// Year letters of the prefix and suffix formats (I, O, Q, U and Z were not
// used), with the year each was first issued.
constexpr const char* kYearLetters = "ABCDEFGHJKLMNPRSTVWXY";
constexpr int kSuffixYear[] = {1963, 1964, 1965, 1966, 1967, 1967, 1968, 1969, 1970, 1971, 1972,
                               1973, 1974, 1975, 1976, 1977, 1978, 1979, 1980, 1981, 1982};
constexpr int kPrefixYear[] = {1983, 1984, 1985, 1986, 1987, 1988, 1989, 1990, 1991, 1992, 1993,
                               1994, 1995, 1996, 1997, 1998, 1999, 1999, 2000, 2000, 2001};

// Memory tag regions of the current format (first letter).
struct Region {
  char letter;
  const char* name;
};
constexpr Region kRegions[] = {
    {'A', "Anglia"},
    {'B', "Birmingham"},
    {'C', "Cymru"},
    {'D', "Deeside"},
    {'E', "Essex"},
    {'F', "Forest and Fens"},
    {'G', "Garden of England"},
    {'H', "Hampshire and Dorset"},
    {'K', "Milton Keynes"},
    {'L', "London"},
    {'M', "Manchester"},
    {'N', "North"},
    {'O', "Oxford"},
    {'P', "Preston"},
    {'R', "Reading"},
    {'S', "Scotland"},
    {'V', "Severn Valley"},
    {'W', "West of England"},
    {'X', "Export"},
    {'Y', "Yorkshire"},
};

const char* RegionName(char c) {
  for (const auto& r : kRegions) {
    if (r.letter == c) return r.name;
  }
  return nullptr;
}

// Northern Ireland's two-letter codes: every NI mark ends its letters with one.
constexpr const char* kNiCodes[] = {"AZ", "BZ", "CZ", "DZ", "EZ", "FZ", "GZ", "HZ", "IA", "IB",
                                    "IG", "IJ", "IL", "IW", "JI", "JZ", "KZ", "LZ", "MZ", "NZ",
                                    "OI", "PZ", "RZ", "SZ", "TZ", "UI", "UZ", "WZ", "XI", "YZ"};

bool IsNiCode(char a, char b) {
  for (const char* c : kNiCodes) {
    if (c[0] == a && c[1] == b) return true;
  }
  return false;
}

// Irish county codes, with the years they were in use.
struct County {
  std::string_view code;
  const char* name;
  int from = 1987;
  int until = 9999;
};
constexpr County kCounties[] = {
    {"C", "Cork"},
    {"CE", "Clare"},
    {"CN", "Cavan"},
    {"CW", "Carlow"},
    {"D", "Dublin"},
    {"DL", "Donegal"},
    {"G", "Galway"},
    {"KE", "Kildare"},
    {"KK", "Kilkenny"},
    {"KY", "Kerry"},
    {"L", "Limerick"},
    {"LD", "Longford"},
    {"LH", "Louth"},
    {"LK", "Limerick (county)", 1987, 2013},
    {"LM", "Leitrim"},
    {"LS", "Laois"},
    {"MH", "Meath"},
    {"MN", "Monaghan"},
    {"MO", "Mayo"},
    {"OY", "Offaly"},
    {"RN", "Roscommon"},
    {"SO", "Sligo"},
    {"T", "Tipperary", 2014},
    {"TN", "Tipperary North", 1987, 2013},
    {"TS", "Tipperary South", 1987, 2013},
    {"W", "Waterford"},
    {"WD", "Waterford (county)", 1987, 2013},
    {"WH", "Westmeath"},
    {"WW", "Wicklow"},
    {"WX", "Wexford"},
};

const County* FindCounty(std::string_view code) {
  for (const auto& c : kCounties) {
    if (code == c.code) return &c;
  }
  return nullptr;
}

int MarkNumber(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Whether the current-format age identifier `age` (two digits) had been
// issued by `today`: 02 to 50 in March of 2002 to 2050, 51 to 99 in
// September of 2001 to 2049.
bool AgeIssued(int age, const Today& today) {
  if (age == 0 || age == 1 || age == 50) return false;
  const int year = age < 50 ? 2000 + age : 2000 + age - 50;
  const int month = age < 50 ? 3 : 9;
  return today.year > year || (today.year == year && today.month >= month);
}

}  // namespace

Today TodayOf(const Clock& clock) {
  const std::string today = clock.Today();  // YYYY-MM-DD
  return {std::stoi(today.substr(0, 4)), std::stoi(today.substr(5, 2))};
}

bool MatchGbCurrent(std::string_view t, size_t pos, const Today& today, Identifier* m) {
  if (pos + 7 > t.size() || !IsAlpha(t[pos]) || !IsAlpha(t[pos + 1]) || !IsDigit(t[pos + 2]) ||
      !IsDigit(t[pos + 3])) {
    return false;
  }
  size_t i = pos + 4;
  i += scan::Sep(t, i);
  if (i + 3 > t.size() || !IsAlpha(t[i]) || !IsAlpha(t[i + 1]) || !IsAlpha(t[i + 2]) ||
      !scan::BoundaryAt(t, i + 3)) {
    return false;
  }
  std::string v = {Up(t[pos]), Up(t[pos + 1]), t[pos + 2],  t[pos + 3],
                   Up(t[i]),   Up(t[i + 1]),   Up(t[i + 2])};
  bool valid = RegionName(v[0]) != nullptr && !InMarkSet("IQZ", v[1]) &&
               AgeIssued(MarkNumber(v.substr(2, 2)), today) && !InMarkSet("IQ", v[4]) &&
               !InMarkSet("IQ", v[5]) && !InMarkSet("IQ", v[6]);
  *m = {Kind::kVrmGb, pos, i + 3, std::move(v), valid};
  return true;
}

bool MatchGbOlder(std::string_view t, size_t pos, Identifier* m) {
  const size_t letters = scan::Letters(t, pos, 3);
  if (letters == 0 || letters > 3 || !scan::AllUpper(t, pos, pos + letters)) return false;
  if (letters == 1) {
    // Prefix: A123 BCD (year letter, 1 to 999, three letters); Q for
    // vehicles of uncertain age.
    const char year = t[pos];
    size_t d = scan::Digits(t, pos + 1, 3);
    if (d == 0 || d > 3 || t[pos + 1] == '0' || (!InMarkSet(kYearLetters, year) && year != 'Q')) {
      return false;
    }
    size_t i = pos + 1 + d;
    i += scan::Sep(t, i);
    if (scan::Letters(t, i, 3) != 3 || !scan::AllUpper(t, i, i + 3) ||
        !scan::BoundaryAt(t, i + 3)) {
      return false;
    }
    for (size_t k = i; k < i + 3; ++k) {
      if (InMarkSet("IQZ", t[k])) return false;
    }
    std::string v(1, year);
    v.append(t.substr(pos + 1, d)).append(t.substr(i, 3));
    *m = {Kind::kVrmGb, pos, i + 3, std::move(v), true};
    return true;
  }
  size_t i = pos + letters;
  const size_t letters_end = i;
  i += scan::Sep(t, i);
  const size_t digits_at = i;
  size_t d = scan::Digits(t, i, 4);
  if (d == 0 || d > 4 || t[i] == '0') return false;
  i += d;
  std::string v(t.substr(pos, letters));
  if (letters == 3 && d <= 3 && i < t.size() && IsUpper(t[i]) && scan::BoundaryAt(t, i + 1)) {
    // Suffix: ABC 123D.
    for (size_t k = pos; k < pos + 3; ++k) {
      if (InMarkSet("IQZ", t[k])) return false;
    }
    if (!InMarkSet(kYearLetters, t[i])) return false;
    v.append(t.substr(digits_at, d)).push_back(t[i]);
    *m = {Kind::kVrmGb, pos, i + 1, std::move(v), true};
    return true;
  }
  // Northern Ireland: an optional serial letter, the county code, 1 to 9999.
  if (!scan::BoundaryAt(t, i) || !IsNiCode(t[letters_end - 2], t[letters_end - 1])) return false;
  if (letters == 3 && InMarkSet("IQZ", t[pos])) return false;
  v.append(t.substr(digits_at, d));
  *m = {Kind::kVrmGb, pos, i, std::move(v), true};
  return true;
}

bool MatchTrailer(std::string_view t, size_t pos, Identifier* m) {
  // A letter and seven digits: "A123 4567" or "A1234567".
  if (pos + 8 > t.size() || !IsAlpha(t[pos])) return false;
  size_t d = scan::Digits(t, pos + 1, 7);
  size_t i = pos + 1 + d;
  if (d == 3) {
    i += scan::Sep(t, i);
    if (scan::Digits(t, i, 4) != 4) return false;
    i += 4;
  } else if (d != 7) {
    return false;
  }
  if (!scan::BoundaryAt(t, i)) return false;
  std::string v(1, Up(t[pos]));
  for (size_t k = pos + 1; k < i; ++k) {
    if (IsDigit(t[k])) v.push_back(t[k]);
  }
  *m = {Kind::kTrailerGb, pos, i, std::move(v), true};
  return true;
}

bool MatchIrish(std::string_view t, size_t pos, const Today& today, Identifier* m) {
  size_t d = scan::Digits(t, pos, 3);
  if (d != 2 && d != 3) return false;
  int year;
  int half = 0;
  if (d == 2) {
    int yy = MarkNumber(t.substr(pos, 2));
    if (yy >= 87) {
      year = 1900 + yy;
    } else if (yy <= 12) {
      year = 2000 + yy;
    } else {
      return false;
    }
  } else {
    half = t[pos + 2] - '0';
    year = 2000 + MarkNumber(t.substr(pos, 2));
    if ((half != 1 && half != 2) || year < 2013) return false;
  }
  size_t i = pos + d;
  const size_t sep1 = scan::Sep(t, i);
  i += sep1;
  const size_t county_at = i;
  size_t letters = scan::Letters(t, i, 2);
  if (letters == 0 || letters > 2) return false;
  std::string county;
  for (size_t k = 0; k < letters; ++k) county.push_back(Up(t[i + k]));
  const County* c = FindCounty(county);
  if (c == nullptr) return false;
  i += letters;
  const size_t sep2 = scan::Sep(t, i);
  i += sep2;
  if ((sep1 && t[pos + d] == ' ') || (sep2 && t[i - 1] == ' ')) {
    if (!scan::AllUpper(t, county_at, county_at + letters)) return false;
  }
  size_t n = scan::Digits(t, i, 6);
  if (n == 0 || n > 6 || t[i] == '0' || !scan::BoundaryAt(t, i + n)) return false;
  const bool issued = year < today.year || (year == today.year && (half < 2 || today.month >= 7));
  const bool valid = issued && year >= c->from && year <= c->until;
  std::string v(t.substr(pos, d));
  v.append("-").append(county).append("-").append(t.substr(i, n));
  *m = {Kind::kVrmIe, pos, i + n, std::move(v), valid};
  return true;
}

void DescribeGbMark(std::string_view v, Details* out) {
  size_t letters = 0;
  while (letters < v.size() && IsAlpha(v[letters])) ++letters;
  if (v.size() == 7 && letters == 2 && IsDigit(v[2]) && IsDigit(v[3]) && IsAlpha(v[4])) {
    out->emplace_back("format", "current");
    if (const char* r = RegionName(v[0])) out->emplace_back("region", r);
    int age = MarkNumber(v.substr(2, 2));
    if (age >= 2 && age != 50) {
      const int year = age < 50 ? 2000 + age : 2000 + age - 50;
      out->emplace_back("issued", std::to_string(year) + (age < 50 ? "-03" : "-09"));
    }
    return;
  }
  if (letters == 1) {
    out->emplace_back("format", "prefix");
    const char* p = std::strchr(kYearLetters, v[0]);
    if (p != nullptr) out->emplace_back("issued", std::to_string(kPrefixYear[p - kYearLetters]));
    return;
  }
  if (IsAlpha(v.back())) {
    out->emplace_back("format", "suffix");
    const char* p = std::strchr(kYearLetters, v.back());
    if (p != nullptr) out->emplace_back("issued", std::to_string(kSuffixYear[p - kYearLetters]));
    return;
  }
  out->emplace_back("format", "northern_ireland");
}

void DescribeIrishMark(std::string_view v, Details* out) {
  size_t dash = v.find('-');
  size_t dash2 = v.find('-', dash + 1);
  if (dash == std::string_view::npos || dash2 == std::string_view::npos) return;
  std::string_view y = v.substr(0, dash);
  int year = y.size() == 2 ? (MarkNumber(y) >= 87 ? 1900 : 2000) + MarkNumber(y)
                           : 2000 + MarkNumber(y.substr(0, 2));
  out->emplace_back("year", std::to_string(year));
  if (y.size() == 3) out->emplace_back("half", std::string(1, y[2]));
  if (const County* c = FindCounty(v.substr(dash + 1, dash2 - dash - 1))) {
    out->emplace_back("county", c->name);
  }
}

}  // namespace portsafe::intel
