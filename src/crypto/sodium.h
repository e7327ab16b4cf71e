// libsodium set-up and the byte containers the crypto layer passes around.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/locked_memory.h"

namespace portsafe::crypto {

// Initialises libsodium once; safe to call from any thread, any number of
// times. Aborts the process if the library cannot be initialised, because
// nothing can be done safely without it.
void Init();

// Cryptographically secure random bytes (libsodium's randombytes, which here
// is the buffered getrandom(2) source of random_source.h).
std::string RandomBytes(size_t n);

// Bytes straight from the system CSPRNG (getrandom(2)), for receipts.
void SystemRandom(unsigned char* out, size_t n);

// Bytes that are wiped (sodium_memzero) when destroyed or overwritten. Use for
// keys and decrypted plaintext. Copying is allowed; each copy wipes itself.
// Up to kLockedSlotBytes (every key) live in locked memory kept out of core
// dumps (locked_memory.h).
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t n) : b_(n) {}
  explicit SecretBytes(std::string_view s) : b_(s.begin(), s.end()) {}
  SecretBytes(const SecretBytes& o) : b_(o.b_) {}
  SecretBytes(SecretBytes&& o) noexcept : b_(std::move(o.b_)) {}
  SecretBytes& operator=(const SecretBytes& o);
  SecretBytes& operator=(SecretBytes&& o) noexcept;
  ~SecretBytes();

  unsigned char* data() { return b_.data(); }
  const unsigned char* data() const { return b_.data(); }
  size_t size() const { return b_.size(); }
  bool empty() const { return b_.empty(); }
  std::string_view view() const { return {reinterpret_cast<const char*>(b_.data()), b_.size()}; }
  // A copy as std::string; the caller takes over wiping it.
  std::string str() const { return std::string(view()); }

 private:
  void Wipe();
  std::vector<unsigned char, KeyAllocator<unsigned char>> b_;
};

inline const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// BLAKE2b-256 of `domain` followed by `data`, keyed with `key` (16 to 64
// bytes). Domains of one length (or data of one length) keep hashes for
// different purposes apart.
std::string KeyedHash(const SecretBytes& key, std::string_view domain, std::string_view data);

// Lower-case hex of `bytes`.
std::string ToHex(std::string_view bytes);
// Whether `s` is something ToHex could have written: lower-case hex digits,
// an even number of them (empty is not).
bool IsLowerHex(std::string_view s);
// The bytes of what ToHex wrote; false (and `out` untouched) for anything
// IsLowerHex refuses.
bool FromHex(std::string_view hex, std::string* out);
// Standard base64 (with padding) and back; FromBase64 returns false on bad input.
std::string ToBase64(std::string_view bytes);
bool FromBase64(std::string_view text, std::string* out);

}  // namespace portsafe::crypto
