// `portsafe audit verify`: checks the audit log's hash chain.
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "service/audit_log.h"

namespace portsafe::cli {
namespace {

int Verify(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe audit verify --data DIR\n\n"
                    "Checks every entry of the audit log against the chain of keyed hashes.\n"
                    "Prints \"intact\" (exit 0) or the first tampered entry (exit 1).",
                    &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "audit verify");
  if (!inst) return 1;
  service::AuditLog audit(&inst->store->staff(), inst->keys.instance_secret, inst->clock);
  auto v = audit.Verify();
  if (!v.ok()) {
    std::cerr << "portsafe audit verify: " << v.error().message() << "\n";
    return 1;
  }
  if (v->first_bad) {
    std::cout << "tampered: entry " << *v->first_bad << " (of " << v->entries
              << " checked) does not match the chain\n";
    return 1;
  }
  std::cout << "intact (" << v->entries << " entries)\n";
  return 0;
}

}  // namespace

int RunAudit(const std::vector<std::string>& args) {
  return RunVerb(args, "verify",
                 "Usage: portsafe audit verify --data DIR   (portsafe audit verify --help)",
                 Verify);
}

}  // namespace portsafe::cli
