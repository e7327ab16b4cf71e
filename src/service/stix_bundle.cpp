#include "service/stix_bundle.h"

#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "core/port_directory.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

// The day the objects that are the same in every bundle (PortSafe's
// identity, the extension definitions, the service's identity) were first
// defined: their `created` and `modified`, so that every bundle carries
// them byte for byte the same.
constexpr std::string_view kFormatCreated = "2026-12-01T00:00:00.000Z";

std::string Str(std::string_view s) { return std::string(s); }

// An SDO's id: "<type>--" and PackageUuid.
std::string PackageObjectId(std::string_view type, const PackageContent& c, std::string_view key) {
  return Str(type) + "--" + PackageUuid(type, c, key);
}

// An SCO's id (STIX 2.1 section 2.9): the version 5 UUID, in the STIX
// namespace, of the canonical JSON (RFC 8785) of its id contributing
// properties. Their values here are strings; the keys are written sorted
// and Boost.JSON writes no whitespace, escaping only what JSON must, which
// is RFC 8785's form for strings.
std::string ScoId(std::string_view type, const json::object& sco,
                  std::vector<std::string_view> contributing) {
  std::sort(contributing.begin(), contributing.end());
  json::object canonical;
  for (std::string_view key : contributing) {
    if (const json::value* v = sco.if_contains(key)) canonical[key] = *v;
  }
  return Str(type) + "--" + Uuid5(kStixScoNamespace, json::serialize(canonical));
}

json::array Refs(std::string_view ref) {
  json::array a;
  a.emplace_back(ref);
  return a;
}

// An SCO of `type` with `props`, its id from `contributing`, marked with
// `marking`; a new SCO type names the extension definition that defines it.
json::object MakeSco(std::string_view type, json::object props,
                     std::vector<std::string_view> contributing, std::string_view marking,
                     std::string_view extension) {
  json::object o;
  o["type"] = type;
  o["spec_version"] = "2.1";
  o["id"] = ScoId(type, props, std::move(contributing));
  for (auto& kv : props) o[kv.key()] = std::move(kv.value());
  o["object_marking_refs"] = Refs(marking);
  if (!extension.empty()) {
    json::object ext;
    ext["extension_type"] = "new-sco";
    json::object exts;
    exts[extension] = std::move(ext);
    o["extensions"] = std::move(exts);
  }
  return o;
}

void SetIfNotEmpty(json::object& o, std::string_view key, std::string value) {
  if (!value.empty()) o[key] = std::move(value);
}

