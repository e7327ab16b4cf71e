#include <sys/resource.h>

#include <iostream>
#include <memory>

#include "app/app.h"
#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "common/fs.h"
#include "common/log.h"
#include "service/accounts.h"
#include "service/row_seal.h"
#include "service/services.h"

namespace portsafe::cli {
namespace {

// "127.0.0.1:8080" or "[::1]:8080".
bool SplitListen(const std::string& s, std::string* host, std::uint16_t* port) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 >= s.size()) return false;
  std::string h = s.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  try {
    size_t used = 0;
    unsigned long p = std::stoul(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1 || p > 65535) return false;
    *port = static_cast<std::uint16_t>(p);
  } catch (...) {
    return false;
  }
  *host = h;
  return !h.empty();
}

// Raises the soft limit on open descriptors to the hard one (systemd's
// LimitNOFILE sets both): every connection holds one.
void RaiseDescriptorLimit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
  }
}

}  // namespace

int Serve(const ServeConfig& cfg, const std::function<Status(service::Services&)>& before) {
  RaiseDescriptorLimit();
  if (!cfg.log_file.empty() && !log::SetLogFile(cfg.log_file)) {
    std::cerr << "portsafe: cannot open log file " << cfg.log_file << "\n";
    return 1;
  }
  app::AppOptions ao;
  web::ServerOptions& so = ao.server;
  if (!SplitListen(cfg.listen, &so.address, &so.port)) {
    std::cerr << "portsafe: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n";
    return 2;
  }
  so.threads = cfg.threads;
  so.max_connections = cfg.max_connections;
  so.max_in_flight = cfg.max_in_flight;
  so.header_timeout = std::chrono::seconds(cfg.header_timeout_seconds);
  so.min_transfer_rate = cfg.min_transfer_rate;
  so.upload_memory = cfg.upload_memory_mb << 20;
  so.upload_spool = cfg.upload_spool_mb << 20;
  so.spool_dir = cfg.spool_dir.empty() ? cfg.data_dir + "/spool" : cfg.spool_dir;
  so.form_memory = cfg.form_memory_mb << 20;
  so.answer_memory = cfg.answer_memory_mb << 20;
  so.headers.hsts = cfg.hsts;
  so.tls_cert_file = cfg.tls_cert;
  so.tls_key_file = cfg.tls_key;
  ao.retention_months = cfg.retention_months;
  ao.pressure_log_every = std::chrono::seconds(cfg.pressure_log_seconds);

  auto inst = OpenExisting(cfg.data_dir, cfg.database_url);
  if (!inst.ok()) {
    std::cerr << "portsafe: " << inst.error().message() << "\n";
    return 1;
  }
  if (auto st = fs::EnsurePrivateDir(so.spool_dir); !st.ok()) {
    std::cerr << "portsafe: cannot make the upload spool directory " << so.spool_dir << ": "
              << st.error().message() << "\n";
    return 1;
  }
  // Rows written before seals existed are refused where they matter until
  // the operator seals them (service::RowSeal).
  auto unsealed = service::SealOlderRows(&inst->store->staff(), &inst->store->membership(),
                                         service::RowSeal(inst->keys.instance_secret), false);
  if (unsealed.ok() && !unsealed->empty()) {
    std::cerr << "portsafe: warning: " << unsealed->size()
              << " staff, agency or setting records have no seal yet, and are refused until "
                 "they have: check them with `portsafe keys seal-rows --data DIR`\n";
  }
  service::ServicesOptions options;
  // E-mail to staff when something waits for them, when an SMTP server is set.
  options.smtp = service::SmtpOptions{cfg.smtp_url, cfg.smtp_from, 30, cfg.smtp_plain_loopback};
  options.notify_every = std::chrono::seconds(cfg.notify_every_seconds);
  options.admission.per_second = cfg.new_reports_per_second;
  options.admission.burst = cfg.new_reports_burst;
  options.audit_witness = cfg.audit_witness.empty()
                              ? service::AuditWitness::DefaultPath(cfg.data_dir)
                              : cfg.audit_witness;
  options.witness_every = cfg.witness_every;
  options.auditor_email = cfg.auditor_email;
  options.learn_dir = cfg.learn_dir;
  inst->audit.reset();  // the services keep the log, with the options above
  auto services = service::Services::Open(std::move(inst->store), std::move(inst->keys),
                                          inst->clock, std::move(options));
  if (!services.ok()) {
    std::cerr << "portsafe: " << services.error().message() << "\n";
    return 1;
  }
  if ((*services)->public_url().empty()) {
    std::cerr << "portsafe: warning: no public URL is set, so reporting and invitation links "
                 "are relative; set it with `portsafe config --data DIR --public-url URL`\n";
  }
  if (before) {
    if (Status st = before(**services); !st.ok()) {
      std::cerr << "portsafe: " << st.error().message() << "\n";
      return 1;
    }
  }
  const std::string host =
      so.address.find(':') != std::string::npos ? "[" + so.address + "]" : so.address;
  auto app = app::App::Make(std::move(*services), std::move(ao));
  if (!app.ok()) {
    std::cerr << "portsafe: " << app.error().message() << "\n";
    return 1;
  }
  auto port = (*app)->Start();
  if (!port.ok()) {
    std::cerr << "portsafe: " << port.error().message() << "\n";
    return 1;
  }
  std::cout << "PortSafe is serving on " << (cfg.tls_cert.empty() ? "http" : "https") << "://"
            << host << ":" << *port << "/" << std::endl;
  log::Info("serving", {{"port", std::int64_t{*port}}});
  (*app)->Run();
  return 0;
}

