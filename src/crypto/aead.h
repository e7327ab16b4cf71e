// Authenticated encryption with XChaCha20-Poly1305 (IETF). A sealed blob is
// nonce (24 bytes, random) || ciphertext || tag (16 bytes). The associated data
// binds a blob to its place (for reports: the report id and the field), so a
// blob copied to another report or field fails to open.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

inline constexpr size_t kAeadKeyBytes = 32;
inline constexpr size_t kAeadOverhead = 24 + 16;

// Precondition: key.size() == kAeadKeyBytes.
std::string AeadSeal(const SecretBytes& key, std::string_view plaintext, std::string_view ad);

// kInvalidArgument when the blob is too short, was tampered with, or belongs
// to another key or associated data.
Result<SecretBytes> AeadOpen(const SecretBytes& key, std::string_view sealed, std::string_view ad);

// A version-tagged sealed value (docs/formats.md): the tag (4 bytes, e.g.
// "PSF1") || AeadSeal(key, plaintext, tag + "|" + ad). The tag is inside the
// associated data too, so it can be neither stripped nor added.
// Precondition: key.size() == kAeadKeyBytes.
std::string AeadSealTagged(const SecretBytes& key, std::string_view plaintext, std::string_view tag,
                           std::string_view ad);

// Opens what AeadSealTagged wrote with this tag, or else, as version 0, what
// AeadSeal(key, plaintext, ad) wrote before the tag existed. A version 0
// value's random nonce may begin with the tag's bytes by chance, so
// authentication decides which it is, never the prefix alone.
Result<SecretBytes> AeadOpenTagged(const SecretBytes& key, std::string_view sealed,
                                   std::string_view tag, std::string_view ad);

// A fresh random key.
SecretBytes NewAeadKey();

// A 32-byte subkey of a 32-byte master key for one purpose (libsodium's
// crypto_kdf, BLAKE2b). `context` is exactly 8 characters, e.g. "ps-audit".
SecretBytes DeriveSubkey(const SecretBytes& master, const char (&context)[9], std::uint64_t id);

}  // namespace portsafe::crypto
