#include "crypto/sealed_box.h"

#include <sodium.h>

#include <cassert>
#include <cstring>

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

std::string PublicKeyOf(const SecretBytes& private_key) {
  Init();
  assert(private_key.size() == kPrivateKeyBytes);
  std::string pk(kPublicKeyBytes, '\0');
  crypto_scalarmult_base(reinterpret_cast<unsigned char*>(pk.data()), private_key.data());
  return pk;
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

namespace {
std::string TaggedPrefix(std::string_view tag, std::string_view context) {
  std::string out(tag);
  out.append("|").append(context).append("|");
  return out;
}
}  // namespace

std::string SealToTagged(std::string_view public_key, std::string_view tag,
                         std::string_view context, std::string_view message) {
  // Built in wiped memory: the message is a private key.
  const std::string prefix = TaggedPrefix(tag, context);
  SecretBytes inner(prefix.size() + message.size());
  std::memcpy(inner.data(), prefix.data(), prefix.size());
  std::memcpy(inner.data() + prefix.size(), message.data(), message.size());
  std::string out(tag);
  out += SealTo(public_key, inner.view());
  return out;
}

Result<SecretBytes> OpenSealedTagged(const KeyPair& kp, std::string_view tag,
                                     std::string_view context, std::string_view box) {
  if (box.substr(0, tag.size()) == tag) {
    auto inner = OpenSealed(kp, box.substr(tag.size()));
    const std::string prefix = TaggedPrefix(tag, context);
    if (inner.ok() && inner->view().substr(0, prefix.size()) == prefix) {
      return SecretBytes(inner->view().substr(prefix.size()));
    }
  }
  return OpenSealed(kp, box);
}

}  // namespace portsafe::crypto
