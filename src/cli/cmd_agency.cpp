// `portsafe agency add|list|set-ports|rename`: creates an agency and its key
// pair, lists the agencies, and changes an agency's ports or name.
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "common/fs.h"
#include "service/accounts.h"
#include "service/audit_log.h"
#include "service/row_seal.h"

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

constexpr const char* kAgenciesUsage =
    "Usage: portsafe agency add --data DIR --code CODE --name NAME ... (agency add --help)\n"
    "       portsafe agency list --data DIR\n"
    "       portsafe agency set-ports --data DIR --code CODE (--port GBFXT ... | --everywhere)\n"
    "       portsafe agency rename --data DIR --code CODE --name NAME";

int ListAgencies(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe agency list --data DIR\n\n"
                    "One line an agency, tab-separated: code, kind, the ports it covers\n"
                    "(\"everywhere\" when none are named), its officers, whether its record\n"
                    "matches its seal (\"changed outside PortSafe\" when not: it gets no\n"
                    "package), and its name.",
                    &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "agency list");
  if (!inst) return 1;
  auto agencies = inst->store->staff().ListAgencies();
  auto users = inst->store->staff().ListUsers();
  if (!agencies.ok() || !users.ok()) {
    std::cerr << "portsafe agency list: "
              << (agencies.ok() ? users.error() : agencies.error()).message() << "\n";
    return 1;
  }
  const service::RowSeal seal(inst->keys.instance_secret);
  std::cout << "code\tkind\tports\tofficers\trecord\tname\n";
  for (const auto& a : *agencies) {
    int officers = 0;
    for (const auto& u : *users) officers += u.agency_code == a.code && !u.disabled ? 1 : 0;
    std::cout << a.code << "\t" << a.kind << "\t" << (a.ports.empty() ? "everywhere" : a.ports)
              << "\t" << officers << "\t"
              << (seal.AgencyIntact(a) ? "sealed" : "changed outside PortSafe") << "\t" << a.name
              << "\n";
  }
  return 0;
}

// set-ports and rename: one change, audited.
int ChangeAgency(const std::vector<std::string>& args, const std::string& verb) {
  po::options_description desc("Options");
  std::string data, name;
  service::AgencyChange change;
  std::vector<std::string> ports;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "code", po::value(&change.code)->required(), "the agency's code");
  const bool set_ports = verb == "set-ports";
  if (set_ports) {
    desc.add_options()("port", po::value(&ports)->multitoken(),
                       "UN/LOCODE of a port the agency covers (repeat it, or give several)")(
        "everywhere", po::bool_switch(), "the agency covers every port");
  } else {
    desc.add_options()("name", po::value(&name)->required(), "the agency's new name");
  }
  po::variables_map vm;
  int code = 0;
  const std::string usage =
      set_ports ? "Usage: portsafe agency set-ports --data DIR --code CODE (--port GBFXT ... | "
                  "--everywhere)\n\n"
                  "Sets the ports an agency covers (which reports it is offered for), in place\n"
                  "of the ones it had. Its key and its packages stay. Audited."
                : "Usage: portsafe agency rename --data DIR --code CODE --name NAME\n\n"
                  "Gives an agency a new name; its code, key and packages stay. Audited.";
  if (!ParseOptions(args, desc, usage.c_str(), &vm, &code)) return code;
  const std::string what = "portsafe agency " + verb + ": ";
  if (set_ports) {
    const bool everywhere = vm["everywhere"].as<bool>();
    if (everywhere == !ports.empty()) {
      std::cerr << what << "give --port (one or more) or --everywhere\n";
      return 2;
    }
    change.ports = ports;
  } else {
    change.name = name;
  }
  auto inst = OpenOrSay(data, "agency " + verb);
  if (!inst) return 1;
  Status st = service::ChangeAgency(&inst->store->staff(), &inst->store->reports(),
                                    inst->keys.instance_secret, change);
  if (!st.ok()) {
    std::cerr << what << st.error().message() << "\n";
    return st.error().code() == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  (void)inst->audit->Append(
      {"cli", "operator", set_ports ? "agency.ports_changed" : "agency.renamed", change.code});
  std::cout << (set_ports ? "Ports set for " : "Renamed ") << change.code << "\n";
  return 0;
}

}  // namespace

int RunAgency(const std::vector<std::string>& args) {
  return RunVerbs(args, kAgenciesUsage,
                  {{"add", AddAgency},
                   {"list", ListAgencies},
                   {"set-ports", [](const auto& a) { return ChangeAgency(a, "set-ports"); }},
                   {"rename", [](const auto& a) { return ChangeAgency(a, "rename"); }}});
}

}  // namespace portsafe::cli
