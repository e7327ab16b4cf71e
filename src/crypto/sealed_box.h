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
// The public key of an X25519 private key (crypto_scalarmult_base): a key
// pair whose halves belong together, whatever a database says.
std::string PublicKeyOf(const SecretBytes& private_key);

// Precondition: public_key.size() == kPublicKeyBytes.
std::string SealTo(std::string_view public_key, std::string_view message);

// kInvalidArgument when the box was not sealed to this key pair or is damaged.
Result<SecretBytes> OpenSealed(const KeyPair& key_pair, std::string_view box);

// A version-tagged sealed box (docs/formats.md): the tag (4 bytes) ||
// SealTo(public_key, tag + "|" + context + "|" + message). A sealed box has no
// associated data, so the tag and the context (what the message is for) go
// inside, where opening checks them.
// Precondition: public_key.size() == kPublicKeyBytes.
std::string SealToTagged(std::string_view public_key, std::string_view tag,
                         std::string_view context, std::string_view message);

// The message of what SealToTagged wrote with this tag and context, or else,
// as version 0, the whole of what SealTo(public_key, message) wrote before the
// tag existed (authentication decides which, never the prefix alone).
// kInvalidArgument when it is neither.
Result<SecretBytes> OpenSealedTagged(const KeyPair& key_pair, std::string_view tag,
                                     std::string_view context, std::string_view box);

}  // namespace portsafe::crypto
