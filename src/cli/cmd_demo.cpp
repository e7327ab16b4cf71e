#include <stdlib.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/demo_data.h"
#include "cli/options.h"
#include "service/instance.h"

namespace portsafe::cli {
namespace {

void PrintDemo(const DemoData& demo, const std::string& data_dir) {
  std::cout << "Demo instance in " << data_dir << " (throw-away; not for real reports)\n"
            << "Demo receipts to try at /followup:\n";
  for (const auto& r : demo.receipts) {
    std::cout << "  " << r.receipt << "  (" << r.summary << ")\n";
  }
  std::cout << "Staff sign-in at /login (password, then the one-time code from an\n"
            << "authenticator app given the otpauth URI, or `oathtool --totp -b SECRET`):\n";
  for (const auto& l : demo.logins) {
    std::cout << "  " << l.role << ": " << l.email << "  password: " << l.password << "\n"
              << "    " << l.totp_uri << "\n";
  }
  std::cout
      << "Facility links: /r/GBFXT-TRINITY  /r/GBDVR-EASTERN  /r/GBSOU-CT\n"
      << "Membership: /join (apply), /admin (one application waits), /facility/GBFXT-TRINITY\n"
      << "(the port manager's materials and figures), /figures (public; a month shows 14\n"
      << "days after it ends, so the demo's reports of this month are not counted yet)\n"
      << "Links: four Felixstowe reports name the same van (AB12 CDE) or container (MSCU\n"
      << "1234566, once mistyped); a handler sees them linked on each report's page, in the\n"
      << "queue and at /handle/links/<report>\n"
      << "Near-identical: four Dover reports are one text with a word changed; a handler\n"
      << "sees them as one group at /handle/groups and can close it in one action\n";
}

}  // namespace

int RunDemo(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  ServeConfig cfg;
  bool keep = false;
  desc.add_options()("help,h", "show this help")(
      "listen", po::value(&cfg.listen)->default_value(cfg.listen), "address and port to listen on")(
      "data", po::value(&cfg.data_dir),
      "directory for the demo instance (default: a new one under /tmp, removed on exit)")(
      "keep", po::bool_switch(&keep), "keep the demo data directory on exit")(
      "database", po::value(&cfg.database_url),
      "an empty PostgreSQL database for the demo, postgresql://... (default: SQLite in the "
      "data directory)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe demo [--listen 127.0.0.1:8080]\n\n"
                    "Creates a throw-away instance with demo facilities, agencies, reports and\n"
                    "one staff user of each role (their sign-ins are printed), and serves it.\n"
                    "Not for real reports: the recovery key is kept beside the data.",
                    &vm, &code)) {
    return code;
  }
  bool made_dir = false;
  if (cfg.data_dir.empty()) {
    char tmpl[] = "/tmp/portsafe-demo-XXXXXX";
    if (!mkdtemp(tmpl)) {
      std::cerr << "portsafe demo: cannot create a temporary directory\n";
      return 1;
    }
    cfg.data_dir = tmpl;
    made_dir = true;
  }
  std::string recovery = cfg.data_dir + "/demo-recovery.key";
  if (Status st =
          service::InitInstance(cfg.data_dir, recovery, "http://" + cfg.listen, cfg.database_url);
      !st.ok()) {
    std::cerr << "portsafe demo: " << st.error().message() << "\n";
    return 1;
  }
  // Seeded through the services the server then runs (one wiring).
  int rc = Serve(cfg, [&](service::Services& services) -> Status {
    auto demo = SeedDemoData(services, recovery);
    if (!demo.ok()) return demo.error();
    PrintDemo(*demo, cfg.data_dir);
    return Status::Ok();
  });
  if (made_dir && !keep) {
    std::error_code ec;
    std::filesystem::remove_all(cfg.data_dir, ec);
  }
  return rc;
}

}  // namespace portsafe::cli
