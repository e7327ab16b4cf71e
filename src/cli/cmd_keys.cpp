// `portsafe keys seal-rows|take-back|rotate`: seals the staff, agency and
// setting records written before seals existed (service::RowSeal), takes a
// key back from a staff member, and replaces the service key pair or an
// agency's (service/key_rotation.h).
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "common/fs.h"
#include "core/role.h"
#include "service/accounts.h"
#include "service/instance.h"
#include "service/key_rotation.h"
#include "service/link_service_impl.h"
#include "service/row_seal.h"

namespace portsafe::cli {
namespace {

constexpr const char* kKeysUsage =
    "Usage: portsafe keys seal-rows --data DIR [--yes]\n"
    "       portsafe keys take-back --data DIR --email E\n"
    "       portsafe keys rotate --data DIR --recovery-key-file OLD --recovery-key-out NEW\n"
    "                            [--agency CODE]\n"
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
  const std::string key = role ? service::KeyNameFor(*role, u.agency_code) : "";
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

int Rotate(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, old_file, new_file, agency;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "recovery-key-file", po::value(&old_file)->required(),
      "the recovery key file of the key in use")(
      "recovery-key-out", po::value(&new_file)->required(),
      "file to write the new key's recovery key to (mode 0600; keep it offline)")(
      "agency", po::value(&agency), "rotate this agency's key pair instead of the service's");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(
          args, desc,
          "Usage: portsafe keys rotate --data DIR --recovery-key-file OLD --recovery-key-out NEW\n"
          "                            [--agency CODE]\n\n"
          "Replaces the service key pair (or, with --agency, that agency's) with a new\n"
          "one, and writes the new private key once, to NEW. What was sealed to the old\n"
          "key stays readable: the old private key is kept in the database sealed to the\n"
          "new one. Whoever holds the old key and still may (enabled, of a role that\n"
          "holds it, with an intact record) is given the new one; every session of every\n"
          "holder ends, so they sign in again. A copy of the old key that somebody kept\n"
          "opens nothing filed from now on. Stop every node first; afterwards copy\n"
          "service.pub from DIR to every other node's data directory (a node with the\n"
          "old one refuses to start). Audited.",
          &vm, &code)) {
    return code;
  }
  const std::string what = "portsafe keys rotate: ";
  auto inst = OpenOrSay(data, "keys rotate");
  if (!inst) return 1;
  const service::RowSeal seal(inst->keys.instance_secret);
  std::string in_use = inst->keys.service_public_key;
  std::string whose = "service";
  if (!agency.empty()) {
    auto found = inst->store->staff().FindAgency(agency);
    if (!found.ok() || !found->has_value()) {
      std::cerr << what << (found.ok() ? "no such agency: " + agency : found.error().message())
                << "\n";
      return 1;
    }
    in_use = (*found)->public_key;
    whose = "agency " + agency;
  }
  auto old_pair = ReadRecoveryKey(old_file, in_use);
  if (!old_pair.ok()) {
    std::cerr << what << old_pair.error().message() << " (the " << whose << " key in use)\n";
    return 1;
  }
  const crypto::KeyPair new_pair = crypto::GenerateKeyPair();
  // The new key is written before anything changes, and only once.
  if (auto st = fs::WriteNewFile(new_file, service::FormatRecoveryKey(new_pair, whose), 0600);
      !st.ok()) {
    std::cerr << what << st.error().message() << "\n";
    return 1;
  }
  auto done =
      agency.empty()
          ? service::RotateServiceKey(&inst->store->staff(), seal, *old_pair, new_pair)
          : service::RotateAgencyKey(&inst->store->staff(), seal, agency, *old_pair, new_pair);
  if (!done.ok()) {
    (void)std::remove(new_file.c_str());  // nothing changed: the new key is of no use
    std::cerr << what << done.error().message() << "; nothing changed\n";
    return 1;
  }
  if (agency.empty()) {
    // The key in use, sealed; then this node's service.pub; then the link
    // index, whose keys derive from the service key, is built again (each
    // report waits to be indexed at the next sign-in of a key holder).
    Status st = service::PutSealedSetting(&inst->store->membership(), seal,
                                          service::kServicePublicKeySetting,
                                          crypto::ToHex(new_pair.public_key));
    if (st.ok()) st = fs::ReplaceFile(data + "/service.pub", new_pair.public_key, 0600);
    if (st.ok()) st = inst->store->links().ResetLinkIndex(service::kLinkIndexVersion);
    if (!st.ok()) {
      std::cerr << what << "the key was rotated, but " << st.error().message()
                << ": write service.pub from " << new_file << " before starting\n";
      return 1;
    }
  }
  (void)inst->audit->Append(
      {"cli", "operator", "key.rotated",
       agency.empty() ? service::kServiceKeyName : service::AgencyKeyName(agency)});
  std::cout << "Rotated the " << whose << " key. The new recovery key is in " << new_file
            << ": keep it offline.\n";
  for (const auto& e : done->kept) std::cout << "  given the new key: " << e << "\n";
  for (const auto& e : done->dropped) std::cout << "  not given it: " << e << "\n";
  std::cout << "Older keys kept, sealed to the new one: " << done->retired << "\n";
  if (done->unreadable > 0) {
    std::cout << "Older keys that no longer opened (left out): " << done->unreadable << "\n";
  }
  std::cout << "Every holder signs in again. " << old_file
            << " is no longer needed: destroy it (it opens what was sealed before now).\n";
  if (agency.empty()) {
    std::cout << "Copy " << data << "/service.pub to every other node before it starts.\n";
  }
  return 0;
}

}  // namespace

int RunKeys(const std::vector<std::string>& args) {
  return RunVerbs(args, kKeysUsage,
                  {{"seal-rows", SealRows}, {"take-back", TakeBack}, {"rotate", Rotate}});
}

}  // namespace portsafe::cli
