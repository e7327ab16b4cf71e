// Keys live in memory that is locked (never swapped) and left out of core
// dumps; checked against what the kernel says of the mapping (/proc/self/smaps).
#include "crypto/locked_memory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/sealed_box.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {
namespace {

// The "VmFlags:" line of the mapping that holds `p`, or "" when none does.
std::string VmFlagsOf(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> from >> dash >> to && dash == '-' && line.find(':') > line.find(' ')) {
      inside = from <= at && at < to;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

bool HasFlag(const std::string& flags, const std::string& flag) {
  return (flags + " ").find(" " + flag + " ") != std::string::npos;
}

TEST(LockedMemoryTest, AKeyIsLockedAndLeftOutOfCoreDumps) {
  Init();
  KeyPair pair = GenerateKeyPair();
  const std::string flags = VmFlagsOf(pair.private_key.data());
  ASSERT_FALSE(flags.empty()) << "no mapping holds the key";
  EXPECT_TRUE(HasFlag(flags, "dd")) << flags;  // MADV_DONTDUMP
  EXPECT_TRUE(HasFlag(flags, "lo")) << flags;  // mlock(2)
  const LockedPoolStats stats = LockedPool();
  EXPECT_GE(stats.chunks, 1u);
  EXPECT_EQ(stats.locked_chunks, stats.chunks);

  // A copy is a key too.
  SecretBytes copy = pair.private_key;
  EXPECT_TRUE(HasFlag(VmFlagsOf(copy.data()), "dd"));
  EXPECT_NE(copy.data(), pair.private_key.data());

  // Ordinary heap memory is neither: the check above can tell them apart.
  std::vector<unsigned char> ordinary(32);
  const std::string heap = VmFlagsOf(ordinary.data());
  EXPECT_FALSE(HasFlag(heap, "dd")) << heap;
  EXPECT_FALSE(HasFlag(heap, "lo")) << heap;
}

TEST(LockedMemoryTest, AFreedKeyIsWipedBeforeItsSlotIsUsedAgain) {
  Init();
  const size_t before = LockedPool().slots_in_use;
  const unsigned char* where = nullptr;
  {
    SecretBytes key(std::string(32, '\x5a'));
    where = key.data();
    EXPECT_EQ(LockedPool().slots_in_use, before + 1);
  }
  EXPECT_EQ(LockedPool().slots_in_use, before);
  // The pool keeps its chunks mapped, so the freed slot can be read.
  for (size_t i = 0; i < kLockedSlotBytes; ++i) ASSERT_EQ(where[i], 0) << i;
}

TEST(LockedMemoryTest, OnlyKeySizedSecretsComeFromThePool) {
  Init();
  const size_t before = LockedPool().slots_in_use;
  SecretBytes largest(kLockedSlotBytes);
  EXPECT_EQ(LockedPool().slots_in_use, before + 1);
  SecretBytes plaintext(kLockedSlotBytes + 1);  // decrypted text: wiped, not locked
  EXPECT_EQ(LockedPool().slots_in_use, before + 1);
  SecretBytes empty;
  EXPECT_EQ(LockedPool().slots_in_use, before + 1);
}

TEST(LockedMemoryTest, ManyThreadsTakeAndGiveBackWithoutSharingASlot) {
  Init();
  const size_t before = LockedPool().slots_in_use;
  std::vector<std::thread> threads;
  std::vector<int> clashes(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &clashes] {
      std::vector<SecretBytes> held;
      for (int round = 0; round < 2000; ++round) {
        held.emplace_back(std::string(32, static_cast<char>('a' + t)));
        if (held.size() > 50) held.erase(held.begin());
        for (const auto& k : held) {
          if (k.view() != std::string(32, static_cast<char>('a' + t))) ++clashes[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int c : clashes) EXPECT_EQ(c, 0);
  EXPECT_EQ(LockedPool().slots_in_use, before);
}

}  // namespace
}  // namespace portsafe::crypto
