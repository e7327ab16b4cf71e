// A fixed random stream for known-answer tests: once installed, every
// random byte libsodium hands out in this process (nonces, ephemeral keys,
// stream headers, ids) comes from a keyed stream that restarts at each
// FixedRandom::Reset, so an encoder given fixed keys gives fixed bytes.
// Test binaries only: a process that installs it has no randomness left.
#pragma once

#include <string_view>

namespace portsafe::testing {

class FixedRandom {
 public:
  // Replaces the process's random source (after crypto::Init(), which would
  // otherwise install the system one over it). Not thread-safe: call once,
  // before any other thread uses libsodium.
  static void Install();
  // Restarts the stream from `seed`: the same seed gives the same bytes.
  static void Reset(std::string_view seed);
};

}  // namespace portsafe::testing