int RunServe(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  ServeConfig cfg;
  desc.add_options()("help,h", "show this help")("data", po::value(&cfg.data_dir)->required(),
                                                 "instance data directory (from `portsafe init`)")(
      "database", po::value(&cfg.database_url),
      "PostgreSQL database to serve, postgresql://... (default: the instance's, from its "
      "portsafe.conf, else its SQLite file)")(
      "listen", po::value(&cfg.listen)->default_value(cfg.listen),
      "address and port to listen on; port 0 picks a free one")(
      "threads", po::value(&cfg.threads)->default_value(0), "server threads (0: one per core)")(
      "hsts", po::bool_switch(&cfg.hsts),
      "send Strict-Transport-Security (set when clients reach the server over TLS)")(
      "tls-cert", po::value(&cfg.tls_cert),
      "serve HTTPS: the certificate chain (PEM); needs --tls-key (default: plain HTTP, for "
      "a TLS-terminating proxy or an onion service)")("tls-key", po::value(&cfg.tls_key),
                                                      "the certificate's private key (PEM)")(
      "log-file", po::value(&cfg.log_file), "append log lines here instead of stderr")(
      "max-connections", po::value(&cfg.max_connections)->default_value(cfg.max_connections),
      "open connections at most (lowered to the descriptor limit, less 256 kept for the "
      "database, files and mail); when all are taken, the one waiting longest for a request "
      "makes room, and only when none waits is a new one answered 503 with Retry-After")(
      "max-in-flight", po::value(&cfg.max_in_flight)->default_value(cfg.max_in_flight),
      "requests handled at once beyond this are answered 503 with Retry-After")(
      "header-timeout",
      po::value(&cfg.header_timeout_seconds)->default_value(cfg.header_timeout_seconds),
      "seconds a request's head (or a TLS handshake) may take to arrive; also the grace before "
      "--min-transfer-rate applies to a body or an answer")(
      "min-transfer-rate", po::value(&cfg.min_transfer_rate)->default_value(cfg.min_transfer_rate),
      "bytes a second below which a request body or an answer is cut off as too slow")(
      "new-reports-per-second",
      po::value(&cfg.new_reports_per_second)->default_value(cfg.new_reports_per_second),
      "new reports taken a second, in all (never per address); more wait their turn for up to 3 "
      "s, then are refused with a message to send again; follow-ups and staff are never held "
      "(0: no limit)")("new-reports-burst",
                       po::value(&cfg.new_reports_burst)->default_value(cfg.new_reports_burst),
                       "new reports taken at once after a quiet spell")(
      "upload-memory", po::value(&cfg.upload_memory_mb)->default_value(cfg.upload_memory_mb),
      "MiB of memory for the buffers of uploads (multipart bodies) being received at once, "
      "about 192 KiB each; beyond, an upload waits up to 5 s for room before a 503")(
      "upload-spool", po::value(&cfg.upload_spool_mb)->default_value(cfg.upload_spool_mb),
      "MiB of disk for uploads being received at once: an upload's body is streamed, encrypted "
      "under a key held in memory only, to a file with no name in --spool-dir, and takes its "
      "share as it arrives, waiting up to 5 s for room before a 503")(
      "spool-dir", po::value(&cfg.spool_dir),
      "directory on disk (not a tmpfs) for uploads being received (default: DATA/spool, "
      "created private)")("form-memory",
                          po::value(&cfg.form_memory_mb)->default_value(cfg.form_memory_mb),
                          "MiB of memory for other request bodies being received at once")(
      "answer-memory", po::value(&cfg.answer_memory_mb)->default_value(cfg.answer_memory_mb),
      "MiB of memory for answers over 64 KiB being sent at once (a slow reader keeps its "
      "answer); one that does not fit is answered 503")(
      "pressure-log-seconds",
      po::value(&cfg.pressure_log_seconds)->default_value(cfg.pressure_log_seconds),
      "seconds between summaries, in the log, of what was turned away (only when something "
      "was; counts only)")(
      "retention-months", po::value(&cfg.retention_months)->default_value(cfg.retention_months),
      "reports closed this many months ago or earlier are purged once a day (by one node "
      "when several serve the database)")(
      "smtp-url", po::value(&cfg.smtp_url),
      "SMTP server for staff notifications, invitations and the newsletter, e.g. "
      "smtp://127.0.0.1:25 (none: no e-mail)")("smtp-from", po::value(&cfg.smtp_from),
                                               "sender address of notifications")(
      "smtp-plain-loopback", po::bool_switch(&cfg.smtp_plain_loopback),
      "the --smtp-url server is a relay on this machine that may be used without TLS "
      "(otherwise smtps://, or STARTTLS, is required)")(
      "notify-every", po::value(&cfg.notify_every_seconds)->default_value(cfg.notify_every_seconds),
      "seconds between notification rounds: what gathers goes in one mail per person")(
      "audit-witness", po::value(&cfg.audit_witness),
      "append-only file where the audit log's head is recorded (default DATA/audit.witness; "
      "another disk is better): `portsafe audit verify` compares the log with it")(
      "witness-every", po::value(&cfg.witness_every)->default_value(cfg.witness_every),
      "record the head every this many audit entries (and at start, at stop and daily)")(
      "auditor-email", po::value(&cfg.auditor_email),
      "mail each recorded head to this address too, off the machine (needs --smtp-url)")(
      "learn", po::value(&cfg.learn_dir),
      "read the lessons at /learn from this directory (lessons.json and <lang>/<id>.json, as "
      "in assets/learn) instead of the copy built in; checked at start");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe serve --data DIR [--listen 127.0.0.1:8080]\n\n"
                    "Serves the reporting site and the /api/v1 JSON API. Stops on SIGINT or\n"
                    "SIGTERM. Logs hold no addresses, user agents or request times. Reporting\n"
                    "and invitation links start with the instance's public URL, read at start\n"
                    "(`portsafe config`).",
                    &vm, &code)) {
    return code;
  }
  if (!cfg.smtp_url.empty() && cfg.smtp_url.rfind("smtp://", 0) != 0 &&
      cfg.smtp_url.rfind("smtps://", 0) != 0) {
    std::cerr << "portsafe serve: --smtp-url wants smtp://HOST:PORT or smtps://HOST:PORT\n";
    return 2;
  }
  if (cfg.smtp_plain_loopback && !service::IsLoopbackSmtp(cfg.smtp_url)) {
    std::cerr << "portsafe serve: --smtp-plain-loopback is only for a --smtp-url on this "
                 "machine (127.0.0.1, ::1 or localhost); any other needs TLS\n";
    return 2;
  }
  if (!cfg.smtp_url.empty() && service::NormaliseEmail(cfg.smtp_from).empty()) {
    std::cerr << "portsafe serve: --smtp-url needs --smtp-from with an e-mail address\n";
    return 2;
  }
  if (cfg.tls_cert.empty() != cfg.tls_key.empty()) {
    std::cerr << "portsafe serve: --tls-cert and --tls-key go together\n";
    return 2;
  }
  if (cfg.witness_every < 1 || cfg.witness_every > 1000000) {
    std::cerr << "portsafe serve: --witness-every must be between 1 and 1000000 entries\n";
    return 2;
  }
  if (!cfg.auditor_email.empty() &&
      (cfg.smtp_url.empty() || service::NormaliseEmail(cfg.auditor_email).empty())) {
    std::cerr << "portsafe serve: --auditor-email needs an e-mail address and --smtp-url\n";
    return 2;
  }
  if (cfg.notify_every_seconds < 1 || cfg.notify_every_seconds > 86400) {
    std::cerr << "portsafe serve: --notify-every must be between 1 and 86400 seconds\n";
    return 2;
  }
  if (cfg.header_timeout_seconds < 1 || cfg.header_timeout_seconds > 600) {
    std::cerr << "portsafe serve: --header-timeout must be between 1 and 600 seconds\n";
    return 2;
  }
  if (cfg.min_transfer_rate < 1024) {
    std::cerr << "portsafe serve: --min-transfer-rate must be at least 1024 bytes a second\n";
    return 2;
  }
  if (cfg.upload_memory_mb < 1 || cfg.upload_memory_mb > 65536 || cfg.form_memory_mb < 1 ||
      cfg.form_memory_mb > 65536 || cfg.answer_memory_mb < 1 || cfg.answer_memory_mb > 65536 ||
      cfg.upload_spool_mb < 1 || cfg.upload_spool_mb > 1048576) {
    std::cerr << "portsafe serve: --upload-memory, --form-memory and --answer-memory must be "
                 "between 1 and 65536 MiB, and --upload-spool between 1 and 1048576 MiB\n";
    return 2;
  }
  if (!(cfg.new_reports_per_second >= 0) || !(cfg.new_reports_burst >= 1)) {
    std::cerr << "portsafe serve: --new-reports-per-second must be 0 or more, and "
                 "--new-reports-burst 1 or more\n";
    return 2;
  }
  if (cfg.pressure_log_seconds < 1 || cfg.pressure_log_seconds > 86400) {
    std::cerr << "portsafe serve: --pressure-log-seconds must be between 1 and 86400\n";
    return 2;
  }
  if (cfg.retention_months < 1 || cfg.retention_months > 1200) {
    std::cerr << "portsafe serve: --retention-months must be between 1 and 1200\n";
    return 2;
  }
  return Serve(cfg);
}

}  // namespace portsafe::cli
