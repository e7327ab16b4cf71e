// The reporter's receipt: 20 Crockford base-32 characters in five groups of
// four (e.g. "7K3M-QX9D-H2PA-T4RC-W8NB"), all from the system CSPRNG
// (getrandom). The first two symbols are a 10-bit bucket that all receipts of
// one sealing epoch share (see service_sealer.h); the other 18 symbols are 90
// bits of the receipt's own. The lookup id stored in the database begins with
// the bucket, so the index entries of one epoch sit together and a group
// commit touches a few index pages instead of one per report; the price is
// that the database shows 10 bits of each receipt, leaving 90 unknown.
// Parsing is case-insensitive, ignores spaces and hyphens, and reads the
// look-alikes O as 0 and I/L as 1, so a receipt copied by hand still works.
// With 90 secret bits a keyed BLAKE2b (the instance secret is the key) is
// enough to derive the lookup id and the wrapping key: no slow KDF.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

inline constexpr size_t kReceiptSymbols = 20;
inline constexpr unsigned kReceiptBuckets = 1024;  // 10 bits, two symbols
inline constexpr size_t kInstanceSecretBytes = 32;

class Receipt {
 public:
  // A fresh receipt in `bucket` (< kReceiptBuckets): 90 bits from getrandom.
  static Receipt Generate(unsigned bucket);
  // A fresh receipt in a random bucket.
  static Receipt Generate();
  // kInvalidArgument for anything that is not a well-formed receipt. Never
  // says which character is wrong (that would help guessing nothing, but it
  // also helps nobody).
  static Result<Receipt> Parse(std::string_view text);

  // The 20 canonical symbols, upper case, no separators.
  const std::string& canonical() const { return canonical_; }
  // Grouped for people: "XXXX-XXXX-XXXX-XXXX-XXXX".
  std::string Display() const;

 private:
  explicit Receipt(std::string canonical) : canonical_(std::move(canonical)) {}
  std::string canonical_;
};

struct ReceiptKeys {
  // 32 bytes, stored in the database to find the report: the receipt's two
  // bucket symbols, then 30 bytes of keyed hash over the whole receipt.
  std::string lookup_id;
  SecretBytes wrap_key;  // 32 bytes, never stored: wraps the report's content key
};

// Precondition: instance_secret.size() == kInstanceSecretBytes.
ReceiptKeys DeriveReceiptKeys(const SecretBytes& instance_secret, const Receipt& receipt);

}  // namespace portsafe::crypto
