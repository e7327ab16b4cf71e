#include "crypto/base32.h"

namespace portsafe::crypto {

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 31]);
    }
    buffer &= (1u << bits) - 1;
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::optional<std::string> Base32Canonical(std::string_view typed, size_t max_symbols) {
  std::string s;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (kBase32Alphabet.find(c) == std::string_view::npos || s.size() == max_symbols) {
      return std::nullopt;
    }
    s.push_back(c);
  }
  return s;
}

std::optional<std::string> Base32Decode(std::string_view symbols) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : symbols) {
    const size_t v = kBase32Alphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
      buffer &= (1u << bits) - 1;
    }
  }
  // What is left must be padding: fewer than five bits (a whole symbol
  // left over is a length no encoding has), and all zero.
  if (bits >= 5 || buffer != 0) return std::nullopt;
  return out;
}

std::string Base32Grouped(std::string_view symbols, size_t group) {
  std::string out;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % group == 0) out.push_back('-');
    out.push_back(symbols[i]);
  }
  return out;
}

}  // namespace portsafe::crypto
