#include "support/server_process.h"

#include <algorithm>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#ifndef PORTSAFE_BINARY
#error "PORTSAFE_BINARY must name the portsafe executable"
#endif

namespace portsafe::testing {

namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> v;
  for (auto& a : args) v.push_back(a.data());
  v.push_back(nullptr);
  return v;
}

// Starts `args` with stdout (and, when merge_stderr, stderr) on a pipe whose
// read end is returned in *read_fd; stderr otherwise goes to the file
// `stderr_path` (appended), or /dev/null when it is empty. Standard input is
// the file `stdin_path`, or /dev/null when it is empty.
pid_t Spawn(std::vector<std::string> args, bool merge_stderr, int* read_fd,
            const std::string& stdin_path = "", const std::string& stderr_path = "") {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
    if (in < 0) _exit(126);
    dup2(in, 0);
    close(in);
    dup2(fds[1], 1);
    dup2(merge_stderr          ? fds[1]
         : stderr_path.empty() ? open("/dev/null", O_WRONLY)
                               : open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600),
         2);
    close(fds[0]);
    close(fds[1]);
    auto argv = Argv(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  *read_fd = fds[0];
  return pid;
}

}  // namespace

int RunPortsafe(const std::vector<std::string>& args_in, std::string* output,
                const std::string& stdin_path) {
  std::vector<std::string> args = {PORTSAFE_BINARY};
  args.insert(args.end(), args_in.begin(), args_in.end());
  int fd = -1;
  pid_t pid = Spawn(args, true, &fd, stdin_path);
  if (pid < 0) return -1;
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::ServerProcess(const std::string& dir, std::vector<std::string> extra, bool init) {
  data_dir_ = dir + "/data";
  log_path_ = dir + "/server.log";
  stderr_path_ = dir + "/server.stderr";
  recovery_path_ = dir + "/recovery.key";
  if (init && RunPortsafe({"init", "--data", data_dir_, "--recovery-key-out", recovery_path_,
                           "--public-url", kTestPublicUrl},
                          nullptr) != 0) {
    return;
  }
  std::vector<std::string> args = {PORTSAFE_BINARY, "serve",       "--data",     data_dir_,
                                   "--listen",      "127.0.0.1:0", "--log-file", log_path_};
  // Tests send reports as fast as they like unless they test the
  // admission queue itself.
  if (std::find(extra.begin(), extra.end(), "--new-reports-per-second") == extra.end()) {
    args.insert(args.end(), {"--new-reports-per-second", "0"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  int fd = -1;
  pid_ = Spawn(args, false, &fd, "", stderr_path_);
  if (pid_ < 0) return;
  // The first line names the address: "PortSafe is serving on http://127.0.0.1:PORT/".
  std::string line;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  close(fd);
  banner_ = line;
  auto colon = line.rfind(':');
  if (colon != std::string::npos)
    port_ = static_cast<std::uint16_t>(std::atoi(line.c_str() + colon + 1));
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int ServerProcess::Stop(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      Kill();
      return -2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling the child, not time
  }
  pid_ = -1;
  if (WIFSIGNALED(status)) return -100 - WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() { Stop(); }

}  // namespace portsafe::testing
