#include "intel/extractor.h"

#include <cassert>

#include <algorithm>
#include <array>
#include <ctime>

#include "core/port_directory.h"
#include "intel/net_names.h"
#include "intel/phone.h"
#include "intel/postcode.h"
#include "intel/scan.h"
#include "intel/ship_codes.h"

namespace portsafe::intel {
namespace {

using scan::IsAlpha;
using scan::IsDigit;
using scan::IsUpper;
using scan::Up;

// Byte classes for the scanning loop.
constexpr unsigned char kLower = 1, kUpper = 2, kDigitClass = 4, kSpecial = 8;
constexpr std::array<unsigned char, 256> kClass = [] {
  std::array<unsigned char, 256> c{};
  for (int i = 'a'; i <= 'z'; ++i) c[i] = kLower;
  for (int i = 'A'; i <= 'Z'; ++i) c[i] = kUpper;
  for (int i = '0'; i <= '9'; ++i) c[i] = kDigitClass;
  c['@'] = c['+'] = c['('] = kSpecial;  // e-mail, international and bracketed phone numbers
  return c;
}();

inline unsigned char Class(char c) { return kClass[static_cast<unsigned char>(c)]; }

bool EqualsFolded(std::string_view t, size_t pos, std::string_view lower) {
  if (pos + lower.size() > t.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k) {
    if (scan::Down(t[pos + k]) != lower[k]) return false;
  }
  return true;
}

size_t PrefixIndex(char a, char b) { return (Up(a) - 'A') * 26 + (Up(b) - 'A'); }

// Whether `a` should replace `b` when they overlap: the longer one, then the
// valid one, then the kind listed first.
bool Beats(const Identifier& a, const Identifier& b) {
  size_t la = a.end - a.start, lb = b.end - b.start;
  if (la != lb) return la > lb;
  if (a.valid != b.valid) return a.valid;
  return static_cast<int>(a.kind) < static_cast<int>(b.kind);
}

}  // namespace

Extractor::Extractor(ExtractOptions options) : options_(options) {
  assert(options_.today.year != 0);  // the caller's clock gives the date
  if (options_.ports != nullptr) {
    for (const core::Port& p : options_.ports->all()) {
      if (p.code.size() == 5 && IsAlpha(p.code[0]) && IsAlpha(p.code[1])) {
        country_prefixes_.set(PrefixIndex(p.code[0], p.code[1]));
      }
    }
  }
}

bool Extractor::MatchUnlocode(std::string_view t, size_t pos, Identifier* m) const {
  // "GBFXT" or "GB FXT": a country and three letters or digits 2-9.
  if (options_.ports == nullptr || pos + 5 > t.size() || !IsAlpha(t[pos]) || !IsAlpha(t[pos + 1]) ||
      !country_prefixes_.test(PrefixIndex(t[pos], t[pos + 1]))) {
    return false;
  }
  size_t i = pos + 2;
  if (t[i] == ' ') ++i;
  if (i + 3 > t.size() || !scan::BoundaryAt(t, i + 3)) return false;
  char code[5] = {Up(t[pos]), Up(t[pos + 1]), Up(t[i]), Up(t[i + 1]), Up(t[i + 2])};
  for (int k = 2; k < 5; ++k) {
    if (!IsUpper(code[k]) && !(code[k] >= '2' && code[k] <= '9')) return false;
  }
  const core::Port* p = options_.ports->Find(std::string_view(code, 5));
  if (p == nullptr) return false;
  *m = {Kind::kUnlocode, pos, i + 3, p->code, true};
  return true;
}

// A word t[w, e) of letters and digits that starts after a boundary.
void Extractor::Word(std::string_view t, size_t w, size_t e, bool has_digit,
                     std::vector<Identifier>* found) const {
  const size_t len = e - w;
  Identifier m;
  auto add = [&](bool matched) {
    if (matched) found->push_back(std::move(m));
  };
  const char c0 = t[w];
  if (IsDigit(c0)) {
    // Phone numbers (0...), Irish marks (2 or 3 digits, then the county).
    if (c0 == '0') add(MatchPhone(t, w, &m));
    if (len >= 2 && IsDigit(t[w + 1])) add(MatchIrish(t, w, options_.today, &m));
    return;
  }
  if (!has_digit) {
    // A word of letters alone begins an identifier only when it is short
    // and what follows can continue one.
    const char next = e < t.size() ? t[e] : '\0';
    switch (len) {
      case 2:
        if (next == ' ') add(MatchUnlocode(t, w, &m));
        if (IsUpper(c0) && IsUpper(t[w + 1]) && (next == ' ' || next == '-')) {
          add(MatchGbOlder(t, w, &m));
        }
        break;
      case 3:
        if (EqualsFolded(t, w, "imo")) add(MatchImo(t, w, &m));
        if (next == '.' && EqualsFolded(t, w, "www")) add(MatchUrl(t, w, &m));
        if (EqualsFolded(t, w, "gir")) add(MatchPostcode(t, w, &m));
        if ((next == ' ' || next == '-') && scan::AllUpper(t, w, e)) add(MatchGbOlder(t, w, &m));
        break;
      case 4: {
        const char c3 = Up(t[w + 3]);
        if ((c3 == 'U' || c3 == 'J' || c3 == 'Z') && (next == ' ' || next == '-')) {
          add(MatchContainer(t, w, &m));
        }
        if (EqualsFolded(t, w, "mmsi")) add(MatchMmsi(t, w, &m));
        if (next == ':' && EqualsFolded(t, w, "http")) add(MatchUrl(t, w, &m));
        break;
      }
      case 5:
        if (next == ':' && EqualsFolded(t, w, "https")) add(MatchUrl(t, w, &m));
        add(MatchUnlocode(t, w, &m));
        break;
      default:
        break;
    }
    return;
  }
  // Letters then digits (and maybe letters again).
  size_t letters = 0;
  while (letters < len && IsAlpha(t[w + letters])) ++letters;
  switch (letters) {
    case 1:
      add(MatchTrailer(t, w, &m));
      if (IsUpper(c0)) add(MatchGbOlder(t, w, &m));
      add(MatchPostcode(t, w, &m));
      break;
    case 2:
      add(MatchGbCurrent(t, w, options_.today, &m));
      add(MatchPostcode(t, w, &m));
      if (len == 5) add(MatchUnlocode(t, w, &m));
      if (IsUpper(c0) && IsUpper(t[w + 1])) add(MatchGbOlder(t, w, &m));
      break;
    case 3:
      if (EqualsFolded(t, w, "imo")) add(MatchImo(t, w, &m));
      if (scan::AllUpper(t, w, w + 3)) add(MatchGbOlder(t, w, &m));
      break;
    case 4:
      add(MatchContainer(t, w, &m));
      if (EqualsFolded(t, w, "mmsi")) add(MatchMmsi(t, w, &m));
      break;
    default:
      break;
  }
}

namespace {

// Whether a word of `len` letters alone (no digits) at `w`, followed by
// `next`, can begin an identifier: the cheap test that lets most words of
// prose pass without a call.
inline bool LetterWordMayStart(std::string_view t, size_t w, size_t len, char next,
                               unsigned char seen, const std::bitset<26 * 26>& prefixes) {
  const char c0 = t[w];
  switch (len) {
    case 2:
      return (next == ' ' || next == '-') &&
             (seen == kUpper || prefixes.test(PrefixIndex(c0, t[w + 1])));
    case 3:
      return seen == kUpper || c0 == 'i' || c0 == 'I' || c0 == 'w' || c0 == 'W' || c0 == 'g' ||
             c0 == 'G';
    case 4: {
      const char c3 = Up(t[w + 3]);
      return ((c3 == 'U' || c3 == 'J' || c3 == 'Z') && (next == ' ' || next == '-')) || c0 == 'm' ||
             c0 == 'M' || c0 == 'h' || c0 == 'H';
    }
    case 5:
      return c0 == 'h' || c0 == 'H' || prefixes.test(PrefixIndex(c0, t[w + 1]));
    default:
      return false;
  }
}

}  // namespace

void Extractor::ExtractInto(std::string_view t, size_t base, std::vector<Identifier>* out) const {
  const size_t first = out->size();
  const size_t n = t.size();
  size_t i = 0;
  while (i < n) {
    const char c = t[i];
    unsigned char cls = Class(c);
    if (cls == 0) {
      ++i;
      continue;
    }
    if (cls == kSpecial) {
      Identifier m;
      if (c == '@') {
        if (MatchEmail(t, i, &m)) out->push_back(std::move(m));
      } else if (i + 1 < n && (t[i + 1] == '4' || t[i + 1] == '0') && scan::BoundaryBefore(t, i)) {
        if (MatchPhone(t, i, &m)) out->push_back(std::move(m));
      }
      ++i;
      continue;
    }
    const size_t w = i;
    unsigned char seen = cls;
    ++i;
    while (i < n && ((cls = Class(t[i])) & (kLower | kUpper | kDigitClass)) != 0) {
      seen |= cls;
      ++i;
    }
    if (!(seen & kDigitClass) &&
        !LetterWordMayStart(t, w, i - w, i < n ? t[i] : '\0', seen, country_prefixes_)) {
      continue;
    }
    // Words are maximal runs of ASCII letters and digits, so what precedes
    // one is nothing, an ASCII boundary, or a non-ASCII character whose
    // script decides.
    if (w == 0 || !scan::IsHigh(t[w - 1]) || !scan::WordBefore(t, w)) {
      Word(t, w, i, (seen & kDigitClass) != 0, out);
    }
  }
  if (out->size() == first) return;
  // By start, longest first among equal starts; then keep each candidate
  // unless it overlaps the last one kept and loses to it (identifiers kept so
  // far do not overlap, so only the last can reach this one).
  auto begin = out->begin() + static_cast<std::ptrdiff_t>(first);
  auto order = [](const Identifier& a, const Identifier& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.end > b.end;
  };
  if (!std::is_sorted(begin, out->end(), order)) std::stable_sort(begin, out->end(), order);
  size_t kept = first;
  for (size_t k = first; k < out->size(); ++k) {
    Identifier& f = (*out)[k];
    if (kept > first && f.start < (*out)[kept - 1].end) {
      if (Beats(f, (*out)[kept - 1])) (*out)[kept - 1] = std::move(f);
      continue;
    }
    if (kept != k) (*out)[kept] = std::move(f);
    ++kept;
  }
  out->resize(kept);
  for (size_t k = first; k < kept; ++k) {
    (*out)[k].start += base;
    (*out)[k].end += base;
  }
}

std::vector<Identifier> Extractor::Extract(std::string_view text) const {
  std::vector<Identifier> out;
  ExtractInto(text, 0, &out);
  return out;
}

}  // namespace portsafe::intel
