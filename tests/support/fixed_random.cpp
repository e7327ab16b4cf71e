#include "support/fixed_random.h"

#include <sodium.h>

#include <cstdint>
#include <cstring>

#include "crypto/sodium.h"

namespace portsafe::testing {
namespace {

// The stream: block i is randombytes_buf_deterministic under the key
// BLAKE2b(seed, i); bytes are taken from it in order.
unsigned char g_seed[randombytes_SEEDBYTES];
std::uint64_t g_block = 0;
unsigned char g_buf[64];
size_t g_left = 0;

void Refill() {
  unsigned char key[randombytes_SEEDBYTES];
  unsigned char counter[8];
  for (int i = 0; i < 8; ++i) counter[i] = static_cast<unsigned char>(g_block >> (8 * i));
  crypto_generichash(key, sizeof key, counter, sizeof counter, g_seed, sizeof g_seed);
  randombytes_buf_deterministic(g_buf, sizeof g_buf, key);
  ++g_block;
  g_left = sizeof g_buf;
}

void Buf(void* out, size_t n) {
  auto* o = static_cast<unsigned char*>(out);
  while (n > 0) {
    if (g_left == 0) Refill();
    size_t take = n < g_left ? n : g_left;
    std::memcpy(o, g_buf + sizeof g_buf - g_left, take);
    g_left -= take;
    o += take;
    n -= take;
  }
}

uint32_t Random() {
  uint32_t v;
  Buf(&v, sizeof v);
  return v;
}

const char* Name() { return "portsafe-fixed-for-tests"; }

randombytes_implementation g_impl = {Name, Random, nullptr, nullptr, Buf, nullptr};

}  // namespace

void FixedRandom::Install() {
  crypto::Init();
  Reset("");
  randombytes_set_implementation(&g_impl);
}

void FixedRandom::Reset(std::string_view seed) {
  crypto_generichash(g_seed, sizeof g_seed, reinterpret_cast<const unsigned char*>(seed.data()),
                     seed.size(), nullptr, 0);
  g_block = 0;
  g_left = 0;
}

}  // namespace portsafe::testing
