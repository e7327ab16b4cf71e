#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "service/facilities.h"
#include "service/instance.h"
#include "service/row_seal.h"

namespace portsafe::cli {

int RunInit(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, recovery, public_url, database;
  desc.add_options()("help,h", "show this help")(
      "data", po::value(&data)->required(), "data directory to create (must not hold an instance)")(
      "database", po::value(&database),
      "an empty PostgreSQL database to use, postgresql://USER@HOST/DB (recorded in "
      "DIR/portsafe.conf; default: SQLite in DIR)")(
      "recovery-key-out", po::value(&recovery)->required(),
      "file to write the service recovery key to (mode 0600; keep it offline)")(
      "public-url", po::value(&public_url),
      "the address reporters reach the site at, e.g. https://portsafe.example (the base of "
      "the reporting links on posters and QR codes; change it with `portsafe config`)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe init --data DIR --recovery-key-out FILE [--public-url URL]\n"
                    "                     [--database postgresql://...]\n\n"
                    "Creates a PortSafe instance: the database (seeded with every UK seaport),\n"
                    "the instance secret and the service key pair. The service private key is\n"
                    "written only to the recovery key file. Refuses to overwrite anything.\n"
                    "With --database the schema is created in that PostgreSQL database; other\n"
                    "nodes serve it with a copy of DIR (docs/deployment.md).",
                    &vm, &code)) {
    return code;
  }
  if (!public_url.empty()) {
    auto url = service::NormalisePublicUrl(public_url);
    if (!url.ok()) {
      std::cerr << "portsafe init: " << url.error().message() << "\n";
      return 2;
    }
    public_url = *url;
  }
  Status st = service::InitInstance(data, recovery, public_url, database);
  if (!st.ok()) {
    std::cerr << "portsafe init: " << st.error().message() << "\n";
    return 1;
  }
  std::cout << "Created a PortSafe instance in " << data << "\n"
            << "The service recovery key is in " << recovery
            << ". Move it offline: it opens every report.\n";
  if (public_url.empty()) {
    std::cout << "Set the public URL before making posters: portsafe config --data " << data
              << " --public-url https://...\n";
  }
  return 0;
}

int RunConfig(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, public_url;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "public-url", po::value(&public_url),
      "set the address reporters reach the site at, e.g. https://portsafe.example");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe config --data DIR [--public-url URL]\n\n"
                    "Shows the instance's settings, or changes the ones given. The public URL\n"
                    "is the base of the facilities' reporting links (posters, QR codes) and of\n"
                    "invitation links; a running server reads it at start.",
                    &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "config");
  if (!inst) return 1;
  if (vm.count("public-url")) {
    auto url = service::NormalisePublicUrl(public_url);
    if (!url.ok()) {
      std::cerr << "portsafe config: " << url.error().message() << "\n";
      return 2;
    }
    if (auto st = service::PutSealedSetting(&inst->store->membership(),
                                            service::RowSeal(inst->keys.instance_secret),
                                            "public_url", *url);
        !st.ok()) {
      std::cerr << "portsafe config: " << st.error().message() << "\n";
      return 1;
    }
  }
  auto url = service::GetSealedSetting(&inst->store->membership(),
                                       service::RowSeal(inst->keys.instance_secret), "public_url");
  if (!url.ok()) {
    std::cerr << "portsafe config: " << url.error().message() << "\n";
    return 1;
  }
  std::cout << "public-url\t" << (url->empty() ? "(not set)" : *url) << "\n";
  return 0;
}

}  // namespace portsafe::cli
