// portsafe-media: cleans one uploaded file in a sandbox. The server starts
// one such process per file (media::SandboxedFileCleaner); nothing else
// needs to run it. See `portsafe-media --help`.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "core/file_kind.h"
#include "core/limits.h"
#include "media/cleaner_protocol.h"
#include "media/sandbox.h"
#include "media/vips_clean.h"

namespace {

using portsafe::core::FileKind;
namespace media = portsafe::media;

constexpr const char* kHelp = R"(Usage:
  portsafe-media clean KIND [--memory-mb N] [--cpu-seconds N] [--wall-seconds N]
  portsafe-media check-sandbox PATH [PID]
  portsafe-media --help

clean: reads one uploaded file on standard input, decodes it, and writes the
  picture encoded again, with no metadata, to standard output:
    PSM1 ok <image/jpeg|image/png> <length>\n<bytes>
  or "PSM1 error <decode|too_large|unsupported>\n" with exit status 2.
  KIND is jpeg, png, gif, webp, tiff, heif or pdf, as the server read it from
  the file's first bytes. Before it reads the file, the process enters its
  sandbox: no network, no new processes, no capabilities, no writing files,
  reading only shared libraries and fonts (Landlock; without it, no file at
  all), at most --memory-mb of address space (default 1024), --cpu-seconds
  of CPU (default 10) and --wall-seconds of time (default 20).

check-sandbox: enters the same sandbox, then tries to open PATH for reading,
  to open a network socket and, given a PID, to signal that process and read
  its limits. Prints what happened to each; exit status 0 when every attempt
  was refused, 1 when any succeeded.

The server (portsafe serve) runs this program for every uploaded file; it
finds it beside its own binary.
)";

bool ParseUnsigned(const char* s, unsigned long long* out) {
  std::string_view v(s);
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
  return ec == std::errc() && end == v.data() + v.size() && !v.empty();
}

bool ParseKind(std::string_view name, FileKind* kind) {
  for (FileKind k : {FileKind::kJpeg, FileKind::kPng, FileKind::kGif, FileKind::kWebp,
                     FileKind::kTiff, FileKind::kHeif, FileKind::kPdf}) {
    if (portsafe::core::FileKindName(k) == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

bool WriteAll(int fd, std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    s.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

int Fail(media::CleanFailure f) {
  WriteAll(1, media::EncodeCleanerError(f));
  return 2;
}

int CheckSandbox(const char* path, const char* pid_text) {
  // The same order as `clean`: everything of the sandbox, then the attempt.
  auto entered = media::EnterSandbox({});
  if (!entered.ok()) {
    std::fprintf(stderr, "portsafe-media: %s\n", entered.error().message().c_str());
    return 3;
  }
  std::printf("landlock: %s (abi %d)\n", entered->landlock ? "on" : "off", entered->landlock_abi);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  const int open_errno = errno;
  std::printf("open %s: %s\n", path, fd >= 0 ? "OPENED" : std::strerror(open_errno));
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  const int sock_errno = errno;
  std::printf("socket: %s\n", sock >= 0 ? "OPENED" : std::strerror(sock_errno));
  bool other_ok = false;
  unsigned long long pid = 0;
  if (pid_text != nullptr && ParseUnsigned(pid_text, &pid) && pid > 0) {
    const int sig = kill(static_cast<pid_t>(pid), 0);
    const int sig_errno = errno;
    std::printf("signal %llu: %s\n", pid, sig == 0 ? "SENT" : std::strerror(sig_errno));
    rlimit limit{};
    const int lim = prlimit(static_cast<pid_t>(pid), RLIMIT_NOFILE, nullptr, &limit);
    const int lim_errno = errno;
    std::printf("limits of %llu: %s\n", pid, lim == 0 ? "READ" : std::strerror(lim_errno));
    other_ok = sig == 0 || lim == 0;
  }
  std::fflush(stdout);
  return fd < 0 && sock < 0 && !other_ok ? 0 : 1;
}

int Clean(int argc, char** argv) {
  FileKind kind;
  if (argc < 3 || !ParseKind(argv[2], &kind)) {
    std::fprintf(stderr, "portsafe-media: clean needs a KIND (see --help)\n");
    return 64;
  }
  media::SandboxLimits limits;
  unsigned long long wall = 20;
  for (int i = 3; i < argc; i += 2) {
    unsigned long long v;
    if (i + 1 >= argc || !ParseUnsigned(argv[i + 1], &v) || v == 0) {
      std::fprintf(stderr, "portsafe-media: %s needs a positive number\n", argv[i]);
      return 64;
    }
    const std::string_view opt(argv[i]);
    if (opt == "--memory-mb") {
      limits.address_space_bytes = v * 1024 * 1024;
    } else if (opt == "--cpu-seconds") {
      limits.cpu_seconds = static_cast<unsigned>(v);
    } else if (opt == "--wall-seconds") {
      wall = v;
    } else {
      std::fprintf(stderr, "portsafe-media: unknown option %s (see --help)\n", argv[i]);
      return 64;
    }
  }
  // The kernel ends the process after `wall` seconds, whatever it is doing.
  alarm(static_cast<unsigned>(wall));
  if (!media::StartVips(kind, argv[0])) return Fail(media::CleanFailure::kUnsupported);
  if (!media::EnterSandbox(limits).ok()) return 3;

  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return 3;
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > portsafe::limits::kFileMax) return Fail(media::CleanFailure::kTooLarge);
  }
  auto result = media::CleanWithVips(data, kind);
  if (auto* f = std::get_if<media::CleanFailure>(&result)) return Fail(*f);
  return WriteAll(1, media::EncodeCleanerOk(std::get<media::CleanedFile>(result))) ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  // Only standard input, output and error: nothing the server had open.
  close_range(3, ~0U, 0);
  const std::string_view cmd = argc > 1 ? argv[1] : "";
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (cmd == "clean") return Clean(argc, argv);
  if (cmd == "check-sandbox" && (argc == 3 || argc == 4))
    return CheckSandbox(argv[2], argc == 4 ? argv[3] : nullptr);
  std::fputs(kHelp, stderr);
  return 64;
}
