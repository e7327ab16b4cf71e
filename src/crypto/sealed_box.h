// X25519 key pairs and anonymous sealed boxes (crypto_box_seal): anyone with
// the public key can seal; only the private key opens. Used for the service
// key pair (report content keys are sealed to it) and, later, agency keys.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kPrivateKeyBytes = 32;

struct KeyPair {
  std::string public_key;   // 32 bytes
  SecretBytes private_key;  // 32 bytes
};

KeyPair GenerateKeyPair();

// Precondition: public_key.size() == kPublicKeyBytes.
std::string SealTo(std::string_view public_key, std::string_view message);

// kInvalidArgument when the box was not sealed to this key pair or is damaged.
Result<SecretBytes> OpenSealed(const KeyPair& key_pair, std::string_view box);

}  // namespace portsafe::crypto
