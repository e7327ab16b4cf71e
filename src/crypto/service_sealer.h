// Seals report content keys to the service public key, fast.
//
// A sealed box (crypto_box_seal) costs one fresh X25519 exchange, about 80 us,
// per report: the largest cost of taking a report. The sealer amortises it.
// Each epoch it makes an ephemeral key pair, computes the shared key with the
// service public key once (crypto_box_beforenm), wipes the ephemeral secret,
// and derives an XChaCha20-Poly1305 key from the shared key and both public
// keys. Each content key is then sealed with that AEAD key (associated data:
// the report id). A sealed key is
//   "PSE1" || ephemeral public key (32) || nonce (24) || ciphertext (32 + 16)
// Staff recompute the shared key from the ephemeral public key and the
// service private key. An epoch ends after `max_uses` seals or `max_age`,
// whichever comes first, and its key is wiped, so the server can no longer
// open what it sealed, as with a sealed box. What this reveals is which
// reports were sealed in the same epoch (the same ephemeral public key), that
// is, that they arrived within `max_age` of each other; docs/security.md
// records this.
//
// The sealer also names reports: a report id is a random 8-byte tag of its
// epoch followed by 8 random bytes (32 hex digits), and gives each epoch a
// random receipt bucket (receipt.h) for the same reason. Reports of one epoch are
// thus neighbours in the database's B-tree, so a group commit writes a few
// pages instead of one page per report (2.4x the insert rate), while the
// order of epochs stays hidden. The shared tag reveals nothing the shared
// ephemeral key does not.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/sealed_box.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

class ServiceSealer {
 public:
  // Precondition: service_public_key has kPublicKeyBytes. `clock` (the
  // monotonic side, for an epoch's age) must outlive this.
  explicit ServiceSealer(std::string service_public_key, const Clock* clock, size_t max_uses = 256,
                         std::chrono::seconds max_age = std::chrono::seconds(60));

  // A new report in the current epoch: its id and what sealing needs.
  struct Ticket {
    std::string report_id;
    unsigned receipt_bucket = 0;  // the epoch's receipt bucket (receipt.h)
    std::string epoch_pk;
    SecretBytes epoch_key;
  };
  // Thread-safe.
  Ticket NewReport();
  // Seals a 32-byte content key for the ticket's report.
  static std::string Seal(const Ticket& ticket, const SecretBytes& content_key);

 private:
  void NewEpoch();  // requires mu_

  const std::string service_pk_;
  const Clock* clock_;
  const size_t max_uses_;
  const std::chrono::seconds max_age_;
  std::mutex mu_;
  std::string epoch_pk_;
  std::string epoch_tag_;  // hex of 8 random bytes
  unsigned epoch_bucket_ = 0;
  SecretBytes epoch_key_;
  size_t uses_ = 0;
  std::chrono::steady_clock::time_point epoch_start_;
};

// False for a public key that X25519 cannot use (a low-order point).
bool IsUsablePublicKey(std::string_view public_key);

// Opens a sealed content key with the service key pair and, failing that,
// with each of `retired` (the pairs rotations replaced: a report filed
// before a rotation was sealed to one of them). kInvalidArgument when it is
// malformed, was sealed to none of these keys, or belongs to another report.
Result<SecretBytes> OpenServiceSealed(const KeyPair& service, std::string_view report_id,
                                      std::string_view sealed);
Result<SecretBytes> OpenServiceSealed(const KeyPair& service, const std::vector<KeyPair>& retired,
                                      std::string_view report_id, std::string_view sealed);

// Opens many sealed content keys with one service key pair (and the retired
// pairs, as OpenServiceSealed), keeping the last epoch's key, so the reports
// of one epoch cost one X25519 exchange (for indexing reports in bulk). Not
// thread-safe; `service` and `retired` must outlive it. The kept key is
// wiped with the opener.
class ServiceOpener {
 public:
  explicit ServiceOpener(const KeyPair& service, const std::vector<KeyPair>* retired = nullptr)
      : service_(service), retired_(retired) {}
  // As OpenServiceSealed.
  Result<SecretBytes> Open(std::string_view report_id, std::string_view sealed);

 private:
  const KeyPair& service_;
  const std::vector<KeyPair>* retired_;
  std::string epoch_pk_;
  SecretBytes epoch_key_;
};

}  // namespace portsafe::crypto
