// Crockford's base 32 (digits and upper-case letters without I, L, O and U)
// for codes that people read, write down and type: receipts and recovery
// codes. Written here because no Debian library offers the Crockford
// alphabet with its look-alike rules; libsodium has only hex and base64.
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portsafe::crypto {

inline constexpr std::string_view kBase32Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// `bytes` as symbols, five bits each, most significant bit first; the last
// symbol is padded with zero bits. 20 bytes give 32 symbols.
std::string Base32Encode(std::string_view bytes);

// The canonical symbols of what a person typed: upper case, spaces, tabs,
// line breaks and hyphens dropped, O read as 0 and I or L as 1. nullopt when
// anything else is in it or it has more than `max_symbols` symbols.
std::optional<std::string> Base32Canonical(std::string_view typed, size_t max_symbols);

// The bytes of canonical `symbols` (as Base32Encode wrote them). nullopt when
// a symbol is not in the alphabet, the padding bits are not zero, or the
// length is one no encoding has (a whole symbol of padding).
std::optional<std::string> Base32Decode(std::string_view symbols);

// `symbols` in groups of `group` joined by hyphens: "7K3M-QX9D-H2PA".
std::string Base32Grouped(std::string_view symbols, size_t group);

}  // namespace portsafe::crypto
