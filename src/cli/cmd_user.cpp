// `portsafe user add|list|disable|enable|remove|set-role`: staff accounts.
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "core/role.h"
#include "service/accounts.h"
#include "service/audit_log.h"
#include "service/row_seal.h"

namespace portsafe::cli {
namespace {

constexpr const char* kUserUsage =
    "Usage: portsafe user add --data DIR --role ROLE --email E --password-file FILE\n"
    "                         [--agency CODE | --facility CODE] [--recovery-key-file FILE]\n"
    "                         [--holder-chose-password]\n\n"
    "Creates a staff account. ROLE is handler, supervisor, agency (an agency officer;\n"
    "needs --agency), port-manager (a facility's security manager; needs --facility) or\n"
    "admin. The password is the first line of FILE (at least 12 characters). It is a\n"
    "first password: at first sign-in the holder must choose their own before anything\n"
    "else (the account page, or POST /api/v1/account/password). --holder-chose-password\n"
    "skips that, for an account whose holder wrote FILE themselves (the operator's own).\n\n"
    "--recovery-key-file gives the new user a private key: the service recovery key\n"
    "(from `portsafe init`) for a handler or supervisor, the agency's recovery key\n"
    "(from `portsafe agency add`) for an agency officer. Without it, a colleague who\n"
    "holds the key must give it later.\n\n"
    "Prints the user's TOTP secret as an otpauth:// URI on a line of its own (add it\n"
    "to an authenticator app) and a recovery code that unlocks the account's key if\n"
    "the password is lost. Both are shown only once.";

int AddUser(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, password_file, recovery_file;
  service::NewUser u;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "role", po::value(&u.role)->required(), "handler, supervisor, agency, port-manager or admin")(
      "email", po::value(&u.email)->required(), "the user's e-mail address (their sign-in name)")(
      "password-file", po::value(&password_file)->required(),
      "file whose first line is the initial password")("agency", po::value(&u.agency_code),
                                                       "agency code (agency officers)")(
      "facility", po::value(&u.facility_code), "facility code (port security managers)")(
      "recovery-key-file", po::value(&recovery_file),
      "recovery key that gives the user the service or agency private key")(
      "holder-chose-password", "the holder wrote the password file: no change at first sign-in");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc, kUserUsage, &vm, &code)) return code;

  auto inst = OpenOrSay(data, "user add");
  if (!inst) return 1;
  auto pw = ReadPasswordFile(password_file);
  if (!pw.ok()) {
    std::cerr << "portsafe user add: " << pw.error().message() << "\n";
    return 1;
  }
  u.password = *pw;
  u.created_on = inst->clock->Today();
  u.must_change_password = vm.count("holder-chose-password") == 0;
  std::vector<service::KeyToGrant> grants;
  crypto::KeyPair key;
  if (!recovery_file.empty()) {
    auto role = core::ParseRole(u.role);
    std::string expected;
    std::string name;
    if (role && core::ReadsReports(*role)) {
      expected = inst->keys.service_public_key;
      name = service::kServiceKeyName;
    } else if (role == core::Role::kAgency) {
      auto agency = inst->store->staff().FindAgency(u.agency_code);
      if (!agency.ok() || !agency->has_value()) {
        std::cerr << "portsafe user add: no such agency: " << u.agency_code << "\n";
        return 1;
      }
      expected = (*agency)->public_key;
      name = service::AgencyKeyName(u.agency_code);
    } else {
      std::cerr << "portsafe user add: a " << u.role << " holds no key; drop --recovery-key-file\n";
      return 2;
    }
    auto kp = ReadRecoveryKey(recovery_file, expected);
    if (!kp.ok()) {
      std::cerr << "portsafe user add: " << kp.error().message() << "\n";
      return 1;
    }
    key = std::move(*kp);
    grants.push_back({name, &key});
  }
  auto created = service::CreateUser(&inst->store->staff(), &inst->store->reports(),
                                     inst->keys.instance_secret, u, grants);
  if (!created.ok()) {
    std::cerr << "portsafe user add: " << created.error().message() << "\n";
    return created.error().code() == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  service::AuditLog& audit = *inst->audit;
  (void)audit.Append({"cli", "operator",
                      u.must_change_password ? "user.created" : "user.created_own_password",
                      created->id});
  std::cout << "Created " << u.role << " " << service::NormaliseEmail(u.email) << "\n"
            << "TOTP secret (add to an authenticator app; shown once):\n"
            << created->totp_uri << "\n"
            << "Recovery code (give to the user to keep offline; shown once):\n"
            << created->recovery_code << "\n";
  if (u.must_change_password) {
    std::cout << "The password is a first password: the user chooses their own at first "
                 "sign-in.\n";
  }
  if (const auto role = core::ParseRole(u.role);
      grants.empty() && role && *role != core::Role::kAdmin && *role != core::Role::kPortManager) {
    std::cout << "Note: no key was given; a colleague who holds it must give it before this "
                 "user can read anything.\n";
  }
  return 0;
}

constexpr const char* kUsersUsage =
    "Usage: portsafe user add|list|disable|enable|remove|set-role [options]\n\n"
    "  add       create a staff account (portsafe user add --help)\n"
    "  list      list the accounts\n"
    "  disable   stop an account: its sessions end on every node at once (the next\n"
    "            request answers 401) and its key grants are deleted\n"
    "  enable    let a disabled account sign in again (a colleague gives keys again)\n"
    "  remove    delete an account, its grants and its sessions (--yes)\n"
    "  set-role  change the role of a handler, supervisor or admin\n\n"
    "Audit entries of the account always stay. Run `portsafe user VERB --help`.";

