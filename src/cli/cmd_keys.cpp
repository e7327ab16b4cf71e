// `portsafe keys seal-rows|take-back`: seals the staff, agency and setting
// records written before seals existed (service::RowSeal), and takes a key
// back from a staff member.
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "core/role.h"
#include "service/accounts.h"
#include "service/row_seal.h"

namespace portsafe::cli {
namespace {

constexpr const char* kKeysUsage =
    "Usage: portsafe keys seal-rows --data DIR [--yes]\n"
    "       portsafe keys take-back --data DIR --email E\n"
    "(portsafe keys VERB --help)";

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

int TakeBack(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, email;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "email", po::value(&email)->required(), "the staff member's e-mail address");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe keys take-back --data DIR --email E\n\n"
                    "Takes back the key the account holds (the service key of a handler or\n"
                    "supervisor, the agency key of an officer) without disabling it: the grant\n"
                    "is deleted and every session of the account ends on every node at once.\n"
                    "Signed in again, it reads nothing until a colleague gives the key again\n"
                    "at /team. For a laptop that was lost while signed in. Audited.",
                    &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "keys take-back");
  if (!inst) return 1;
  const std::string what = "portsafe keys take-back: ";
  auto found = inst->store->staff().FindUserByEmail(service::NormaliseEmail(email));
  if (!found.ok() || !found->has_value()) {
    std::cerr << what
              << (found.ok() ? "no account with the address " + email : found.error().message())
              << "\n";
    return 1;
  }
  const store::UserRow& u = **found;
  const auto role = core::ParseRole(u.role);
  std::string key;
  if (role && core::ReadsReports(*role)) key = service::kServiceKeyName;
  if (role && *role == core::Role::kAgency) key = service::AgencyKeyName(u.agency_code);
  if (key.empty()) {
    std::cerr << what << "a " << u.role << " account holds no key\n";
    return 1;
  }
  if (auto st = inst->store->staff().DeleteKeyGrant(u.id, key); !st.ok()) {
    std::cerr << what
              << (st.error().code() == ErrorCode::kNotFound ? u.email + " does not hold the key"
                                                            : st.error().message())
              << "\n";
    return 1;
  }
  (void)inst->audit->Append({"cli", "operator", "key.taken_back", u.id});
  std::cout << "Took the key back from " << u.email << "; every session of it has ended\n";
  return 0;
}

}  // namespace

int RunKeys(const std::vector<std::string>& args) {
  return RunVerbs(args, kKeysUsage, {{"seal-rows", SealRows}, {"take-back", TakeBack}});
}

}  // namespace portsafe::cli
