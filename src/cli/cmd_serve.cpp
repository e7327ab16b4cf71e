#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "common/log.h"
#include "common/periodic.h"
#include "service/accounts.h"
#include "service/agency_service_impl.h"
#include "service/audit_log.h"
#include "service/auth_service_impl.h"
#include "service/facilities.h"
#include "service/figures_service_impl.h"
#include "service/handling_service_impl.h"
#include "service/instance.h"
#include "service/leased_job.h"
#include "service/link_service_impl.h"
#include "service/membership_service_impl.h"
#include "service/notifier_impl.h"
#include "service/reporting_service_impl.h"
#include "service/retention.h"
#include "service/smtp_mail_sender.h"
#include "service/team_service_impl.h"
#include "store/sql_store.h"
#include "web/app.h"
#include "web/http_server.h"

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

// The retention purge, once a day across every node serving the database:
// each node checks at start and every ten minutes, and the one that takes
// the lease on a day not yet done runs it. Logs only how many reports went
// (never which).
void PurgeIfDue(service::LeasedJob* job, store::StaffStore* staff, service::AuditLog* audit,
                int months) {
  const std::string today = service::TodayUtc();
  auto ran = job->RunIfDue(
      [&today](const std::string& last) { return last != today; },
      [&]() -> Result<std::string> {
        auto done = service::Purge(staff, audit, today, months, false);
        if (!done.ok()) return done.error();
        log::Info("retention purge", {{"reports", static_cast<std::int64_t>(done->size())}});
        return today;
      });
  if (!ran.ok()) log::Warn("purge failed", {{"error", ran.error().message()}});
}

}  // namespace

