#include "crypto/password.h"

#include <sodium.h>

#include "crypto/aead.h"
#include "crypto/base32.h"

namespace portsafe::crypto {
namespace {

// A wrapped private key is "PSK1" || AEAD(wrap key, private key) with the
// associated data "PSK1|portsafe:user-key" (docs/formats.md); version 0 had
// no tag and the associated data without "PSK1|".
constexpr std::string_view kWrapAd = "portsafe:user-key";

struct Derived {
  std::string verifier;
  SecretBytes wrap_key;
};

Result<Derived> Derive(std::string_view password, const PasswordRecord& rec) {
  if (rec.salt.size() != crypto_pwhash_SALTBYTES) return Internal("bad password salt");
  SecretBytes out(64);
  if (crypto_pwhash(out.data(), out.size(), password.data(), password.size(), U(rec.salt), rec.ops,
                    static_cast<size_t>(rec.mem), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("out of memory deriving a password key");
  }
  Derived d;
  d.verifier.resize(32);
  crypto_generichash(reinterpret_cast<unsigned char*>(d.verifier.data()), 32, out.data(), 32,
                     nullptr, 0);
  d.wrap_key = SecretBytes(out.view().substr(32, 32));
  return d;
}

Result<WrappedUserKey> WrapWithPassword(const WrappedUserKey& base, const KeyPair& kp,
                                        std::string_view password) {
  if (auto why = CheckNewPassword(password); !why.empty()) return InvalidArgument(why);
  WrappedUserKey w = base;
  w.password.salt = RandomBytes(crypto_pwhash_SALTBYTES);
  w.password.ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  w.password.mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  auto d = Derive(password, w.password);
  if (!d.ok()) return d.error();
  w.password.verifier = d->verifier;
  w.wrapped_by_password = AeadSealTagged(d->wrap_key, kp.private_key.view(), kUserKeyTag, kWrapAd);
  return w;
}

Result<KeyPair> Unwrap(const WrappedUserKey& stored, const SecretBytes& key,
                       std::string_view wrapped) {
  auto priv = AeadOpenTagged(key, wrapped, kUserKeyTag, kWrapAd);
  if (!priv.ok() || priv->size() != kPrivateKeyBytes) {
    return Unauthenticated("wrong password or recovery code");
  }
  return KeyPair{stored.public_key, std::move(*priv)};
}

// A recovery code is 20 random bytes written as 32 base-32 symbols in eight
// groups of four; the wrapping key is their keyed BLAKE2b. Codes made before
// were base64 of the 32-byte key itself, and still open.
constexpr size_t kRecoveryBytes = 20;
constexpr size_t kRecoverySymbols = 32;
constexpr std::string_view kRecoveryDomain("portsafe.recovery-code.v2\0\0\0\0\0\0\0", 32);

SecretBytes RecoveryWrapKey(std::string_view raw) {
  std::string k = KeyedHash(SecretBytes(raw), kRecoveryDomain, "");
  SecretBytes key(k);
  sodium_memzero(k.data(), k.size());
  return key;
}

std::string TooLong() {
  return "a password may have at most " + std::to_string(kPasswordMaxChars) + " characters";
}

}  // namespace

std::string CheckNewPassword(std::string_view password) {
  if (password.size() > kPasswordMaxBytes) return TooLong();
  size_t chars = 0;
  for (size_t i = 0; i < password.size(); ++i) {
    const auto c = static_cast<unsigned char>(password[i]);
    if ((c & 0xC0) == 0x80) continue;                           // inside a character
    if (c == ' ' && i > 0 && password[i - 1] == ' ') continue;  // a run of spaces is one
    ++chars;
  }
  if (chars < kPasswordMinChars) {
    return "a password needs at least " + std::to_string(kPasswordMinChars) + " characters";
  }
  if (chars > kPasswordMaxChars) return TooLong();
  return {};
}

Result<NewUserKey> MakeUserKey(std::string_view password) {
  KeyPair kp = GenerateKeyPair();
  WrappedUserKey base;
  base.public_key = kp.public_key;
  SecretBytes raw(RandomBytes(kRecoveryBytes));
  base.wrapped_by_recovery =
      AeadSealTagged(RecoveryWrapKey(raw.view()), kp.private_key.view(), kUserKeyTag, kWrapAd);
  auto w = WrapWithPassword(base, kp, password);
  if (!w.ok()) return w.error();
  return NewUserKey{std::move(*w), Base32Grouped(Base32Encode(raw.view()), 4)};
}

Result<KeyPair> UnlockUserKey(const WrappedUserKey& stored, std::string_view password) {
  if (password.size() > kPasswordMaxBytes) {
    return Unauthenticated("wrong password or recovery code");
  }
  auto d = Derive(password, stored.password);
  if (!d.ok()) return d.error();
  if (d->verifier.size() != stored.password.verifier.size() ||
      sodium_memcmp(d->verifier.data(), stored.password.verifier.data(), d->verifier.size()) != 0) {
    return Unauthenticated("wrong password or recovery code");
  }
  return Unwrap(stored, d->wrap_key, stored.wrapped_by_password);
}

Result<KeyPair> UnlockUserKeyWithRecovery(const WrappedUserKey& stored,
                                          std::string_view recovery_code) {
  if (recovery_code.size() > 128) return Unauthenticated("wrong password or recovery code");
  if (auto symbols = Base32Canonical(recovery_code, kRecoverySymbols);
      symbols && symbols->size() == kRecoverySymbols) {
    auto raw = Base32Decode(*symbols);
    if (!raw || raw->size() != kRecoveryBytes) {
      return Unauthenticated("wrong password or recovery code");
    }
    SecretBytes key = RecoveryWrapKey(*raw);
    sodium_memzero(raw->data(), raw->size());
    return Unwrap(stored, key, stored.wrapped_by_recovery);
  }
  std::string raw;  // a code made before: base64 of the key
  if (!FromBase64(recovery_code, &raw) || raw.size() != 32) {
    return Unauthenticated("wrong password or recovery code");
  }
  SecretBytes key(raw);
  sodium_memzero(raw.data(), raw.size());
  return Unwrap(stored, key, stored.wrapped_by_recovery);
}

Result<WrappedUserKey> RewrapUserKey(const WrappedUserKey& stored, const KeyPair& kp,
                                     std::string_view new_password) {
  return WrapWithPassword(stored, kp, new_password);
}

}  // namespace portsafe::crypto
