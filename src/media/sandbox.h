// The sandbox the media cleaner (portsafe-media) enters before it reads an
// untrusted file. After EnterSandbox() returns, for the rest of the process:
//   - no new privileges, no capabilities (bounding set emptied where allowed),
//     not dumpable (no core file, no ptrace by the same user);
//   - limits on address space, CPU seconds and file size (no file written);
//   - file system (Landlock): read-only access below the directories of
//     fonts and shared libraries, nothing else: not the instance's data
//     directory or keys, wherever they are. Where the kernel has no Landlock,
//     every open() is refused instead (seccomp);
//   - system calls (seccomp, libseccomp): an allow-list for reading, writing
//     open descriptors, memory and threads; no sockets (no network), no
//     exec, fork, ptrace, mount or namespace changes. Anything else fails
//     with EPERM.
// Not thread-safe: call it while the process has one thread, or before any
// thread reads untrusted data.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace portsafe::media {

struct SandboxLimits {
  std::uint64_t address_space_bytes = 1024ull * 1024 * 1024;
  unsigned cpu_seconds = 10;
};

struct SandboxReport {
  bool landlock = false;  // false: the kernel has none, so every open() is refused
  int landlock_abi = 0;
};

// kInternal when a step that must succeed fails (no_new_privs, seccomp).
Result<SandboxReport> EnterSandbox(const SandboxLimits& limits);

}  // namespace portsafe::media
