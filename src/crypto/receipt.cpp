#include "crypto/receipt.h"

#include <sodium.h>

#include <cassert>

#include "crypto/base32.h"

namespace portsafe::crypto {
namespace {

constexpr size_t kMaxInput = 64;

}  // namespace

Receipt Receipt::Generate(unsigned bucket) {
  Init();
  assert(bucket < kReceiptBuckets);
  std::string s(kReceiptSymbols, '0');
  s[0] = kBase32Alphabet[(bucket >> 5) & 31];
  s[1] = kBase32Alphabet[bucket & 31];
  // 12 bytes from the system CSPRNG in one call; the first 90 bits become
  // the eighteen 5-bit symbols of the receipt's own part.
  unsigned char bits[12];
  SystemRandom(bits, sizeof bits);
  for (size_t i = 2; i < kReceiptSymbols; ++i) {
    size_t bit = (i - 2) * 5;
    unsigned v = (static_cast<unsigned>(bits[bit / 8]) << 8) | bits[bit / 8 + 1];
    s[i] = kBase32Alphabet[(v >> (11 - bit % 8)) & 31];
  }
  sodium_memzero(bits, sizeof bits);
  return Receipt(std::move(s));
}

Receipt Receipt::Generate() {
  unsigned char b[2];
  SystemRandom(b, sizeof b);
  return Generate(((unsigned{b[0]} << 8) | b[1]) % kReceiptBuckets);
}

Result<Receipt> Receipt::Parse(std::string_view text) {
  if (text.size() > kMaxInput) return InvalidArgument("not a receipt");
  auto s = Base32Canonical(text, kReceiptSymbols);
  if (!s || s->size() != kReceiptSymbols) return InvalidArgument("not a receipt");
  return Receipt(std::move(*s));
}

std::string Receipt::Display() const { return Base32Grouped(canonical_, 4); }

ReceiptKeys DeriveReceiptKeys(const SecretBytes& instance_secret, const Receipt& receipt) {
  Init();
  assert(instance_secret.size() == kInstanceSecretBytes);
  ReceiptKeys k;
  k.lookup_id = receipt.canonical().substr(0, 2) +
                KeyedHash(instance_secret, std::string_view("portsafe.receipt.lookup\0", 24),
                          receipt.canonical())
                    .substr(0, 30);
  std::string wrap = KeyedHash(instance_secret, std::string_view("portsafe.receipt.wrap\0\0\0", 24),
                               receipt.canonical());
  k.wrap_key = SecretBytes(wrap);
  sodium_memzero(wrap.data(), wrap.size());
  return k;
}

}  // namespace portsafe::crypto
