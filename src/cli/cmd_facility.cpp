// `portsafe facility add|list|suspend|resume|materials`: member facilities
// and their campaign materials, the command-line twins of the admin pages.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "common/fs.h"
#include "service/audit_log.h"
#include "service/facilities.h"
#include "service/reporting_service_impl.h"
#include "web/i18n.h"
#include "web/materials.h"

namespace portsafe::cli {
namespace {

constexpr const char* kFacilityUsage =
    "Usage: portsafe facility <verb> [options]   (portsafe facility <verb> --help)\n\n"
    "Verbs:\n"
    "  add        Make a member facility with its reporting link /r/<CODE>.\n"
    "  list       List member facilities.\n"
    "  suspend    Suspend a facility: reports through its link count for the port\n"
    "             only, its security managers see nothing.\n"
    "  resume     Make a suspended facility active again.\n"
    "  materials  Write a facility's posters, leaflet, QR codes and briefing pack.";

// Opens the instance or prints why not; `who` names the command.
std::optional<OpenInstance> Open(const std::string& data, const char* who) {
  return OpenOrSay(data, std::string("facility ") + who);
}

int Fail(const char* who, const Error& e) {
  std::cerr << "portsafe facility " << who << ": " << e.message() << "\n";
  return e.code() == ErrorCode::kInvalidArgument ? 2 : 1;
}

int AddFacility(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  service::NewFacility f;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "code", po::value(&f.code)->required(),
      "facility code: the port's UN/LOCODE, a hyphen and a name, e.g. GBFXT-TRINITY")(
      "port", po::value(&f.port)->required(), "UN/LOCODE of the port, e.g. GBFXT")(
      "name", po::value(&f.name)->required(), "the facility's name, e.g. \"Trinity Terminal\"")(
      "operator", po::value(&f.operator_group),
      "operator group (default: the port's, for the major ports the directory knows)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe facility add --data DIR --code CODE --port UNLOCODE --name "
                    "NAME [--operator OP]\n\n"
                    "Makes a member facility. Its reporting link is <public URL>/r/<CODE>;\n"
                    "add its security manager with `portsafe user add --role port-manager\n"
                    "--facility CODE`.",
                    &vm, &code)) {
    return code;
  }
  auto inst = Open(data, "add");
  if (!inst) return 1;
  auto ports = service::LoadPortDirectory(&inst->store->reports());
  if (!ports.ok()) return Fail("add", ports.error());
  auto groups = service::LoadPortGroups();
  if (!groups.ok()) return Fail("add", groups.error());
  auto row = service::MakeFacility(f, *ports, *groups, inst->clock->Today());
  if (!row.ok()) return Fail("add", row.error());
  if (auto st = inst->store->reports().PutFacility(*row); !st.ok()) return Fail("add", st.error());
  service::AuditLog& audit = *inst->audit;
  (void)audit.Append({"cli", "operator", "facility.created", row->code});
  std::cout << "Added facility " << row->code << " (" << row->name << ", " << row->port_code
            << (row->operator_group.empty() ? "" : ", " + row->operator_group) << ").\n";
  auto url = PublicUrl(*inst);
  if (url.ok()) std::cout << "Reporting link: " << service::ReportingLink(*url, row->code) << "\n";
  return 0;
}

int ListFacilities(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe facility list --data DIR\n\n"
                    "Lists member facilities, one a line: code, status, port, joining date,\n"
                    "operator group and name, separated by tabs.",
                    &vm, &code)) {
    return code;
  }
  auto inst = Open(data, "list");
  if (!inst) return 1;
  auto list = inst->store->membership().ListFacilities();
  if (!list.ok()) return Fail("list", list.error());
  for (const auto& f : *list) {
    std::cout << f.code << "\t" << f.status << "\t" << f.port_code << "\t"
              << (f.joined_on.empty() ? "-" : f.joined_on) << "\t"
              << (f.operator_group.empty() ? "-" : f.operator_group) << "\t" << f.name << "\n";
  }
  return 0;
}

int SetStatus(const std::vector<std::string>& args, const char* verb, const char* status) {
  po::options_description desc("Options");
  std::string data, fcode;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "code", po::value(&fcode)->required(), "facility code");
  po::variables_map vm;
  int code = 0;
  const std::string usage = std::string("Usage: portsafe facility ") + verb +
                            " --data DIR --code CODE\n\n" +
                            (std::string(status) == "suspended"
                                 ? "Suspends a member facility. Reporters are never turned away: "
                                   "its link still\nopens the report form for its port, but "
                                   "reports count for the port only,\nand its security managers "
                                   "see no figures or materials until it is resumed."
                                 : "Makes a suspended member facility active again.");
  if (!ParseOptions(args, desc, usage.c_str(), &vm, &code)) return code;
  auto inst = Open(data, verb);
  if (!inst) return 1;
  if (auto st = inst->store->membership().SetFacilityStatus(fcode, status); !st.ok()) {
    return Fail(verb, st.error());
  }
  service::AuditLog& audit = *inst->audit;
  (void)audit.Append(
      {"cli", "operator",
       std::string(status) == "suspended" ? "facility.suspended" : "facility.resumed", fcode});
  std::cout << "Facility " << fcode << " is " << status << ".\n";
  return 0;
}

