#include "media/sandboxed_cleaner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "common/log.h"
#include "media/cleaner_protocol.h"

extern char** environ;

namespace portsafe::media {
namespace {

// Output beyond this is not an image the cleaner would make.
constexpr size_t kReadMax = 300u * 1024 * 1024;

struct Fd {
  int fd = -1;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

struct Child {
  pid_t pid = -1;
  ~Child() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      int st;
      while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
      }
    }
  }
  // The exit status (as waitpid gives it); the process is gone after this.
  int Wait() {
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    pid = -1;
    return st;
  }
};

}  // namespace

std::string DefaultHelperPath() {
  std::vector<char> buf(PATH_MAX + 1);
  const ssize_t n = readlink("/proc/self/exe", buf.data(), PATH_MAX);
  if (n <= 0) return "portsafe-media";
  std::string self(buf.data(), static_cast<size_t>(n));
  const size_t slash = self.rfind('/');
  return (slash == std::string::npos ? std::string(".") : self.substr(0, slash)) +
         "/portsafe-media";
}

SandboxedFileCleaner::SandboxedFileCleaner(CleanerOptions options, const Clock* clock)
    : options_(std::move(options)), clock_(clock) {
  if (options_.helper.empty()) options_.helper = DefaultHelperPath();
}

Result<CleanedFile> SandboxedFileCleaner::Clean(std::string_view data, core::FileKind kind) {
  slots_.acquire();
  struct Release {
    std::counting_semaphore<2>* s;
    ~Release() { s->release(); }
  } release{&slots_};

  // The file goes in through a socket pair, so that writing after the
  // cleaner has died is an error (MSG_NOSIGNAL), never a SIGPIPE.
  int in_pipe[2], out_pipe[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pipe) != 0)
    return Unavailable("the file cleaner cannot start");
  Fd in_read{in_pipe[0]}, in_write{in_pipe[1]};
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return Unavailable("the file cleaner cannot start");
  Fd out_read{out_pipe[0]}, out_write{out_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.fd, 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The server ignores SIGPIPE; the cleaner starts with default handlers
  // and an empty signal mask.
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  const std::string kind_arg(core::FileKindName(kind));
  const std::string memory_arg = std::to_string(options_.memory_bytes / (1024 * 1024));
  const std::string cpu_arg = std::to_string(options_.cpu_seconds);
  const std::string wall_arg = std::to_string(options_.wall_seconds);
  std::vector<char*> argv = {
      const_cast<char*>(options_.helper.c_str()), const_cast<char*>("clean"),
      const_cast<char*>(kind_arg.c_str()),        const_cast<char*>("--memory-mb"),
      const_cast<char*>(memory_arg.c_str()),      const_cast<char*>("--cpu-seconds"),
      const_cast<char*>(cpu_arg.c_str()),         const_cast<char*>("--wall-seconds"),
      const_cast<char*>(wall_arg.c_str()),        nullptr};
  // Nothing of the server's environment reaches the cleaner.
  char* envp[] = {const_cast<char*>("LC_ALL=C"), nullptr};
  Child child;
  const int rc =
      posix_spawn(&child.pid, options_.helper.c_str(), &actions, &attr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    child.pid = -1;
    log::Error("the file cleaner cannot start", {{"helper", options_.helper}});
    return Unavailable("the file cleaner cannot start");
  }
  in_read.Close();
  out_write.Close();
  fcntl(in_write.fd, F_SETFL, O_NONBLOCK);
  fcntl(out_read.fd, F_SETFL, O_NONBLOCK);

  const auto deadline = clock_->Monotonic() + std::chrono::seconds(options_.wall_seconds + 2);
  size_t sent = 0;
  std::string out;
  bool timed_out = false;
  while (out_read.fd >= 0) {
    pollfd fds[2];
    int n = 0;
    fds[n++] = {out_read.fd, POLLIN, 0};
    if (in_write.fd >= 0) fds[n++] = {in_write.fd, POLLOUT, 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_->Monotonic());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    const int ready = poll(fds, n, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t w = send(in_write.fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (w > 0) sent += static_cast<size_t>(w);
      if (w < 0 && errno != EAGAIN && errno != EINTR)
        in_write.Close();                         // the cleaner stopped reading
      if (sent == data.size()) in_write.Close();  // end of file for the cleaner
    }
    if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
      char buf[65536];
      const ssize_t r = read(out_read.fd, buf, sizeof buf);
      if (r > 0) {
        out.append(buf, static_cast<size_t>(r));
        if (out.size() > kReadMax) break;
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        out_read.Close();
      }
    }
  }
  if (out_read.fd >= 0) {  // timed out or too much output
    kill(child.pid, SIGKILL);
  }
  const int status = child.Wait();
  if (timed_out) return InvalidArgument("the file took too long to clean");
  if (!WIFEXITED(status)) return InvalidArgument("the file cleaner stopped on this file");
  if (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 2)
    return InvalidArgument("the file cleaner failed on this file");
  return ParseCleanerOutput(out);
}

}  // namespace portsafe::media
