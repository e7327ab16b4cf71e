#include "core/reference.h"

#include <cctype>
#include <cstdint>

namespace portsafe::core {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kHexDigits = 10;  // 40 bits: 8 characters of 5 bits

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string ReferenceOf(std::string_view id) {
  if (id.size() < kHexDigits) return std::string(id);
  for (char c : id) {
    if (HexValue(c) < 0) return std::string(id);
  }
  std::uint64_t bits = 0;
  for (char c : id.substr(id.size() - kHexDigits)) {
    bits = bits << 4 | static_cast<std::uint64_t>(HexValue(c));
  }
  std::string out(9, '-');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<size_t>(i < 4 ? i : i + 1)] = kAlphabet[bits & 31];
    bits >>= 5;
  }
  return out;
}

std::optional<std::string> ParseReference(std::string_view typed) {
  std::string symbols;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    if (kAlphabet.find(u) == std::string_view::npos) return std::nullopt;
    symbols += u;
  }
  if (symbols.size() != 8) return std::nullopt;
  return symbols.substr(0, 4) + "-" + symbols.substr(4);
}

std::optional<std::string> ReferenceIdTail(std::string_view reference) {
  auto parsed = ParseReference(reference);
  if (!parsed || *parsed != reference) return std::nullopt;
  std::uint64_t bits = 0;
  for (char c : *parsed) {
    if (c == '-') continue;
    bits = bits << 5 | static_cast<std::uint64_t>(kAlphabet.find(c));
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out(kHexDigits, '0');
  for (size_t i = kHexDigits; i-- > 0;) {
    out[i] = kHex[bits & 15];
    bits >>= 4;
  }
  return out;
}

}  // namespace portsafe::core