// The SCO of an identifier, or an empty object for the kinds that are
// places (locations, which are SDOs) or none.
json::object ScoOf(const PackageExport& e, const intel::Identifier& id, std::string_view marking) {
  const intel::Details d = intel::Describe(id, e.ports);
  json::object p;
  switch (id.kind) {
    case intel::Kind::kContainer:
      p["container_number"] = id.value;
      p["owner_code"] = DetailOf(d, "owner");
      p["equipment_category"] = DetailOf(d, "category");
      p["serial_number"] = DetailOf(d, "serial");
      p["check_digit"] = DetailOf(d, "check_digit");
      return MakeSco("x-portsafe-container", std::move(p), {"container_number"}, marking,
                     kContainerExtension);
    case intel::Kind::kImo:
      p["imo_number"] = id.value;
      return MakeSco("x-portsafe-vessel", std::move(p), {"imo_number", "mmsi"}, marking,
                     kVesselExtension);
    case intel::Kind::kMmsi:
      p["mmsi"] = id.value;
      SetIfNotEmpty(p, "station_type", DetailOf(d, "station"));
      SetIfNotEmpty(p, "maritime_identification_digits", DetailOf(d, "mid"));
      SetIfNotEmpty(p, "flag_state", DetailOf(d, "flag_state"));
      return MakeSco("x-portsafe-vessel", std::move(p), {"imo_number", "mmsi"}, marking,
                     kVesselExtension);
    case intel::Kind::kVrmGb:
    case intel::Kind::kTrailerGb:
    case intel::Kind::kVrmIe: {
      const bool ie = id.kind == intel::Kind::kVrmIe;
      p["registration_mark"] = id.value;
      p["registration_country"] = ie ? "IE" : "GB";
      p["registration_scheme"] = ie                                   ? "ie-vrm"
                                 : id.kind == intel::Kind::kTrailerGb ? "gb-trailer"
                                                                      : "gb-vrm";
      if (id.kind == intel::Kind::kTrailerGb) p["vehicle_type"] = "trailer";
      SetIfNotEmpty(p, "mark_format", DetailOf(d, "format"));
      SetIfNotEmpty(p, "region", DetailOf(d, "region"));
      SetIfNotEmpty(p, "issued", DetailOf(d, "issued"));
      SetIfNotEmpty(p, "registration_year", DetailOf(d, "year"));
      SetIfNotEmpty(p, "registration_half", DetailOf(d, "half"));
      SetIfNotEmpty(p, "county", DetailOf(d, "county"));
      return MakeSco("x-portsafe-vehicle", std::move(p),
                     {"registration_country", "registration_mark"}, marking, kVehicleExtension);
    }
    case intel::Kind::kPhone:
      p["number"] = id.value;
      SetIfNotEmpty(p, "phone_type", DetailOf(d, "type"));
      return MakeSco("x-portsafe-phone", std::move(p), {"number"}, marking, kPhoneExtension);
    case intel::Kind::kEmail:
      p["value"] = id.value;
      return MakeSco("email-addr", std::move(p), {"value"}, marking, "");
    case intel::Kind::kUrl:
      p["value"] = UrlOf(e, id);
      return MakeSco("url", std::move(p), {"value"}, marking, "");
    case intel::Kind::kSocialHandle:
    case intel::Kind::kMessagingHandle:
      p["account_login"] = id.value;
      p["account_type"] = id.kind == intel::Kind::kSocialHandle ? "social-media" : "messaging";
      return MakeSco("user-account", std::move(p), {"account_type", "user_id", "account_login"},
                     marking, "");
    case intel::Kind::kUnlocode:
    case intel::Kind::kPostcodeGb:
      break;
  }
  return {};
}

std::string_view ExtensionOfScoType(std::string_view type) {
  if (type == "x-portsafe-container") return kContainerExtension;
  if (type == "x-portsafe-vessel") return kVesselExtension;
  if (type == "x-portsafe-vehicle") return kVehicleExtension;
  if (type == "x-portsafe-phone") return kPhoneExtension;
  return "";
}

json::object TlpMarking(core::Tlp tlp) {
  json::object o;
  o["type"] = "marking-definition";
  o["spec_version"] = "2.1";
  o["id"] = TlpMarkingId(tlp);
  o["created"] = "2022-10-01T00:00:00.000Z";
  o["name"] = "TLP:" + std::string(core::ToString(tlp));
  json::object ext;
  ext["extension_type"] = "property-extension";
  ext["tlp_2_0"] = TlpName(tlp);
  json::object exts;
  exts[kTlp2Extension] = std::move(ext);
  o["extensions"] = std::move(exts);
  return o;
}

json::object PortSafeIdentity() {
  json::object o;
  o["type"] = "identity";
  o["spec_version"] = "2.1";
  o["id"] = kPortSafeIdentity;
  o["created_by_ref"] = kPortSafeIdentity;
  o["created"] = kFormatCreated;
  o["modified"] = kFormatCreated;
  o["name"] = "PortSafe";
  o["description"] =
      "The PortSafe project, author of the software of the reporting service and of the "
      "STIX extension definitions its exports use.";
  o["identity_class"] = "organization";
  return o;
}

json::object ServiceIdentity(std::string_view id, std::string_view name) {
  json::object o;
  o["type"] = "identity";
  o["spec_version"] = "2.1";
  o["id"] = id;
  o["created_by_ref"] = id;
  o["created"] = kFormatCreated;
  o["modified"] = kFormatCreated;
  o["name"] = name;
  o["identity_class"] = "organization";
  return o;
}

