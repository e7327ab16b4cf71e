#include "crypto/locked_memory.h"

#include <sodium.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mutex>
#include <vector>

namespace portsafe::crypto {
namespace {

constexpr size_t kChunkPages = 4;

class Pool {
 public:
  void* Take() {
    std::lock_guard lock(mu_);
    if (free_.empty()) Grow();
    void* p = free_.back();
    free_.pop_back();
    ++in_use_;
    return p;
  }

  void Give(void* p) noexcept {
    sodium_memzero(p, kLockedSlotBytes);
    std::lock_guard lock(mu_);
    // Reserved for every slot when its chunk was mapped: cannot throw.
    free_.push_back(p);
    --in_use_;
  }

  LockedPoolStats Stats() {
    std::lock_guard lock(mu_);
    return {chunks_, locked_chunks_, in_use_};
  }

 private:
  // Maps one more chunk, marks it and splits it into slots. Requires mu_.
  void Grow() {
    const long page = ::sysconf(_SC_PAGESIZE);
    const size_t bytes = kChunkPages * static_cast<size_t>(page > 0 ? page : 4096);
    void* chunk =
        ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (chunk == MAP_FAILED) throw std::bad_alloc();
    // Out of core dumps whether or not the lock below is granted.
    (void)::madvise(chunk, bytes, MADV_DONTDUMP);
    // The system call itself, not mlock(3): the sanitizers' runtimes replace
    // mlock with a no-op that reports success, and a key must be locked in
    // those builds too.
    if (::syscall(SYS_mlock, chunk, bytes) == 0) ++locked_chunks_;
    ++chunks_;
    const size_t slots = bytes / kLockedSlotBytes;
    free_.reserve(chunks_ * slots);
    auto* base = static_cast<unsigned char*>(chunk);
    for (size_t i = slots; i-- > 0;) free_.push_back(base + i * kLockedSlotBytes);
  }

  std::mutex mu_;
  std::vector<void*> free_;
  size_t chunks_ = 0;
  size_t locked_chunks_ = 0;
  size_t in_use_ = 0;
};

// Never destroyed: keys held by static objects are freed after main returns.
Pool& ThePool() {
  static Pool* pool = new Pool();
  return *pool;
}

}  // namespace

void* LockedAllocate() { return ThePool().Take(); }

void LockedFree(void* p) noexcept {
  if (p != nullptr) ThePool().Give(p);
}

LockedPoolStats LockedPool() { return ThePool().Stats(); }

}  // namespace portsafe::crypto
