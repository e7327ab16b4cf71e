// Files are encrypted with libsodium's secretstream (XChaCha20-Poly1305) under
// a fresh per-file key, in 64 KiB chunks; the last chunk carries the FINAL tag
// so truncation is detected. The file key itself is wrapped with the report's
// content key by the caller (see report_cipher.h). An encrypted file is, since
// format version 1,
//   "PSS1" || stream header (24) || chunks (each + 17 bytes)
// with the tag as every chunk's associated data; version 0 (before the tag)
// was the same without it and without associated data, and is still read
// (docs/formats.md).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

// Precondition: file_key.size() == 32.
std::string EncryptStream(const SecretBytes& file_key, std::string_view plaintext);

inline constexpr std::string_view kFileStreamTag = "PSS1";

// Reads the current and older formats. kInvalidArgument when the stream is
// damaged, truncated or under another key.
Result<SecretBytes> DecryptStream(const SecretBytes& file_key, std::string_view ciphertext);

}  // namespace portsafe::crypto
