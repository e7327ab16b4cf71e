// The randombytes implementation libsodium uses in this process (keys,
// nonces, ids). Bytes come only from the system CSPRNG (getrandom(2)), read
// 4 KiB at a time into a per-thread buffer: each byte is handed out once and
// wiped from the buffer as it goes, and a forked child discards what its
// parent had buffered. This turns six system calls per report into one per
// ~100 reports (docs/performance.md). Receipts bypass it and read
// getrandom(2) directly (crypto::SystemRandom).
#pragma once

namespace portsafe::crypto {

// Installs the source; called by crypto::Init() before sodium_init().
void InstallRandomSource();

}  // namespace portsafe::crypto
