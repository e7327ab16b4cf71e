// `portsafe audit verify|head`: checks the audit log's hash chain against
// the witness of its heads, and prints or records the head.
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "service/audit_log.h"
#include "service/audit_witness.h"

namespace portsafe::cli {
namespace {

constexpr const char* kAuditUsage =
    "Usage: portsafe audit verify --data DIR [--witness FILE ...] [--no-witness]\n"
    "       portsafe audit head --data DIR [--record]\n"
    "(portsafe audit verify --help, portsafe audit head --help)";

int Verify(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  std::vector<std::string> witness_paths;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "witness", po::value(&witness_paths)->composing(),
      "a witness of the log's heads: a file of lines SEQ MAC DATE, as `serve` writes and "
      "mails to the auditor (default DATA/audit.witness; give it once per file, e.g. one per "
      "node)")("no-witness", "check the chain alone (entries deleted from its end go unseen)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(
          args, desc,
          "Usage: portsafe audit verify --data DIR [--witness FILE ...] [--no-witness]\n\n"
          "Checks every entry of the audit log against the chain of keyed hashes,\n"
          "and the chain against every head the witness recorded: entries deleted\n"
          "from the end, an emptied log and an older backup restored all show.\n"
          "Prints \"intact\" (exit 0) or what is wrong (exit 1).",
          &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "audit verify");
  if (!inst) return 1;
  std::vector<service::AuditHead> heads;
  if (vm.count("no-witness") == 0) {
    if (witness_paths.empty()) witness_paths.push_back(service::AuditWitness::DefaultPath(data));
    for (const auto& path : witness_paths) {
      auto read = service::AuditWitness(path).Read();
      if (!read.ok()) {
        std::cerr << "portsafe audit verify: "
                  << (read.error().code() == ErrorCode::kNotFound
                          ? "cannot read the witness " + path +
                                " (`serve` writes it; --no-witness checks the chain alone)"
                          : read.error().message())
                  << "\n";
        return 1;
      }
      heads.insert(heads.end(), read->begin(), read->end());
    }
  }
  auto v = inst->audit->Verify(heads);
  if (!v.ok()) {
    std::cerr << "portsafe audit verify: " << v.error().message() << "\n";
    return 1;
  }
  if (v->first_bad) {
    std::cout << "tampered: entry " << *v->first_bad << " (of " << v->entries
              << " checked) does not match the chain\n";
    return 1;
  }
  if (v->differs) {
    std::cout << "rewritten: entry " << v->differs->seq
              << " is not the one the witness recorded on " << v->differs->on
              << " (the log was rewritten, or an older backup was restored and written to "
                 "since)\n";
  }
  if (v->missing) {
    const std::int64_t from = v->entries + 1, to = v->missing->seq;
    std::cout << "missing: "
              << (from == to ? "entry " + std::to_string(to)
                             : "entries " + std::to_string(from) + " to " + std::to_string(to))
              << (v->entries == 0 ? " (the log is empty)" : "") << ": the witness recorded entry "
              << to << " on " << v->missing->on << ", and the log ends at entry " << v->entries
              << " (deleted from the end, or an older backup restored)\n";
  }
  if (!v->intact()) return 1;
  std::cout << "intact (" << v->entries << " entries";
  if (!heads.empty()) std::cout << "; agrees with the " << heads.size() << " witnessed heads";
  std::cout << ")\n";
  return 0;
}

int Head(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "record", po::bool_switch(), "also append it to the witness (DATA/audit.witness)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe audit head --data DIR [--record]\n\n"
                    "Prints the audit log's head as a witness line: the newest entry's number,\n"
                    "its MAC and today's date. Keep it off the machine (or give `serve`\n"
                    "--auditor-email): `portsafe audit verify --witness FILE` then shows any\n"
                    "entry deleted or rolled back since.",
                    &vm, &code)) {
    return code;
  }
  auto inst = OpenOrSay(data, "audit head");
  if (!inst) return 1;
  auto head = vm["record"].as<bool>() ? inst->audit->Witness() : inst->audit->Head();
  if (!head.ok()) {
    std::cerr << "portsafe audit head: " << head.error().message() << "\n";
    return 1;
  }
  std::cout << service::AuditWitness::Format(*head);
  return 0;
}

}  // namespace

int RunAudit(const std::vector<std::string>& args) {
  return RunVerbs(args, kAuditUsage, {{"verify", Verify}, {"head", Head}});
}

}  // namespace portsafe::cli
