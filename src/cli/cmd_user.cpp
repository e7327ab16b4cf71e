// `portsafe user add`: creates a staff account.
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "core/role.h"
#include "service/accounts.h"
#include "service/audit_log.h"

namespace portsafe::cli {
namespace {

constexpr const char* kUserUsage =
    "Usage: portsafe user add --data DIR --role ROLE --email E --password-file FILE\n"
    "                         [--agency CODE | --facility CODE] [--recovery-key-file FILE]\n\n"
    "Creates a staff account. ROLE is handler, supervisor, agency (an agency officer;\n"
    "needs --agency), port-manager (a facility's security manager; needs --facility) or\n"
    "admin. The password is the first line of FILE (at least 12 characters).\n\n"
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
      "recovery key that gives the user the service or agency private key");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc, kUserUsage, &vm, &code)) return code;

  auto inst = OpenExisting(data);
  if (!inst.ok()) {
    std::cerr << "portsafe user add: " << inst.error().message() << "\n";
    return 1;
  }
  auto pw = ReadPasswordFile(password_file);
  if (!pw.ok()) {
    std::cerr << "portsafe user add: " << pw.error().message() << "\n";
    return 1;
  }
  u.password = *pw;
  u.created_on = inst->clock->Today();
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
  service::AuditLog audit(&inst->store->staff(), inst->keys.instance_secret, inst->clock);
  (void)audit.Append({"cli", "operator", "user.created", created->id});
  std::cout << "Created " << u.role << " " << service::NormaliseEmail(u.email) << "\n"
            << "TOTP secret (add to an authenticator app; shown once):\n"
            << created->totp_uri << "\n"
            << "Recovery code (give to the user to keep offline; shown once):\n"
            << created->recovery_code << "\n";
  if (const auto role = core::ParseRole(u.role);
      grants.empty() && role && *role != core::Role::kAdmin && *role != core::Role::kPortManager) {
    std::cout << "Note: no key was given; a colleague who holds it must give it before this "
                 "user can read anything.\n";
  }
  return 0;
}

}  // namespace

int RunUser(const std::vector<std::string>& args) {
  return RunVerb(args, "add", "Usage: portsafe user add [options]   (portsafe user add --help)",
                 AddUser);
}

}  // namespace portsafe::cli