json::object ExtensionDefinition(std::string_view id, std::string_view name,
                                 std::string_view description, std::string_view schema,
                                 std::string_view extension_type) {
  json::object o;
  o["type"] = "extension-definition";
  o["spec_version"] = "2.1";
  o["id"] = id;
  o["created_by_ref"] = kPortSafeIdentity;
  o["created"] = kFormatCreated;
  o["modified"] = kFormatCreated;
  o["name"] = name;
  o["description"] = description;
  o["schema"] = schema;
  o["version"] = "1.0";
  json::array types;
  types.emplace_back(extension_type);
  o["extension_types"] = std::move(types);
  return o;
}

json::object ExtensionDefinitionOf(std::string_view id) {
  if (id == kGradeExtension) {
    return ExtensionDefinition(
        id, "PortSafe grade and handling",
        "The UK 3x5x2 grade of a PortSafe package, and its priority, category and facility, on "
        "the report of the package.",
        "Properties: source (\"1\" reliable, \"2\" untested, \"3\" not reliable), intelligence "
        "(\"A\" known to be true without reservation, \"B\" known personally to the source but "
        "not to the person reporting, \"C\" not known personally to the source but "
        "corroborated, \"D\" cannot be judged, \"E\" suspected to be false or malicious), "
        "handling (\"P\" lawful sharing permitted, \"C\" lawful sharing permitted subject to "
        "conditions), conditions (the conditions, present when handling is \"C\"), code (the "
        "three together, e.g. \"2BP\"), priority (\"normal\", \"high\", \"threat_to_life\"), "
        "category, insider_type and facility (each present when known). All strings. "
        "Defined in PortSafe's docs/exports.md.",
        "property-extension");
  }
  if (id == kContainerExtension) {
    return ExtensionDefinition(
        id, "PortSafe freight container",
        "A new SCO type, x-portsafe-container: a freight container by its ISO 6346 number.",
        "x-portsafe-container: container_number (required; owner code, category, serial and "
        "check digit without spaces, e.g. \"CSQU3054383\"), owner_code (3 letters), "
        "equipment_category (\"U\", \"J\" or \"Z\"), serial_number (6 digits), check_digit (1 "
        "digit). ID contributing property: container_number. Defined in PortSafe's "
        "docs/exports.md.",
        "new-sco");
  }
  if (id == kVesselExtension) {
    return ExtensionDefinition(
        id, "PortSafe vessel",
        "A new SCO type, x-portsafe-vessel: a ship by its IMO number or its MMSI (one of them "
        "per object: a report that names both does not say they are the same ship).",
        "x-portsafe-vessel: imo_number (7 digits) or mmsi (9 digits), one of them required; "
        "station_type, maritime_identification_digits and flag_state as the MMSI tells them. "
        "ID contributing properties: imo_number, mmsi. Defined in PortSafe's docs/exports.md.",
        "new-sco");
  }
  if (id == kVehicleExtension) {
    return ExtensionDefinition(
        id, "PortSafe road vehicle",
        "A new SCO type, x-portsafe-vehicle: a road vehicle or trailer by its registration "
        "mark.",
        "x-portsafe-vehicle: registration_mark (required; upper case, without spaces, Irish "
        "marks with their hyphens), registration_country (required; ISO 3166-1 alpha-2, \"GB\" "
        "or \"IE\"), registration_scheme (\"gb-vrm\", \"gb-trailer\", \"ie-vrm\"), vehicle_type "
        "(\"trailer\" for trailer marks), mark_format, region, issued, registration_year, "
        "registration_half, county as the mark tells them. ID contributing properties: "
        "registration_country, registration_mark. Defined in PortSafe's docs/exports.md.",
        "new-sco");
  }
  return ExtensionDefinition(
      id, "PortSafe telephone number", "A new SCO type, x-portsafe-phone: a telephone number.",
      "x-portsafe-phone: number (required; E.164, e.g. \"+447700900123\"), phone_type "
      "(\"mobile\", \"geographic\", \"non_geographic\", \"freephone\", \"premium_rate\", "
      "\"personal\", \"pager\", \"unknown\"). ID contributing property: number. Defined in "
      "PortSafe's docs/exports.md.",
      "new-sco");
}