int ListUsers(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe user list --data DIR\n\n"
                    "Lists staff accounts, one a line: e-mail address, role, state (active,\n"
                    "disabled, or first-password while the holder has not yet chosen their\n"
                    "own), agency or facility, the keys granted, and the day the account was\n"
                    "made, separated by tabs.",
                    &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "user list");
  if (!inst) return 1;
  auto users = inst->store->staff().ListUsers();
  if (!users.ok()) {
    std::cerr << "portsafe user list: " << users.error().message() << "\n";
    return 1;
  }
  for (const auto& u : *users) {
    auto grants = inst->store->staff().ListKeyGrants(u.id);
    std::string keys;
    for (const auto& g : grants.ok() ? *grants : std::vector<store::KeyGrantRow>{}) {
      keys += (keys.empty() ? "" : ",") + g.key_name;
    }
    const std::string& of = u.agency_code.empty() ? u.facility_code : u.agency_code;
    const char* state = u.disabled               ? "disabled"
                        : u.must_change_password ? "first-password"
                                                 : "active";
    std::cout << u.email << "\t" << u.role << "\t" << state << "\t" << (of.empty() ? "-" : of)
              << "\t" << (keys.empty() ? "-" : keys) << "\t" << u.created_on << "\n";
  }
  return 0;
}

// disable, enable, remove and set-role: one account by its e-mail address.
int ChangeUser(const std::vector<std::string>& args, const std::string& verb) {
  po::options_description desc("Options");
  std::string data, email, role;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "email", po::value(&email)->required(), "the account's e-mail address");
  if (verb == "set-role") {
    desc.add_options()("role", po::value(&role)->required(), "handler, supervisor or admin");
  }
  if (verb == "remove") desc.add_options()("yes", "removing cannot be undone: say so");
  std::string usage = "Usage: portsafe user " + verb + " --data DIR --email E";
  if (verb == "disable") {
    usage +=
        "\n\nStops the account: it cannot sign in, every session of it ends on every node\n"
        "at once (the next request answers 401), and its key grants are deleted. Audited.";
  } else if (verb == "enable") {
    usage +=
        "\n\nLets a disabled account sign in again. Its keys are not given back: a colleague\n"
        "who holds them gives them again at /team. Audited.";
  } else if (verb == "remove") {
    usage +=
        " --yes\n\nDeletes the account, its key grants and its sessions (which end at once).\n"
        "Its audit entries stay. Audited.";
  } else {
    usage +=
        " --role ROLE\n\nChanges the role of a handler, supervisor or admin to another of these.\n"
        "Every session of the account ends; its grant of the service key stays when both\n"
        "roles read reports (handler and supervisor), else it is deleted. Agency officers\n"
        "and port security managers belong to their agency or facility: add a new account\n"
        "instead. Audited.";
  }
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc, usage.c_str(), &vm, &code)) return code;
  const std::string what = "portsafe user " + verb + ": ";
  if (verb == "remove" && vm.count("yes") == 0) {
    std::cerr << what << "removing an account cannot be undone; add --yes\n";
    return 2;
  }
  std::optional<core::Role> new_role;
  if (verb == "set-role") {
    new_role = core::ParseRole(role);
    if (!service::RoleCanChange(new_role)) {
      std::cerr << what << "--role must be handler, supervisor or admin\n";
      return 2;
    }
  }
  auto inst = OpenOrSay(data, "user " + verb);
  if (!inst) return 1;
  auto found = inst->store->staff().FindUserByEmail(service::NormaliseEmail(email));
  if (!found.ok()) {
    std::cerr << what << found.error().message() << "\n";
    return 1;
  }
  if (!found->has_value()) {
    std::cerr << what << "no account with the address " << email << "\n";
    return 1;
  }
  const store::UserRow& u = **found;
  const service::AccountChange change = *service::ParseAccountChange(verb);
  Status st = service::ChangeAccount(&inst->store->staff(), inst->keys.instance_secret, u, change,
                                     new_role);
  if (!st.ok()) {
    if (st.error().code() == ErrorCode::kAlreadyExists) {
      std::cout << st.error().message() << "\n";
      return 0;
    }
    std::cerr << what << st.error().message() << "\n";
    return st.error().code() == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  const std::string action(service::AuditActionOf(change));
  const std::string done = change == service::AccountChange::kDisable  ? "Disabled "
                           : change == service::AccountChange::kEnable ? "Enabled "
                           : change == service::AccountChange::kRemove
                               ? "Removed "
                               : "Now a " + std::string(core::ToString(*new_role)) + ": ";
  service::AuditLog& audit = *inst->audit;
  (void)audit.Append({"cli", "operator", action, u.id});
  std::cout << done << u.email << "\n";
  return 0;
}

}  // namespace

int RunUser(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, VerbFn>> verbs = {{"add", AddUser}, {"list", ListUsers}};
  for (const char* verb : {"disable", "enable", "remove", "set-role"}) {
    verbs.emplace_back(verb, [verb](const auto& a) { return ChangeUser(a, verb); });
  }
  return RunVerbs(args, kUsersUsage, verbs);
}

}  // namespace portsafe::cli
