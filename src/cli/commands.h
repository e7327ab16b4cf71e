// Subcommands of the `portsafe` program. Each takes its own arguments (after
// the subcommand name) and returns the process exit code: 0 success, 1 a
// failure the message explains, 2 a usage error.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "service/services.h"

namespace portsafe::cli {

int RunInit(const std::vector<std::string>& args);
int RunServe(const std::vector<std::string>& args);
int RunDemo(const std::vector<std::string>& args);
int RunUser(const std::vector<std::string>& args);
int RunAgency(const std::vector<std::string>& args);
int RunAudit(const std::vector<std::string>& args);
int RunKeys(const std::vector<std::string>& args);
int RunPurge(const std::vector<std::string>& args);
int RunBackup(const std::vector<std::string>& args);
int RunRestore(const std::vector<std::string>& args);
int RunFacility(const std::vector<std::string>& args);
int RunConfig(const std::vector<std::string>& args);
int RunExtract(const std::vector<std::string>& args);

// Serves an existing instance until SIGINT/SIGTERM. Shared by serve and demo.
struct ServeConfig {
  std::string data_dir;
  std::string database_url;  // overrides the instance's (portsafe.conf); "" keeps it
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 0;
  bool hsts = false;
  std::string tls_cert;  // PEM files for TLS on the listener; both or neither
  std::string tls_key;
  std::string log_file;
  size_t max_connections = 10000;
  size_t max_in_flight = 2048;
  unsigned header_timeout_seconds = 10;
  size_t min_transfer_rate = 32 * 1024;
  double new_reports_per_second = 50;
  double new_reports_burst = 500;
  size_t upload_memory_mb = 96;
  size_t upload_spool_mb = 1024;
  std::string spool_dir;  // empty: DATA/spool
  size_t form_memory_mb = 32;
  size_t answer_memory_mb = 64;
  unsigned pressure_log_seconds = 60;
  int retention_months = 12;  // closed reports older than this are purged daily
  std::string smtp_url;       // staff notifications; empty: none
  std::string smtp_from;
  bool smtp_plain_loopback = false;  // a plain relay on loopback (SmtpOptions::plain_loopback)
  int notify_every_seconds = 600;
  std::string audit_witness;  // empty: DATA/audit.witness
  std::int64_t witness_every = 100;
  std::string auditor_email;  // each recorded head is mailed here (needs smtp_url)
  std::string learn_dir;      // lessons read from here at start ("" = built in)
};
// `before` (may be empty) runs once the services are built, before the
// server starts (the demo seeds its data through them); its error stops
// the command.
int Serve(const ServeConfig& config,
          const std::function<Status(service::Services&)>& before = nullptr);

}  // namespace portsafe::cli