// A location of a port (UN/LOCODE `code`) or of a UK postcode.
json::object Location(const PackageExport& e, std::string_view id, std::string_view created_by) {
  json::object o;
  o["type"] = "location";
  o["spec_version"] = "2.1";
  o["id"] = id;
  o["created_by_ref"] = created_by;
  o["created"] = DayTimestampMillis(e.content.sent_on);
  o["modified"] = DayTimestampMillis(e.content.sent_on);
  return o;
}

void AddLocationEnd(json::object& o, std::string_view marking) {
  o["object_marking_refs"] = Refs(marking);
}

}  // namespace

std::string_view TlpMarkingId(core::Tlp tlp) {
  switch (tlp) {
    case core::Tlp::kClear:
      return kTlpClearMarking;
    case core::Tlp::kGreen:
      return kTlpGreenMarking;
    case core::Tlp::kAmber:
      return kTlpAmberMarking;
    case core::Tlp::kAmberStrict:
      return kTlpAmberStrictMarking;
  }
  return kTlpAmberStrictMarking;
}

int ConfidenceOf(std::string_view intelligence) {
  if (intelligence == "A") return 90;
  if (intelligence == "B") return 70;
  if (intelligence == "C") return 50;
  if (intelligence == "E") return 10;
  return -1;
}

