#include "media/sandbox.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace portsafe::media {
namespace {

// Landlock has no library in Debian bookworm (and glibc wraps none of its
// three system calls), so they are called directly. The rights of newer
// kernels are defined here, as bookworm's headers stop at ABI 2.
constexpr std::uint64_t kFsRead = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
constexpr std::uint64_t kFsExecute = LANDLOCK_ACCESS_FS_EXECUTE;
constexpr std::uint64_t kFsAbi1 = (1ULL << 13) - 1;      // EXECUTE .. MAKE_SYM
constexpr std::uint64_t kFsRefer = 1ULL << 13;           // ABI 2
constexpr std::uint64_t kFsTruncate = 1ULL << 14;        // ABI 3
constexpr std::uint64_t kFsIoctlDev = 1ULL << 15;        // ABI 5
constexpr std::uint64_t kNetBindTcp = 1ULL << 0;         // ABI 4
constexpr std::uint64_t kNetConnectTcp = 1ULL << 1;      // ABI 4
constexpr std::uint64_t kScopeAbstractUnix = 1ULL << 0;  // ABI 6
constexpr std::uint64_t kScopeSignal = 1ULL << 1;        // ABI 6

struct RulesetAttr {  // struct landlock_ruleset_attr as of ABI 6
  std::uint64_t handled_access_fs;
  std::uint64_t handled_access_net;
  std::uint64_t scoped;
};

struct PathBeneathAttr {  // struct landlock_path_beneath_attr (packed)
  std::uint64_t allowed_access;
  std::int32_t parent_fd;
} __attribute__((packed));

// Where the decoders may read: shared libraries (loaded lazily by glib and
// libheif), fonts and their configuration (poppler draws a PDF's text).
constexpr const char* kReadable[] = {"/usr/lib",
                                     "/lib",
                                     "/usr/lib64",
                                     "/usr/share/fonts",
                                     "/usr/share/fontconfig",
                                     "/usr/share/poppler",
                                     "/etc/fonts",
                                     "/var/cache/fontconfig"};

// The Landlock ABI the kernel offers, or 0 without Landlock.
int LandlockAbi() {
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

Status RestrictFileSystem(int abi) {
  RulesetAttr attr{};
  size_t attr_size = sizeof(std::uint64_t);
  attr.handled_access_fs = kFsAbi1;
  if (abi >= 2) attr.handled_access_fs |= kFsRefer;
  if (abi >= 3) attr.handled_access_fs |= kFsTruncate;
  if (abi >= 4) {
    attr.handled_access_net = kNetBindTcp | kNetConnectTcp;
    attr_size = 2 * sizeof(std::uint64_t);
  }
  if (abi >= 5) attr.handled_access_fs |= kFsIoctlDev;
  if (abi >= 6) {
    attr.scoped = kScopeAbstractUnix | kScopeSignal;
    attr_size = sizeof(RulesetAttr);
  }
  const int ruleset = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0));
  if (ruleset < 0) return Internal(std::string("landlock_create_ruleset: ") + std::strerror(errno));
  for (const char* dir : kReadable) {
    const int fd = open(dir, O_PATH | O_CLOEXEC);
    if (fd < 0) continue;  // not on this system
    PathBeneathAttr rule{kFsRead | kFsExecute, fd};
    const long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    close(fd);
    if (rc != 0) {
      close(ruleset);
      return Internal(std::string("landlock_add_rule: ") + std::strerror(errno));
    }
  }
  const long rc = syscall(SYS_landlock_restrict_self, ruleset, 0);
  close(ruleset);
  if (rc != 0) return Internal(std::string("landlock_restrict_self: ") + std::strerror(errno));
  return Status::Ok();
}

void SetLimit(int resource, rlim_t soft, rlim_t hard) {
  rlimit r{soft, hard};
  (void)setrlimit(resource, &r);
}

void DropCapabilities() {
  for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) (void)prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  cap_t none = cap_init();
  if (none != nullptr) {
    (void)cap_set_proc(none);
    cap_free(none);
  }
}