int Serve(const ServeConfig& cfg) {
  if (!cfg.log_file.empty() && !log::SetLogFile(cfg.log_file)) {
    std::cerr << "portsafe: cannot open log file " << cfg.log_file << "\n";
    return 1;
  }
  web::ServerOptions so;
  if (!SplitListen(cfg.listen, &so.address, &so.port)) {
    std::cerr << "portsafe: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n";
    return 2;
  }
  so.threads = cfg.threads;
  so.max_connections = cfg.max_connections;
  so.max_in_flight = cfg.max_in_flight;
  so.headers.hsts = cfg.hsts;
  so.tls_cert_file = cfg.tls_cert;
  so.tls_key_file = cfg.tls_key;

  auto inst = OpenExisting(cfg.data_dir, cfg.database_url);
  if (!inst.ok()) {
    std::cerr << "portsafe: " << inst.error().message() << "\n";
    return 1;
  }
  service::InstanceKeys& keys = inst->keys;
  std::unique_ptr<store::SqlStore>& store = inst->store;
  auto ports = LoadPortDirectory(store.get());
  if (!ports.ok()) {
    std::cerr << "portsafe: " << ports.error().message() << "\n";
    return 1;
  }
  auto groups = service::LoadPortGroups();
  if (!groups.ok()) {
    std::cerr << "portsafe: " << groups.error().message() << "\n";
    return 1;
  }
  auto public_url = store->GetSetting("public_url");
  if (!public_url.ok()) {
    std::cerr << "portsafe: " << public_url.error().message() << "\n";
    return 1;
  }
  if (public_url->empty()) {
    std::cerr << "portsafe: warning: no public URL is set, so reporting and invitation links "
                 "are relative; set it with `portsafe config --data DIR --public-url URL`\n";
  }
  auto catalogue = web::Catalogue::LoadEmbedded();
  if (!catalogue.ok()) {
    std::cerr << "portsafe: " << catalogue.error().message() << "\n";
    return 1;
  }

  // This process among the nodes serving the database (job leases only).
  const std::string node = service::NewNodeId();
  std::unique_ptr<web::HttpServer> server;
  // Store completions run on the writer thread; the JSON API answers from
  // there at once, and pages defer their rendering to the server threads.
  service::AuditLog audit(store.get(), keys.instance_secret);
  // E-mail to staff when something waits for them, when an SMTP server is
  // set. Made before the services that notify it, so it outlives them.
  std::unique_ptr<service::SmtpMailSender> mail;
  std::unique_ptr<service::NotifierImpl> notifier;
  if (!cfg.smtp_url.empty()) {
    mail = std::make_unique<service::SmtpMailSender>(
        service::SmtpOptions{cfg.smtp_url, cfg.smtp_from});
    notifier = std::make_unique<service::NotifierImpl>(
        store.get(), mail.get(), std::chrono::seconds(cfg.notify_every_seconds));
  }
  service::AuthServiceImpl auth(store.get(), store.get(), &audit, keys);
  auth.set_notifier(notifier.get());  // a staff member hears of changes to their account
  service::AgencyServiceImpl agency(store.get(), &audit, keys.service_public_key);
  service::TeamServiceImpl team(store.get(), &audit);
  // The link index: built in the background with the keys of a signed-in
  // handler or supervisor, woken by new reports, replies and sign-ins.
  const core::PortDirectory& port_directory = *ports;
  service::LinkOptions link_options;
  link_options.leases = store.get();
  link_options.node = node;
  service::LinkServiceImpl links(store.get(), store.get(), store.get(), &audit, &port_directory,
                                 link_options);
  if (auto st = links.CheckVersion(); !st.ok()) {
    std::cerr << "portsafe: " << st.error().message() << "\n";
    return 1;
  }
  service::FanoutNotifier notices;
  notices.Add(notifier.get());
  notices.Add(&links);
  const crypto::SecretBytes instance_secret = keys.instance_secret;
  service::ReportingServiceImpl reporting(store.get(), std::move(keys), *ports);
  service::HandlingServiceImpl handling(store.get(), store.get(), &audit, &reporting);
  handling.set_links(&links);
  auth.set_on_unlock([&links] { links.Wake(); });
  links.StartWorker([&auth] { return auth.ServiceKeySession(); });
  service::FiguresServiceImpl figures(store.get(), store.get(), &reporting.ports(), *groups,
                                      service::TodayUtc);
  service::MembershipDeps md;
  md.store = store.get();
  md.staff = store.get();
  md.membership = store.get();
  md.instance_secret = instance_secret;
  md.ports = &reporting.ports();
  md.groups = *groups;
  md.audit = &audit;
  md.mail = mail.get();
  md.public_url = *public_url;
  md.today = service::TodayUtc;
  md.now = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
  service::MembershipServiceImpl membership(std::move(md));
  reporting.set_notifier(&notices);
  if (notifier) {
    handling.set_notifier(notifier.get());
    agency.set_notifier(notifier.get());
  }
  web::WebContext ctx{&reporting,
                      &*catalogue,
                      [&server](std::function<void()> fn) { server->Post(std::move(fn)); },
                      &auth,
                      &handling,
                      &agency,
                      &team,
                      &figures,
                      &membership,
                      *public_url,
                      &links};
  auto router = web::BuildRouter(ctx);
  server = std::make_unique<web::HttpServer>(so, router.get());
  auto port = server->Start();
  if (!port.ok()) {
    std::cerr << "portsafe: " << port.error().message() << "\n";
    return 1;
  }
  std::string host =
      so.address.find(':') != std::string::npos ? "[" + so.address + "]" : so.address;
  std::cout << "PortSafe is serving on " << (cfg.tls_cert.empty() ? "http" : "https") << "://"
            << host << ":" << *port << "/" << std::endl;
  log::Info("serving", {{"port", std::int64_t{*port}}});
  {
    service::LeasedJob purge_job(store.get(), {"retention.purge", node, 3600});
    Periodic purge(std::chrono::minutes(10), true,
                   [&] { PurgeIfDue(&purge_job, store.get(), &audit, cfg.retention_months); });
    server->Run();
  }
  log::Info("stopped");
  server.reset();
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
      "open connections beyond this are answered 503 with Retry-After")(
      "max-in-flight", po::value(&cfg.max_in_flight)->default_value(cfg.max_in_flight),
      "requests handled at once beyond this are answered 503 with Retry-After")(
      "retention-months", po::value(&cfg.retention_months)->default_value(cfg.retention_months),
      "reports closed this many months ago or earlier are purged once a day (by one node "
      "when several serve the database)")(
      "smtp-url", po::value(&cfg.smtp_url),
      "SMTP server for staff notifications, invitations and the newsletter, e.g. "
      "smtp://127.0.0.1:25 (none: no e-mail)")("smtp-from", po::value(&cfg.smtp_from),
                                               "sender address of notifications")(
      "notify-every", po::value(&cfg.notify_every_seconds)->default_value(cfg.notify_every_seconds),
      "seconds between notification rounds: what gathers goes in one mail per person");
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
  if (!cfg.smtp_url.empty() && service::NormaliseEmail(cfg.smtp_from).empty()) {
    std::cerr << "portsafe serve: --smtp-url needs --smtp-from with an e-mail address\n";
    return 2;
  }
  if (cfg.tls_cert.empty() != cfg.tls_key.empty()) {
    std::cerr << "portsafe serve: --tls-cert and --tls-key go together\n";
    return 2;
  }
  if (cfg.notify_every_seconds < 1 || cfg.notify_every_seconds > 86400) {
    std::cerr << "portsafe serve: --notify-every must be between 1 and 86400 seconds\n";
    return 2;
  }
  if (cfg.retention_months < 1 || cfg.retention_months > 1200) {
    std::cerr << "portsafe serve: --retention-months must be between 1 and 1200\n";
    return 2;
  }
  return Serve(cfg);
}

}  // namespace portsafe::cli
