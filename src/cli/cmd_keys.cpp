// `portsafe keys seal-rows`: seals the staff, agency and setting records
// written before seals existed (service::RowSeal).
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "service/row_seal.h"

namespace portsafe::cli {
namespace {

constexpr const char* kKeysUsage =
    "Usage: portsafe keys seal-rows --data DIR [--yes]   (portsafe keys seal-rows --help)";

int SealRows(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "yes", "seal them (without it, only lists them)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe keys seal-rows --data DIR [--yes]\n\n"
                    "Lists the staff accounts, agencies and the public URL that have no seal\n"
                    "yet (written before this version), and with --yes seals them. Check the\n"
                    "list first: whatever it names is taken as genuine. Until then, such an\n"
                    "account signs in to nothing and is given no key, such an agency gets no\n"
                    "package, and the public URL is not used. A record whose seal does not\n"
                    "match (changed outside PortSafe) is never sealed again.",
                    &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "keys seal-rows");
  if (!inst) return 1;
  const bool apply = vm.count("yes") > 0;
  auto rows = service::SealOlderRows(&inst->store->staff(), &inst->store->membership(),
                                     service::RowSeal(inst->keys.instance_secret), apply);
  if (!rows.ok()) {
    std::cerr << "portsafe keys seal-rows: " << rows.error().message() << "\n";
    return 1;
  }
  for (const auto& r : *rows) std::cout << (apply ? "sealed " : "unsealed ") << r << "\n";
  if (rows->empty()) std::cout << "every record is sealed\n";
  if (apply && !rows->empty()) {
    (void)inst->audit->Append({"cli", "operator", "rows.sealed", std::to_string(rows->size())});
  }
  if (!apply && !rows->empty()) std::cout << "run again with --yes to seal them\n";
  return 0;
}

}  // namespace

int RunKeys(const std::vector<std::string>& args) {
  return RunVerbs(args, kKeysUsage, {{"seal-rows", SealRows}});
}

}  // namespace portsafe::cli
