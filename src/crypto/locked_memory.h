// Memory for keys that is locked in RAM (never swapped) and left out of core
// dumps, for SecretBytes of key size.
//
// Why not sodium_malloc: it maps four pages and makes five system calls for
// every allocation (and as many to free it), and keys are made and dropped on
// every request (a session's keys, the epoch keys, the receipt's keys). This
// hands out 64-byte slots from chunks of four pages, each chunk mapped once,
// marked MADV_DONTDUMP and mlock(2)ed, and never given back; a freed slot is
// wiped before it is kept for the next key.
//
// Thread-safe. Larger secrets (decrypted report text, files) are not locked:
// they are wiped when freed (SecretBytes), and locking them could reach the
// process's RLIMIT_MEMLOCK.
#pragma once

#include <cstddef>
#include <new>

namespace portsafe::crypto {

// The largest allocation the locked pool serves (a 64-byte signing key).
inline constexpr size_t kLockedSlotBytes = 64;

// A slot of kLockedSlotBytes from the locked pool. Throws std::bad_alloc when
// no chunk can be mapped. Never returns null.
void* LockedAllocate();
// Wipes `p` (from LockedAllocate) and keeps it for the next key.
void LockedFree(void* p) noexcept;

// How the pool stands, for the start-up check and tests.
struct LockedPoolStats {
  size_t chunks = 0;         // chunks mapped
  size_t locked_chunks = 0;  // of those, locked by mlock (the rest: RLIMIT_MEMLOCK reached)
  size_t slots_in_use = 0;
};
LockedPoolStats LockedPool();

// An allocator for std::vector: key-sized requests come from the locked pool,
// larger ones from operator new.
template <typename T>
struct KeyAllocator {
  using value_type = T;
  KeyAllocator() = default;
  template <typename U>
  KeyAllocator(const KeyAllocator<U>&) noexcept {}

  T* allocate(size_t n) {
    if (n * sizeof(T) <= kLockedSlotBytes) return static_cast<T*>(LockedAllocate());
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) <= kLockedSlotBytes) {
      LockedFree(p);
    } else {
      ::operator delete(p);
    }
  }
  template <typename U>
  bool operator==(const KeyAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace portsafe::crypto
