#include "crypto/sealed_box.h"

#include <sodium.h>

#include <cassert>

namespace portsafe::crypto {

static_assert(crypto_box_PUBLICKEYBYTES == kPublicKeyBytes);
static_assert(crypto_box_SECRETKEYBYTES == kPrivateKeyBytes);

KeyPair GenerateKeyPair() {
  Init();
  KeyPair kp;
  kp.public_key.assign(kPublicKeyBytes, '\0');
  kp.private_key = SecretBytes(kPrivateKeyBytes);
  crypto_box_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()), kp.private_key.data());
  return kp;
}

std::string SealTo(std::string_view public_key, std::string_view message) {
  Init();
  assert(public_key.size() == kPublicKeyBytes);
  std::string out(crypto_box_SEALBYTES + message.size(), '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(out.data()), U(message), message.size(),
                  U(public_key));
  return out;
}

Result<SecretBytes> OpenSealed(const KeyPair& kp, std::string_view box) {
  Init();
  if (box.size() < crypto_box_SEALBYTES) return InvalidArgument("sealed box too short");
  if (kp.public_key.size() != kPublicKeyBytes || kp.private_key.size() != kPrivateKeyBytes) {
    return InvalidArgument("malformed key pair");
  }
  SecretBytes out(box.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(out.data(), U(box), box.size(), U(kp.public_key),
                           kp.private_key.data()) != 0) {
    return InvalidArgument("sealed box does not open with this key");
  }
  return out;
}

}  // namespace portsafe::crypto
