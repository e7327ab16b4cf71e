#include "intel/scan.h"

namespace portsafe::intel::scan {

bool IsWordCodePoint(std::uint32_t cp) {
  if (cp < 0x80) return IsAlnum(static_cast<char>(cp));
  if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return true;
  if (cp < 0xC0) return false;  // Latin-1 punctuation, NBSP, symbols
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp <= 0x2AF) return true;                   // Latin-1 letters, Latin Extended, IPA
  if (cp >= 0x370 && cp <= 0x52F) return true;    // Greek, Cyrillic
  if (cp >= 0x531 && cp <= 0x58F) return true;    // Armenian
  if (cp >= 0x5D0 && cp <= 0x5F2) return true;    // Hebrew letters
  if (cp >= 0x620 && cp <= 0x6FF) return true;    // Arabic letters and digits
  if (cp >= 0x900 && cp <= 0xDFF) return true;    // Indic scripts
  if (cp >= 0x10A0 && cp <= 0x10FF) return true;  // Georgian
  if (cp >= 0x1E00 && cp <= 0x1FFF) return true;  // Latin Extended Additional, Greek Extended
  if (cp >= 0xFF10 && cp <= 0xFF19) return true;  // full-width digits
  if (cp >= 0xFF21 && cp <= 0xFF3A) return true;  // full-width Latin capitals
  if (cp >= 0xFF41 && cp <= 0xFF5A) return true;  // full-width Latin small letters
  return false;  // punctuation, symbols, CJK, kana, Hangul, Thai, U+FFFD
}

namespace {

// Decodes one code point at `pos`; U+FFFD for an invalid or truncated
// sequence. `len` gets the bytes it took (at least 1).
std::uint32_t DecodeAt(std::string_view t, size_t pos, size_t* len) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(t[i]); };
  unsigned char c = b(pos);
  *len = 1;
  size_t n;
  std::uint32_t cp;
  if (c < 0x80) return c;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 1;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 2;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 3;
    cp = c & 0x07;
  } else {
    return 0xFFFD;
  }
  for (size_t i = 1; i <= n; ++i) {
    if (pos + i >= t.size() || (b(pos + i) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (b(pos + i) & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  *len = n + 1;
  return cp;
}

}  // namespace

bool WordAt(std::string_view t, size_t pos) {
  if (pos >= t.size()) return false;
  size_t len;
  return IsWordCodePoint(DecodeAt(t, pos, &len));
}

bool WordBefore(std::string_view t, size_t pos) {
  if (pos == 0) return false;
  // Walk back over at most three continuation bytes to the lead byte, then
  // decode forwards; the sequence must end exactly at `pos`.
  size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(t[start]) & 0xC0) == 0x80) {
    --start;
  }
  size_t len;
  std::uint32_t cp = DecodeAt(t, start, &len);
  if (start + len != pos) return false;  // an invalid sequence: U+FFFD, a boundary
  return IsWordCodePoint(cp);
}

}  // namespace portsafe::intel::scan
