#include "crypto/service_sealer.h"

#include <sodium.h>

#include <cassert>
#include <cstdlib>

#include "crypto/aead.h"
#include "crypto/receipt.h"

namespace portsafe::crypto {
namespace {

constexpr std::string_view kMagic = "PSE1";

// The AEAD key for an epoch: BLAKE2b keyed with the X25519 shared key over
// the domain and both public keys, so the key is bound to this pair.
SecretBytes EpochKey(const unsigned char* shared, std::string_view epoch_pk,
                     std::string_view service_pk) {
  SecretBytes k(kAeadKeyBytes);
  crypto_generichash_state st;
  crypto_generichash_init(&st, shared, crypto_box_BEFORENMBYTES, k.size());
  constexpr std::string_view kDomain = "portsafe.service-seal.v1";
  crypto_generichash_update(&st, U(kDomain), kDomain.size());
  crypto_generichash_update(&st, U(epoch_pk), epoch_pk.size());
  crypto_generichash_update(&st, U(service_pk), service_pk.size());
  crypto_generichash_final(&st, k.data(), k.size());
  sodium_memzero(&st, sizeof st);
  return k;
}

}  // namespace

ServiceSealer::ServiceSealer(std::string service_public_key, const Clock* clock, size_t max_uses,
                             std::chrono::seconds max_age)
    : service_pk_(std::move(service_public_key)),
      clock_(clock),
      max_uses_(max_uses),
      max_age_(max_age) {
  assert(service_pk_.size() == kPublicKeyBytes);
  std::lock_guard lock(mu_);
  NewEpoch();
}

void ServiceSealer::NewEpoch() {
  KeyPair eph = GenerateKeyPair();
  unsigned char shared[crypto_box_BEFORENMBYTES];
  if (crypto_box_beforenm(shared, U(service_pk_), eph.private_key.data()) != 0) {
    // Only a degenerate service public key fails here, and IsUsablePublicKey
    // rejects those when the instance is loaded: a broken invariant.
    std::abort();
  }
  epoch_key_ = EpochKey(shared, eph.public_key, service_pk_);
  sodium_memzero(shared, sizeof shared);
  epoch_pk_ = eph.public_key;  // eph.private_key is wiped when eph goes
  epoch_tag_ = ToHex(RandomBytes(8));
  epoch_bucket_ = randombytes_uniform(kReceiptBuckets);
  uses_ = 0;
  epoch_start_ = clock_->Monotonic();
}

ServiceSealer::Ticket ServiceSealer::NewReport() {
  std::string suffix = ToHex(RandomBytes(8));
  std::lock_guard lock(mu_);
  if (uses_ >= max_uses_ || clock_->Monotonic() - epoch_start_ >= max_age_) {
    NewEpoch();
  }
  ++uses_;
  return Ticket{epoch_tag_ + suffix, epoch_bucket_, epoch_pk_, epoch_key_};
}

std::string ServiceSealer::Seal(const Ticket& ticket, const SecretBytes& content_key) {
  std::string out(kMagic);
  out += ticket.epoch_pk;
  out += AeadSeal(ticket.epoch_key, content_key.view(), ticket.report_id);
  return out;
}

bool IsUsablePublicKey(std::string_view public_key) {
  Init();
  if (public_key.size() != kPublicKeyBytes) return false;
  KeyPair probe = GenerateKeyPair();
  unsigned char shared[crypto_box_BEFORENMBYTES];
  bool ok = crypto_box_beforenm(shared, U(public_key), probe.private_key.data()) == 0;
  sodium_memzero(shared, sizeof shared);
  return ok;
}

Result<SecretBytes> OpenServiceSealed(const KeyPair& service, std::string_view report_id,
                                      std::string_view sealed) {
  return ServiceOpener(service).Open(report_id, sealed);
}

Result<SecretBytes> OpenServiceSealed(const KeyPair& service, const std::vector<KeyPair>& retired,
                                      std::string_view report_id, std::string_view sealed) {
  return ServiceOpener(service, &retired).Open(report_id, sealed);
}

Result<SecretBytes> ServiceOpener::Open(std::string_view report_id, std::string_view sealed) {
  Init();
  const size_t head = kMagic.size() + kPublicKeyBytes;
  if (sealed.size() < head + kAeadOverhead || sealed.substr(0, kMagic.size()) != kMagic) {
    return InvalidArgument("not a service-sealed key");
  }
  std::string_view epoch_pk = sealed.substr(kMagic.size(), kPublicKeyBytes);
  std::string_view body = sealed.substr(head);
  if (epoch_pk_ == epoch_pk && !epoch_key_.empty()) return AeadOpen(epoch_key_, body, report_id);
  // A new epoch: the current key first, then the retired ones; the key that
  // opens it is kept for the epoch's other reports.
  auto try_key = [&](const KeyPair& key) -> Result<SecretBytes> {
    unsigned char shared[crypto_box_BEFORENMBYTES];
    if (crypto_box_beforenm(shared, U(epoch_pk), key.private_key.data()) != 0) {
      return InvalidArgument("bad ephemeral key");
    }
    SecretBytes epoch_key = EpochKey(shared, epoch_pk, key.public_key);
    sodium_memzero(shared, sizeof shared);
    auto opened = AeadOpen(epoch_key, body, report_id);
    if (opened.ok()) {
      epoch_key_ = std::move(epoch_key);
      epoch_pk_ = std::string(epoch_pk);
    }
    return opened;
  };
  auto opened = try_key(service_);
  if (opened.ok() || retired_ == nullptr) return opened;
  for (const KeyPair& key : *retired_) {
    auto older = try_key(key);
    if (older.ok()) return older;
  }
  return opened;
}

}  // namespace portsafe::crypto
