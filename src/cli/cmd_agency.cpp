// `portsafe agency add`: creates an agency and its key pair.
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "common/fs.h"
#include "service/accounts.h"
#include "service/audit_log.h"

namespace portsafe::cli {
namespace {

constexpr const char* kAgencyUsage =
    "Usage: portsafe agency add --data DIR --code CODE --name NAME [--kind KIND]\n"
    "                           [--port GBFXT ...] --recovery-key-out FILE\n\n"
    "Creates an agency that receives sanitised intelligence packages, and its key\n"
    "pair. The private key is written only to the recovery key file (mode 0600):\n"
    "keep it offline and use it with `portsafe user add --recovery-key-file` to give\n"
    "the agency's first officer access. KIND is police (default), maritime,\n"
    "border_force, nca, hmrc or ct_policing; --port lists the ports a police force\n"
    "covers (repeat it, or give several).";

int AddAgency(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, recovery;
  service::NewAgency a;
  a.kind = "police";
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "code", po::value(&a.code)->required(), "agency code, e.g. SUFFOLK-POLICE")(
      "name", po::value(&a.name)->required(), "agency name")(
      "kind", po::value(&a.kind)->default_value("police"),
      "police, maritime, border_force, nca, hmrc or ct_policing")(
      "port", po::value(&a.ports)->multitoken(), "UN/LOCODE of a port the agency covers")(
      "recovery-key-out", po::value(&recovery)->required(),
      "file to write the agency's recovery key to (must not exist)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc, kAgencyUsage, &vm, &code)) return code;
  if (fs::Exists(recovery)) {
    std::cerr << "portsafe agency add: " << recovery << " exists; refusing to overwrite it\n";
    return 1;
  }
  auto inst = OpenOrSay(data, "agency add");
  if (!inst) return 1;
  auto kp = service::CreateAgency(&inst->store->staff(), &inst->store->reports(),
                                  inst->keys.instance_secret, a);
  if (!kp.ok()) {
    std::cerr << "portsafe agency add: " << kp.error().message() << "\n";
    return kp.error().code() == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  if (auto st =
          fs::WriteNewFile(recovery, service::FormatRecoveryKey(*kp, "agency " + a.code), 0600);
      !st.ok()) {
    std::cerr << "portsafe agency add: " << st.error().message()
              << " (the agency exists but its private key is lost; packages to it cannot be "
                 "opened)\n";
    return 1;
  }
  service::AuditLog& audit = *inst->audit;
  (void)audit.Append({"cli", "operator", "agency.created", a.code});
  std::cout << "Created agency " << a.code << ". Its recovery key is in " << recovery
            << ": move it offline.\n";
  return 0;
}

}  // namespace

int RunAgency(const std::vector<std::string>& args) {
  return RunVerb(args, "add", "Usage: portsafe agency add [options]   (portsafe agency add --help)",
                 AddAgency);
}

}  // namespace portsafe::cli
