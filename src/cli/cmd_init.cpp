#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "service/instance.h"

namespace portsafe::cli {

int RunInit(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, recovery;
  desc.add_options()("help,h", "show this help")(
      "data", po::value(&data)->required(), "data directory to create (must not hold an instance)")(
      "recovery-key-out", po::value(&recovery)->required(),
      "file to write the service recovery key to (mode 0600; keep it offline)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe init --data DIR --recovery-key-out FILE\n\n"
                    "Creates a PortSafe instance: the database (seeded with every UK seaport),\n"
                    "the instance secret and the service key pair. The service private key is\n"
                    "written only to the recovery key file. Refuses to overwrite anything.",
                    &vm, &code)) {
    return code;
  }
  Status st = service::InitInstance(data, recovery);
  if (!st.ok()) {
    std::cerr << "portsafe init: " << st.error().message() << "\n";
    return 1;
  }
  std::cout << "Created a PortSafe instance in " << data << "\n"
            << "The service recovery key is in " << recovery
            << ". Move it offline: it opens every report.\n";
  return 0;
}

}  // namespace portsafe::cli
