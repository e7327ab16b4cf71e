// The FileCleaner of `portsafe serve`: each file is cleaned by a new
// `portsafe-media clean <kind>` process (src/media/cleaner_main.cpp), which
// enters the sandbox (media/sandbox.h) before it reads the file from its
// standard input, and writes the cleaned image to its standard output
// (media/cleaner_protocol.h). A decoder that crashes, loops or runs out of
// memory costs only that file: the process dies or is killed, and Clean()
// answers kInvalidArgument.
#pragma once

#include <chrono>
#include <cstdint>
#include <semaphore>
#include <string>

#include "common/clock.h"
#include "media/file_cleaner.h"

namespace portsafe::media {

struct CleanerOptions {
  std::string helper;  // path of portsafe-media; DefaultHelperPath() when empty
  std::uint64_t memory_bytes = 1024ull * 1024 * 1024;  // the process's address space
  unsigned cpu_seconds = 10;                           // CPU time, then the kernel ends the process
  unsigned wall_seconds = 20;  // time, then the process ends itself (alarm) or is killed
};

// `portsafe-media` in the directory of the running program.
std::string DefaultHelperPath();

class SandboxedFileCleaner final : public FileCleaner {
 public:
  // Runs at most two cleaning processes at once; callers beyond that wait.
  // `clock` (must outlive this object) measures the time limit.
  SandboxedFileCleaner(CleanerOptions options, const Clock* clock);

  // Thread-safe.
  Result<CleanedFile> Clean(std::string_view data, core::FileKind kind) override;

  const std::string& helper() const { return options_.helper; }

 private:
  CleanerOptions options_;
  const Clock* clock_;
  std::counting_semaphore<2> slots_{2};
};

}  // namespace portsafe::media
