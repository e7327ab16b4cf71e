#include "crypto/aead.h"

#include <sodium.h>

#include <cassert>

namespace portsafe::crypto {

namespace {
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
static_assert(kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES == kAeadOverhead);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kAeadKeyBytes);
}  // namespace

SecretBytes NewAeadKey() {
  Init();
  SecretBytes k(kAeadKeyBytes);
  crypto_aead_xchacha20poly1305_ietf_keygen(k.data());
  return k;
}

std::string AeadSeal(const SecretBytes& key, std::string_view plaintext, std::string_view ad) {
  Init();
  assert(key.size() == kAeadKeyBytes);
  std::string out(kAeadOverhead + plaintext.size(), '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(o, kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(o + kNonce, &clen, U(plaintext), plaintext.size(),
                                             U(ad), ad.size(), nullptr, o, key.data());
  out.resize(kNonce + clen);
  return out;
}

Result<SecretBytes> AeadOpen(const SecretBytes& key, std::string_view sealed, std::string_view ad) {
  Init();
  if (key.size() != kAeadKeyBytes) return InvalidArgument("wrong key size");
  if (sealed.size() < kAeadOverhead) return InvalidArgument("ciphertext too short");
  SecretBytes out(sealed.size() - kAeadOverhead);
  unsigned long long mlen = 0;
  const unsigned char* s = U(sealed);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &mlen, nullptr, s + kNonce,
                                                 sealed.size() - kNonce, U(ad), ad.size(), s,
                                                 key.data()) != 0) {
    return InvalidArgument("ciphertext does not authenticate");
  }
  return out;
}

}  // namespace portsafe::crypto

namespace portsafe::crypto {

SecretBytes DeriveSubkey(const SecretBytes& master, const char (&context)[9], std::uint64_t id) {
  SecretBytes out(32);
  crypto_kdf_derive_from_key(out.data(), out.size(), id, context, master.data());
  return out;
}

namespace {
std::string TaggedAd(std::string_view tag, std::string_view ad) {
  std::string out(tag);
  out += '|';
  out += ad;
  return out;
}
}  // namespace

std::string AeadSealTagged(const SecretBytes& key, std::string_view plaintext, std::string_view tag,
                           std::string_view ad) {
  std::string out(tag);
  out += AeadSeal(key, plaintext, TaggedAd(tag, ad));
  return out;
}

Result<SecretBytes> AeadOpenTagged(const SecretBytes& key, std::string_view sealed,
                                   std::string_view tag, std::string_view ad) {
  if (sealed.substr(0, tag.size()) == tag) {
    auto current = AeadOpen(key, sealed.substr(tag.size()), TaggedAd(tag, ad));
    if (current.ok()) return current;
  }
  return AeadOpen(key, sealed, ad);
}

}  // namespace portsafe::crypto
