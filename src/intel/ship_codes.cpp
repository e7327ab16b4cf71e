#include "intel/ship_codes.h"

#include "intel/check_digits.h"
#include "intel/mid_table.h"
#include "intel/scan.h"

namespace portsafe::intel {
namespace {

using scan::IsAlpha;
using scan::IsDigit;
using scan::Up;

// After a keyword ("IMO", "MMSI") at `pos` of length `len`: an optional ':'
// or '.', an optional "no", "no.", "nr", "number" or "#", single spaces
// between; returns where the digits start, or 0 when the keyword is not one.
size_t AfterKeyword(std::string_view t, size_t pos, std::string_view keyword) {
  if (pos + keyword.size() >= t.size()) return 0;
  for (size_t k = 0; k < keyword.size(); ++k) {
    if (Up(t[pos + k]) != keyword[k]) return 0;
  }
  size_t i = pos + keyword.size();
  if (IsDigit(t[i])) return i;  // "IMO9074729"
  if (t[i] == ':' || t[i] == '.') ++i;
  if (i < t.size() && t[i] == ' ') ++i;
  for (std::string_view word : {"number", "no.", "no", "nr", "#"}) {
    if (i + word.size() > t.size()) continue;
    bool same = true;
    for (size_t k = 0; k < word.size() && same; ++k) same = scan::Down(t[i + k]) == word[k];
    if (!same) continue;
    if (IsAlpha(word.back()) && i + word.size() < t.size() && IsAlpha(t[i + word.size()])) {
      continue;  // "nothing", "nowhere"
    }
    i += word.size();
    if (i < t.size() && t[i] == ':') ++i;
    if (i < t.size() && t[i] == ' ') ++i;
    break;
  }
  return i < t.size() && IsDigit(t[i]) ? i : 0;
}

}  // namespace

bool MatchContainer(std::string_view t, size_t pos, Identifier* m) {
  if (pos + 11 > t.size()) return false;
  std::string v;
  for (size_t k = 0; k < 4; ++k) {
    if (!IsAlpha(t[pos + k])) return false;
    v.push_back(Up(t[pos + k]));
  }
  if (v[3] != 'U' && v[3] != 'J' && v[3] != 'Z') return false;
  size_t i = pos + 4;
  i += scan::Sep(t, i);
  if (scan::Digits(t, i, 6) < 6) return false;
  v.append(t.substr(i, 6));
  i += 6;
  i += scan::Sep(t, i);
  if (i >= t.size() || !IsDigit(t[i]) || !scan::BoundaryAt(t, i + 1)) return false;
  v.push_back(t[i]);
  const bool valid = ContainerCheckDigit(v) == v[10];
  *m = {Kind::kContainer, pos, i + 1, std::move(v), valid};
  return true;
}

bool MatchImo(std::string_view t, size_t pos, Identifier* m) {
  size_t i = AfterKeyword(t, pos, "IMO");
  if (i == 0 || scan::Digits(t, i, 7) != 7 || !scan::BoundaryAt(t, i + 7)) return false;
  std::string v(t.substr(i, 7));
  const bool valid = ImoCheckDigit(v) == v[6];
  *m = {Kind::kImo, pos, i + 7, std::move(v), valid};
  return true;
}

bool MatchMmsi(std::string_view t, size_t pos, Identifier* m) {
  size_t i = AfterKeyword(t, pos, "MMSI");
  if (i == 0 || scan::Digits(t, i, 9) != 9 || !scan::BoundaryAt(t, i + 9)) return false;
  std::string v(t.substr(i, 9));
  const bool valid = DescribeMmsi(v).valid;
  *m = {Kind::kMmsi, pos, i + 9, std::move(v), valid};
  return true;
}

}  // namespace portsafe::intel
