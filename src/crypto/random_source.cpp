#include "crypto/random_source.h"

#include <pthread.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>

#include "crypto/sodium.h"

namespace portsafe::crypto {
namespace {

constexpr size_t kBuffer = 4096;
constexpr size_t kDirect = 512;  // larger requests go straight to getrandom

std::atomic<std::uint64_t> g_fork_generation{0};

struct ThreadBuffer {
  unsigned char bytes[kBuffer];
  size_t pos = kBuffer;  // kBuffer means empty
  std::uint64_t generation = 0;
  ~ThreadBuffer() { sodium_memzero(bytes, sizeof bytes); }
};
thread_local ThreadBuffer t_buffer;

void Buf(void* out, size_t n) {
  if (n > kDirect) {
    SystemRandom(static_cast<unsigned char*>(out), n);
    return;
  }
  ThreadBuffer& t = t_buffer;
  std::uint64_t gen = g_fork_generation.load(std::memory_order_relaxed);
  if (t.generation != gen) {  // forked since this buffer was filled
    sodium_memzero(t.bytes, sizeof t.bytes);
    t.pos = kBuffer;
    t.generation = gen;
  }
  auto* o = static_cast<unsigned char*>(out);
  while (n > 0) {
    if (t.pos == kBuffer) {
      SystemRandom(t.bytes, kBuffer);
      t.pos = 0;
    }
    size_t k = std::min(n, kBuffer - t.pos);
    std::memcpy(o, t.bytes + t.pos, k);
    sodium_memzero(t.bytes + t.pos, k);
    t.pos += k;
    o += k;
    n -= k;
  }
}

std::uint32_t Random() {
  std::uint32_t v;
  Buf(&v, sizeof v);
  return v;
}

const char* Name() { return "portsafe-getrandom-buffered"; }

randombytes_implementation g_impl = {
    Name,     // implementation_name
    Random,   // random
    nullptr,  // stir: nothing to stir
    nullptr,  // uniform: libsodium's generic rejection sampling over Random()
    Buf,      // buf
    nullptr,  // close
};

void AfterForkInChild() { g_fork_generation.fetch_add(1, std::memory_order_relaxed); }

}  // namespace

void InstallRandomSource() {
  pthread_atfork(nullptr, nullptr, AfterForkInChild);
  randombytes_set_implementation(&g_impl);
}

}  // namespace portsafe::crypto
