// Staff passwords and the keys they protect.
//
// One Argon2id derivation (crypto_pwhash, libsodium) per login yields 64
// bytes: the first half is hashed into a stored verifier (proving the
// password), the second half is the key that wraps the user's X25519 private
// key. The server keeps the salt, the cost parameters, the verifier and the
// wrapped key; none of them opens anything without the password.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sealed_box.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

// Rules for a new password (OWASP ASVS 2.1.1-2.1.4): at least
// kPasswordMinChars and at most kPasswordMaxChars characters (Unicode code
// points, a run of spaces counting as one), any characters, never truncated.
// A password given to sign in is read up to kPasswordMaxBytes (four bytes a
// character) and refused beyond, without deriving anything.
inline constexpr size_t kPasswordMinChars = 12;
inline constexpr size_t kPasswordMaxChars = 128;
inline constexpr size_t kPasswordMaxBytes = 4 * kPasswordMaxChars;

struct PasswordRecord {
  std::string salt;  // 16 bytes
  std::uint64_t ops = 0;
  std::uint64_t mem = 0;
  std::string verifier;  // BLAKE2b-256 of the first half of the derived bytes
};

// The version tag of a wrapped private key (docs/formats.md, "User keys").
inline constexpr std::string_view kUserKeyTag = "PSK1";

// What a user's private key is stored as: wrapped under the password and,
// separately, under a recovery code shown once when the user is made. Each
// wrapped key is "PSK1" || AEAD(key, private key); version 0 (no tag) still
// opens.
struct WrappedUserKey {
  PasswordRecord password;
  std::string public_key;
  std::string wrapped_by_password;  // "PSK1" || AEAD(password key, private key)
  std::string wrapped_by_recovery;  // "PSK1" || AEAD(recovery key, private key)
};

// A fresh key pair for `password`. Also returns the recovery code that the
// caller shows once: 20 random bytes as 32 base-32 symbols in groups of four
// ("7K3M-QX9D-..."; base32.h), easy to write down. kInvalidArgument when the
// password breaks the rules above. Argon2id "interactive" costs (64 MiB).
struct NewUserKey {
  WrappedUserKey stored;
  std::string recovery_code;
};
Result<NewUserKey> MakeUserKey(std::string_view password);

// The user's key pair, when `password` is right; kUnauthenticated otherwise.
// Runs Argon2id once.
Result<KeyPair> UnlockUserKey(const WrappedUserKey& stored, std::string_view password);

// The key pair from the recovery code; kUnauthenticated when it is wrong.
// Forgives case, hyphens, spaces and O/I/L for 0/1; also opens codes made
// before as base64 of the key.
Result<KeyPair> UnlockUserKeyWithRecovery(const WrappedUserKey& stored,
                                          std::string_view recovery_code);

// Re-wraps `kp` under a new password (the recovery wrapping is kept).
// kInvalidArgument when the new password breaks the rules.
Result<WrappedUserKey> RewrapUserKey(const WrappedUserKey& stored, const KeyPair& kp,
                                     std::string_view new_password);

// An empty string when `password` is acceptable as a new password, else why
// not (the message names the rule).
std::string CheckNewPassword(std::string_view password);

}  // namespace portsafe::crypto
