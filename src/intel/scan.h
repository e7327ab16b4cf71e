// Byte-level helpers the identifier matchers share: character classes and
// word boundaries. Identifiers are ASCII; the text around them may be any
// bytes. A boundary is any character that is not a letter or digit of an
// alphabetic script: ASCII punctuation and space, the punctuation and symbol
// blocks of Unicode, invalid UTF-8 (read as U+FFFD), and the scripts that do
// not separate words with spaces (CJK, kana, Hangul, Thai), so that
// "集装箱CSQU3054383" still yields the container. Pure functions, no state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace portsafe::intel::scan {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
inline bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
inline char Up(char c) { return IsLower(c) ? static_cast<char>(c - 32) : c; }
inline char Down(char c) { return IsUpper(c) ? static_cast<char>(c + 32) : c; }
inline bool IsHigh(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// Whether the code point `cp` is a letter or digit of a script that writes
// spaces between words (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
// Devanagari and the like).
bool IsWordCodePoint(std::uint32_t cp);

// Whether the character that ends just before `pos` (decoded backwards from
// the UTF-8 bytes) is a word character. False at the start of the text.
bool WordBefore(std::string_view t, size_t pos);
// Whether the character that starts at `pos` is a word character. False at
// the end of the text.
bool WordAt(std::string_view t, size_t pos);

// Fast forms for the common case: an ASCII neighbour decides at once.
inline bool BoundaryBefore(std::string_view t, size_t pos) {
  if (pos == 0) return true;
  char c = t[pos - 1];
  if (!IsHigh(c)) return !IsAlnum(c);
  return !WordBefore(t, pos);
}
inline bool BoundaryAt(std::string_view t, size_t pos) {
  if (pos >= t.size()) return true;
  char c = t[pos];
  if (!IsHigh(c)) return !IsAlnum(c);
  return !WordAt(t, pos);
}

// Counts the digits at `pos` (at most `max` + 1, so callers can tell "more").
inline size_t Digits(std::string_view t, size_t pos, size_t max) {
  size_t n = 0;
  while (pos + n < t.size() && n <= max && IsDigit(t[pos + n])) ++n;
  return n;
}
inline size_t Letters(std::string_view t, size_t pos, size_t max) {
  size_t n = 0;
  while (pos + n < t.size() && n <= max && IsAlpha(t[pos + n])) ++n;
  return n;
}

// One optional separator inside an identifier: a single space or hyphen.
// Returns 1 when there is one at `pos`, else 0.
inline size_t Sep(std::string_view t, size_t pos) {
  return pos < t.size() && (t[pos] == ' ' || t[pos] == '-') ? 1 : 0;
}

// Whether all letters of t[b, e) are upper case.
inline bool AllUpper(std::string_view t, size_t b, size_t e) {
  for (size_t i = b; i < e; ++i) {
    if (IsLower(t[i])) return false;
  }
  return true;
}

}  // namespace portsafe::intel::scan
