// Runs the real `portsafe` binary for integration tests: a fresh instance in a
// temporary directory, `portsafe serve --listen 127.0.0.1:0`, logs to a file.
// The destructor stops the server (SIGTERM) and removes the directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace portsafe::testing {

// The public URL test instances are made with (reporting and invitation links).
inline constexpr const char* kTestPublicUrl = "https://portsafe.test";

class ServerProcess {
 public:
  // Initialises an instance under dir/data (recovery key dir/recovery.key,
  // public URL kTestPublicUrl; no limit on new reports unless `extra_args`
  // sets --new-reports-per-second),
  // unless `init` is false and one is there already, and starts serving it.
  // Check ok() before use.
  explicit ServerProcess(const std::string& dir, std::vector<std::string> extra_args = {},
                         bool init = true);
  ~ServerProcess();

  bool ok() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  // The first line the server printed ("PortSafe is serving on ...").
  const std::string& banner() const { return banner_; }
  const std::string& log_path() const { return log_path_; }
  // The server's standard error (sanitizer reports land here), appended to
  // across restarts in the same directory.
  const std::string& stderr_path() const { return stderr_path_; }
  const std::string& recovery_key_path() const { return recovery_path_; }
  // SIGTERM and wait; returns the exit status.
  int Stop();
  // SIGTERM and wait at most `limit`: the exit status; -2 when it had not
  // exited by then (it is killed); -100 - N when signal N ended it.
  int Stop(std::chrono::milliseconds limit);
  // SIGKILL: the process dies at once, as in a crash.
  void Kill();

 private:
  std::string data_dir_, log_path_, stderr_path_, recovery_path_, banner_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// Runs `portsafe` with args, capturing stdout+stderr; returns the exit code.
// Standard input is the file `stdin_path` (none: /dev/null).
int RunPortsafe(const std::vector<std::string>& args, std::string* output,
                const std::string& stdin_path = "");

}  // namespace portsafe::testing
