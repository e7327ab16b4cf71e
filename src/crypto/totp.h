// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps),
// as authenticator apps expect. The arithmetic is liboath's (Debian's
// oath-toolkit); this file adds secrets, the otpauth:// URI and replay
// protection (a code's time step must be later than the last one accepted).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

inline constexpr unsigned kTotpStep = 30;
inline constexpr size_t kTotpSecretBytes = 20;

// 20 random bytes.
SecretBytes NewTotpSecret();

// otpauth://totp/PortSafe:<account>?secret=<base32>&issuer=PortSafe&...
std::string TotpUri(const SecretBytes& secret, std::string_view account);

// The secret inside an otpauth:// URI made by TotpUri; kInvalidArgument
// when there is none.
Result<SecretBytes> TotpSecretFromUri(std::string_view uri);

// The code for `now` (tests, the demo's printed logins).
std::string TotpCode(const SecretBytes& secret, std::time_t now);

// Accepts `code` for `now` give or take one step, when its step is after
// `last_step` (codes are single-use). Returns the accepted step;
// kAlreadyExists for a right code already used (someone may be watching the
// holder's screen, or replaying a sign-in); kUnauthenticated otherwise.
Result<std::uint64_t> VerifyTotp(const SecretBytes& secret, std::string_view code, std::time_t now,
                                 std::uint64_t last_step);

}  // namespace portsafe::crypto
