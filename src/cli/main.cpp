// Entry point: `portsafe <command> [options]`. Where each command lives:
//   init   cli/cmd_init.cpp    create an instance (keys, database, ports)
//   serve  cli/cmd_serve.cpp   serve an instance over HTTP
//   demo   cli/cmd_demo.cpp    throw-away instance with demo data, served
//   user   cli/cmd_user.cpp    staff accounts (add, list, disable, enable, remove, set-role)
//   agency cli/cmd_agency.cpp  agencies and their keys
//   audit  cli/cmd_audit.cpp   audit log verification
//   purge  cli/cmd_purge.cpp   retention: delete long-closed reports
//   backup, restore  cli/cmd_backup.cpp  the whole database to a file and back
//   facility cli/cmd_facility.cpp  member facilities and their materials
//   config cli/cmd_init.cpp    the instance's settings (public URL)
//   extract cli/cmd_extract.cpp  identifiers in text (containers, ships, vehicles, ...)
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "crypto/sodium.h"

namespace {

constexpr const char* kMainUsage = R"(PortSafe: anonymous crime reporting for seaports.

Usage: portsafe <command> [options]

Commands:
  init     Create an instance: data directory, keys and database.
  serve    Serve an instance's reporting site and API over HTTP.
  demo     Create a throw-away instance with demo data and serve it.
  user     Staff accounts: `user add|list|disable|enable|remove|set-role`.
  agency   Agencies that receive intelligence: `agency add|list|set-ports|rename`.
  audit    The staff audit log: `audit verify|head`.
  keys     Staff keys and record seals: `keys take-back|seal-rows`.
  purge    Delete reports closed longer ago than the retention period.
  backup   Write the whole database (SQLite or PostgreSQL) to a file.
  restore  Restore a backup into a new database.
  facility Member facilities: `facility add|list|suspend|resume|materials`.
  config   Show or change the instance's settings (public URL).
  extract  Find identifiers (containers, ships, vehicles, phones, ...) in text.
  help     Show this text.
  version  Print the version.

Run `portsafe <command> --help` for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  // Every file and directory the program makes (the database and its
  // journal, spools, backups, logs, keys) is its user's alone.
  ::umask(0077);
  // Keys live in this process's memory (the service key a signed-in handler
  // unlocked, recovery keys read by a command): never written out in a
  // core dump, and not readable by another process of the same user
  // through ptrace or /proc/PID/mem.
  const rlimit no_core{0, 0};
  (void)::setrlimit(RLIMIT_CORE, &no_core);
  (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  portsafe::crypto::Init();
  if (argc < 2) {
    std::fputs(kMainUsage, stderr);
    return 2;
  }
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "init") return portsafe::cli::RunInit(args);
  if (cmd == "serve") return portsafe::cli::RunServe(args);
  if (cmd == "demo") return portsafe::cli::RunDemo(args);
  if (cmd == "user") return portsafe::cli::RunUser(args);
  if (cmd == "agency") return portsafe::cli::RunAgency(args);
  if (cmd == "audit") return portsafe::cli::RunAudit(args);
  if (cmd == "keys") return portsafe::cli::RunKeys(args);
  if (cmd == "purge") return portsafe::cli::RunPurge(args);
  if (cmd == "backup") return portsafe::cli::RunBackup(args);
  if (cmd == "restore") return portsafe::cli::RunRestore(args);
  if (cmd == "facility") return portsafe::cli::RunFacility(args);
  if (cmd == "config") return portsafe::cli::RunConfig(args);
  if (cmd == "extract") return portsafe::cli::RunExtract(args);
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::fputs(kMainUsage, stdout);
    return 0;
  }
  if (cmd == "version" || cmd == "--version") {
    std::puts("portsafe 0.1.0");
    return 0;
  }
  std::fprintf(stderr, "portsafe: unknown command '%s'\n\n%s", cmd.c_str(), kMainUsage);
  return 2;
}