std::string StixBundleJson(const PackageExport& e) {
  const PackageContent& c = e.content;
  const core::Tlp tlp = TlpOf(c.grade);
  const std::string marking(TlpMarkingId(tlp));
  const std::string service_id =
      "identity--" + Uuid5(kPortSafeNamespace, "identity/service/" + e.service_name);
  const std::string created = DayTimestampMillis(c.sent_on);

  // Observables and places, each once (equal ids are equal objects).
  std::vector<json::object> scos;
  std::vector<json::object> locations;
  std::set<std::string> ids;
  std::set<std::string_view> extensions = {kGradeExtension};
  auto add_port = [&](std::string_view code, bool own) {
    if (code.size() < 3) return;
    const std::string id = PackageObjectId("location", c, "unlocode/" + Str(code));
    if (!ids.insert(id).second) return;
    json::object o = Location(e, id, service_id);
    const core::Port* port = e.ports != nullptr ? e.ports->Find(code) : nullptr;
    o["name"] = port != nullptr ? core::PortLabel(*port) : Str(code);
    if (own) o["description"] = "The port the report is about.";
    o["country"] = Str(code.substr(0, 2));
    json::object ref;
    ref["source_name"] = "UN/LOCODE";
    ref["external_id"] = code;
    json::array refs;
    refs.push_back(std::move(ref));
    o["external_references"] = std::move(refs);
    AddLocationEnd(o, marking);
    locations.push_back(std::move(o));
  };
  if (!c.port_code.empty()) add_port(c.port_code, true);
  for (const intel::Identifier* id : ExportedIdentifiers(e)) {
    if (id->kind == intel::Kind::kUnlocode) {
      add_port(id->value, false);
    } else if (id->kind == intel::Kind::kPostcodeGb) {
      const std::string loc_id = PackageObjectId("location", c, "postcode/" + id->value);
      if (!ids.insert(loc_id).second) continue;
      json::object o = Location(e, loc_id, service_id);
      o["name"] = id->value;
      o["country"] = "GB";
      o["postal_code"] = id->value;
      AddLocationEnd(o, marking);
      locations.push_back(std::move(o));
    } else {
      json::object sco = ScoOf(e, *id, marking);
      if (sco.empty()) continue;
      const std::string sco_id(sco.at("id").as_string());
      if (!ids.insert(sco_id).second) continue;
      std::string_view ext = ExtensionOfScoType(sco.at("type").as_string());
      if (!ext.empty()) extensions.insert(ext);
      scos.push_back(std::move(sco));
    }
  }

  json::array objects;
  json::array report_refs;
  auto add = [&](json::object o, bool referenced) {
    if (referenced) report_refs.emplace_back(o.at("id"));
    objects.push_back(std::move(o));
  };
  add(ServiceIdentity(service_id, e.service_name), true);
  add(TlpMarking(tlp), false);
  add(PortSafeIdentity(), true);
  // Fixed order, so the bytes are the same whatever the order of the set.
  for (std::string_view ext : {kGradeExtension, kContainerExtension, kVesselExtension,
                               kVehicleExtension, kPhoneExtension}) {
    if (extensions.count(ext) != 0) add(ExtensionDefinitionOf(ext), true);
  }
  if (!scos.empty()) {
    json::object od;
    od["type"] = "observed-data";
    od["spec_version"] = "2.1";
    od["id"] = PackageObjectId("observed-data", c, "");
    od["created_by_ref"] = service_id;
    od["created"] = created;
    od["modified"] = created;
    od["first_observed"] = MonthStartTimestamp(c.received_month);
    od["last_observed"] = MonthStartTimestamp(c.received_month);
    od["number_observed"] = 1;
    json::array refs;
    for (const auto& sco : scos) refs.emplace_back(sco.at("id"));
    od["object_refs"] = std::move(refs);
    od["object_marking_refs"] = Refs(marking);
    add(std::move(od), true);
  }
  for (auto& sco : scos) add(std::move(sco), true);
  for (auto& loc : locations) add(std::move(loc), true);

  json::object report;
  report["type"] = "report";
  report["spec_version"] = "2.1";
  report["id"] = PackageObjectId("report", c, "");
  report["created_by_ref"] = service_id;
  report["created"] = created;
  report["modified"] = created;
  report["name"] = "PortSafe package " + PackageReference(c);
  report["description"] = c.text;
  json::array types;
  types.emplace_back("threat-report");
  report["report_types"] = std::move(types);
  report["published"] = DayTimestamp(c.sent_on);
  if (!c.category.empty()) report["labels"] = Refs(c.category);
  if (const int confidence = ConfidenceOf(c.grade.intelligence); confidence >= 0) {
    report["confidence"] = confidence;
  }
  json::object ref;
  ref["source_name"] = "portsafe-package";
  ref["external_id"] = c.package_id;
  json::array ext_refs;
  ext_refs.push_back(std::move(ref));
  report["external_references"] = std::move(ext_refs);
  report["object_refs"] = std::move(report_refs);
  report["object_marking_refs"] = Refs(marking);
  json::object grade;
  grade["extension_type"] = "property-extension";
  grade["source"] = c.grade.source;
  grade["intelligence"] = c.grade.intelligence;
  grade["handling"] = c.grade.handling;
  SetIfNotEmpty(grade, "conditions", c.grade.conditions);
  grade["code"] = c.grade.Code();
  grade["priority"] = core::ToString(c.priority);
  SetIfNotEmpty(grade, "category", c.category);
  SetIfNotEmpty(grade, "insider_type", c.insider_type);
  SetIfNotEmpty(grade, "facility", c.facility_code);
  json::object exts;
  exts[kGradeExtension] = std::move(grade);
  report["extensions"] = std::move(exts);

  json::array all;
  all.push_back(std::move(report));
  for (auto& o : objects) all.push_back(std::move(o));

  json::object bundle;
  bundle["type"] = "bundle";
  bundle["id"] = "bundle--" + Uuid5(kPortSafeNamespace, "bundle/package/" + c.package_id);
  bundle["objects"] = std::move(all);
  return json::serialize(bundle);
}

}  // namespace portsafe::service