int Materials(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, fcode, lang, out, url_override;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "code", po::value(&fcode)->required(), "facility code")(
      "lang", po::value(&lang)->default_value("en"), "language: en, lt, pl, pt, ro or uk")(
      "out", po::value(&out)->required(), "directory to write the files to (made if missing)")(
      "public-url", po::value(&url_override),
      "public URL for the QR code instead of the instance's (`portsafe config`)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe facility materials --data DIR --code CODE [--lang LANG] "
                    "--out DIR\n\n"
                    "Writes poster-a4.pdf, poster-a3.pdf, leaflet-a5.pdf, qr.svg and qr.png for\n"
                    "the facility in LANG (default en), and with --lang en briefing-pack.pdf,\n"
                    "which is written in English only. The QR code holds the facility's\n"
                    "reporting link in that language, <public URL>/r/<CODE>?lang=LANG; the\n"
                    "link printed under it is <public URL>/r/<CODE>. The posters, the leaflet\n"
                    "and the briefing pack also print the facility's \"I was approached\"\n"
                    "link, <public URL>/approached/<CODE>, and the posters and the pack carry\n"
                    "a second QR code to its learning link, <public URL>/learn/<CODE>. Files\n"
                    "that exist are replaced.",
                    &vm, &code)) {
    return code;
  }
  auto catalogue = web::Catalogue::LoadEmbedded();
  if (!catalogue.ok()) return Fail("materials", catalogue.error());
  if (catalogue->Pick(lang) != lang) {
    std::cerr << "portsafe facility materials: unknown language '" << lang << "' (";
    for (const auto& l : catalogue->languages()) std::cerr << " " << l.code;
    std::cerr << " )\n";
    return 2;
  }
  auto inst = Open(data, "materials");
  if (!inst) return 1;
  auto facility = inst->store->reports().FindFacility(fcode);
  if (!facility.ok()) return Fail("materials", facility.error());
  if (!facility->has_value()) return Fail("materials", NotFound("no such facility: " + fcode));
  web::MaterialsFor m;
  m.facility = **facility;
  if (!url_override.empty()) {
    auto url = service::NormalisePublicUrl(url_override);
    if (!url.ok()) return Fail("materials", url.error());
    m.public_url = *url;
  } else {
    auto url = PublicUrl(*inst);
    if (!url.ok()) return Fail("materials", url.error());
    m.public_url = *url;
  }
  auto ports = service::LoadPortDirectory(&inst->store->reports());
  if (!ports.ok()) return Fail("materials", ports.error());
  m.port = ports->Find(m.facility.port_code);
  // Posters are for printing and sharing: a directory made here is
  // readable by others, as its files are (the program's umask is 077).
  const bool made = !std::filesystem::exists(out);
  if (auto st = fs::MakeDirs(out); !st.ok()) return Fail("materials", st.error());
  if (made) {
    std::filesystem::permissions(
        out, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                 std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                 std::filesystem::perms::others_exec);
  }
  for (std::string_view name : web::kMaterialFiles) {
    if (!web::MaterialInLanguage(name, lang)) {
      std::cerr << "portsafe facility materials: " << name
                << " not written: the briefing pack is in English only (--lang en)\n";
      continue;
    }
    auto file = web::MakeMaterial(*catalogue, m, lang, name);
    if (!file.ok()) return Fail("materials", file.error());
    const std::string path = out + "/" + file->name;
    if (auto st = fs::ReplaceFile(path, file->data, 0644); !st.ok()) {
      return Fail("materials", st.error());
    }
    std::cout << path << "\n";
  }
  return 0;
}

}  // namespace

int RunFacility(const std::vector<std::string>& args) {
  return RunVerbs(args, kFacilityUsage,
                  {{"add", AddFacility},
                   {"list", ListFacilities},
                   {"suspend", [](const auto& a) { return SetStatus(a, "suspend", "suspended"); }},
                   {"resume", [](const auto& a) { return SetStatus(a, "resume", "active"); }},
                   {"materials", Materials}});
}

}  // namespace portsafe::cli