// The system calls a decoder needs: memory, threads (libvips, glib), reading
// and writing descriptors it already has, time, and (for Landlock to judge)
// opening files read-only.
Status FilterSystemCalls(bool allow_open) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
  if (ctx == nullptr) return Internal("seccomp_init failed");
  const int allowed[] = {
      SCMP_SYS(read),
      SCMP_SYS(readv),
      SCMP_SYS(pread64),
      SCMP_SYS(write),
      SCMP_SYS(writev),
      SCMP_SYS(pwrite64),
      SCMP_SYS(lseek),
      SCMP_SYS(close),
      SCMP_SYS(fstat),
      SCMP_SYS(newfstatat),
      SCMP_SYS(statx),
      SCMP_SYS(stat),
      SCMP_SYS(lstat),
      SCMP_SYS(fcntl),
      SCMP_SYS(dup),
      SCMP_SYS(dup2),
      SCMP_SYS(dup3),
      SCMP_SYS(pipe2),
      SCMP_SYS(poll),
      SCMP_SYS(ppoll),
      SCMP_SYS(eventfd2),
      SCMP_SYS(getdents64),
      SCMP_SYS(readlink),
      SCMP_SYS(readlinkat),
      SCMP_SYS(access),
      SCMP_SYS(faccessat),
      SCMP_SYS(faccessat2),
      SCMP_SYS(getcwd),
      SCMP_SYS(mmap),
      SCMP_SYS(munmap),
      SCMP_SYS(mprotect),
      SCMP_SYS(mremap),
      SCMP_SYS(madvise),
      SCMP_SYS(brk),
      SCMP_SYS(mincore),
      SCMP_SYS(futex),
      SCMP_SYS(set_robust_list),
      SCMP_SYS(get_robust_list),
      SCMP_SYS(rseq),
      SCMP_SYS(set_tid_address),
      SCMP_SYS(membarrier),
      SCMP_SYS(sched_yield),
      SCMP_SYS(sched_getaffinity),
      SCMP_SYS(sched_getparam),
      SCMP_SYS(sched_getscheduler),
      SCMP_SYS(rt_sigaction),
      SCMP_SYS(rt_sigprocmask),
      SCMP_SYS(rt_sigreturn),
      SCMP_SYS(sigaltstack),
      SCMP_SYS(exit),
      SCMP_SYS(exit_group),
      SCMP_SYS(getpid),
      SCMP_SYS(gettid),
      SCMP_SYS(getppid),
      SCMP_SYS(getuid),
      SCMP_SYS(geteuid),
      SCMP_SYS(getgid),
      SCMP_SYS(getegid),
      SCMP_SYS(getrandom),
      SCMP_SYS(clock_gettime),
      SCMP_SYS(clock_getres),
      SCMP_SYS(gettimeofday),
      SCMP_SYS(clock_nanosleep),
      SCMP_SYS(nanosleep),
      SCMP_SYS(getrusage),
      SCMP_SYS(times),
      SCMP_SYS(getrlimit),
      SCMP_SYS(uname),
      SCMP_SYS(sysinfo),
      SCMP_SYS(arch_prctl),
      SCMP_SYS(restart_syscall),
  };
  bool ok = true;
  for (int nr : allowed) ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) == 0;
  // Threads only: clone() without CLONE_THREAD would start a process.
  // clone3() passes its flags in memory, which a filter cannot read: it
  // answers ENOSYS, and glibc then uses clone().
  ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)) == 0;
  ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) == 0;
  // Signals and limits only of this process: the server runs as the same
  // user, and a decoder taken over must not signal it or change its limits.
  // kill() and tgkill() are glibc's abort() and raise(); prlimit64() with
  // pid 0 is getrlimit().
  const auto self = static_cast<scmp_datum_t>(getpid());
  ok = ok &&
       seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, SCMP_A0(SCMP_CMP_EQ, self)) == 0;
  ok = ok &&
       seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1, SCMP_A0(SCMP_CMP_EQ, self)) == 0;
  for (scmp_datum_t pid : {scmp_datum_t{0}, self}) {
    ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
                                SCMP_A0(SCMP_CMP_EQ, pid)) == 0;
  }
  // prctl() only to name threads (GLib and libvips do).
  for (scmp_datum_t option : {scmp_datum_t{PR_SET_NAME}, scmp_datum_t{PR_GET_NAME}}) {
    ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
                                SCMP_A0(SCMP_CMP_EQ, option)) == 0;
  }
  if (allow_open) {
    // Read-only opens; Landlock decides which paths.
    for (int nr : {SCMP_SYS(openat), SCMP_SYS(open)}) {
      const unsigned flags_arg = nr == SCMP_SYS(openat) ? 2 : 1;
      ok =
          ok && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                 SCMP_CMP(flags_arg, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDONLY)) == 0;
    }
  } else {
    for (int nr : {SCMP_SYS(openat), SCMP_SYS(open), SCMP_SYS(openat2), SCMP_SYS(creat)})
      ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), nr, 0) == 0;
  }
  ok = ok && seccomp_load(ctx) == 0;
  seccomp_release(ctx);
  if (!ok) return Internal("the system-call filter could not be installed");
  return Status::Ok();
}

}  // namespace

Result<SandboxReport> EnterSandbox(const SandboxLimits& limits) {
  SandboxReport report;
  SetLimit(RLIMIT_CORE, 0, 0);
  SetLimit(RLIMIT_FSIZE, 0, 0);
  SetLimit(RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1);
  SetLimit(RLIMIT_AS, limits.address_space_bytes, limits.address_space_bytes);
  (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  DropCapabilities();
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return Internal(std::string("no_new_privs: ") + std::strerror(errno));
  report.landlock_abi = LandlockAbi();
  if (report.landlock_abi > 0) {
    if (auto st = RestrictFileSystem(report.landlock_abi); !st.ok()) return st.error();
    report.landlock = true;
  }
  if (auto st = FilterSystemCalls(report.landlock); !st.ok()) return st.error();
  return report;
}

}  // namespace portsafe::media
