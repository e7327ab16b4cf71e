#include "service/misp_event.h"

#include <boost/json.hpp>

#include <set>
#include <utility>
#include <vector>

#include "core/port_directory.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

// Attributes and objects inherit the event's distribution ("5"); none is a
// detection signature, so to_ids is false throughout.
json::object Attribute(std::string uuid, std::string_view type, std::string_view category,
                       std::string_view value, std::string_view comment) {
  json::object a;
  a["uuid"] = std::move(uuid);
  a["type"] = type;
  a["category"] = category;
  a["value"] = value;
  a["to_ids"] = false;
  a["distribution"] = "5";
  if (!comment.empty()) a["comment"] = comment;
  return a;
}

class EventBuilder {
 public:
  explicit EventBuilder(const PackageExport& e) : e_(e) {}

  // A standalone attribute, once per type and value.
  void AddAttribute(std::string_view type, std::string_view category, std::string_view value,
                    std::string_view comment) {
    const std::string uuid =
        PackageUuid("misp-attribute", e_.content, std::string(type) + "/" + std::string(value));
    if (!uuids_.insert(uuid).second) return;
    attributes_.push_back(Attribute(uuid, type, category, value, comment));
  }

  // An object of template `t` keyed by `key`, with (relation, type, value)
  // attributes, once per template and key.
  void AddObject(const MispTemplate& t, std::string_view key, std::string_view comment,
                 const std::vector<std::pair<std::string_view, std::string>>& attrs) {
    const std::string base = std::string(t.name) + "/" + std::string(key);
    const std::string uuid = PackageUuid("misp-object", e_.content, base);
    if (!uuids_.insert(uuid).second) return;
    json::object o;
    o["uuid"] = uuid;
    o["name"] = t.name;
    o["meta-category"] = t.meta_category;
    o["description"] = t.description;
    o["template_uuid"] = t.uuid;
    o["template_version"] = std::to_string(t.version);
    o["distribution"] = "5";
    if (!comment.empty()) o["comment"] = comment;
    json::array list;
    for (const auto& [relation, value] : attrs) {
      if (value.empty()) continue;
      json::object a = Attribute(
          PackageUuid("misp-object-attribute", e_.content, base + "/" + std::string(relation)),
          "text", "Other", value, "");
      json::object with_relation;
      with_relation["object_relation"] = relation;
      for (auto& kv : a) with_relation[kv.key()] = std::move(kv.value());
      list.push_back(std::move(with_relation));
    }
    o["Attribute"] = std::move(list);
    objects_.push_back(std::move(o));
  }

  void AddPort(std::string_view code, bool own) {
    if (code.size() < 3) return;
    const core::Port* port = e_.ports != nullptr ? e_.ports->Find(code) : nullptr;
    AddObject(kMispGeolocation, "unlocode/" + std::string(code),
              own ? "The port the report is about (UN/LOCODE)." : "A port (UN/LOCODE).",
              {{"country", std::string(code.substr(0, 2))},
               {"text", port != nullptr ? core::PortLabel(*port) : std::string(code)}});
  }

  void AddIdentifier(const intel::Identifier& id) {
    const intel::Details d = intel::Describe(id, e_.ports);
    switch (id.kind) {
      case intel::Kind::kContainer:
        AddObject(kMispIso6346, id.value, "",
                  {{"container-number", id.value},
                   {"owner-code", DetailOf(d, "owner")},
                   {"equipment-category", DetailOf(d, "category")},
                   {"serial-number", DetailOf(d, "serial")},
                   {"check-digit", DetailOf(d, "check_digit")}});
        return;
      case intel::Kind::kImo:
        // The ais template requires an MMSI, which an IMO number alone
        // does not give.
        AddAttribute("text", "Other", id.value, "IMO ship number");
        return;
      case intel::Kind::kMmsi: {
        std::string comment = "MMSI";
        if (const std::string flag = DetailOf(d, "flag_state"); !flag.empty()) {
          comment += "; flag state " + flag;
        }
        if (const std::string mid = DetailOf(d, "mid"); !mid.empty())
          comment += " (MID " + mid + ")";
        if (const std::string station = DetailOf(d, "station"); !station.empty()) {
          comment += "; station: " + station;
        }
        AddObject(kMispAis, id.value, comment, {{"MMSI", id.value}});
        return;
      }
      case intel::Kind::kVrmGb:
      case intel::Kind::kTrailerGb:
      case intel::Kind::kVrmIe: {
        std::string description = id.kind == intel::Kind::kVrmIe       ? "Irish registration mark"
                                  : id.kind == intel::Kind::kTrailerGb ? "UK trailer registration"
                                                                       : "UK registration mark";
        for (const auto& [k, v] : d) description += ", " + std::string(k) + " " + v;
        std::vector<std::pair<std::string_view, std::string>> attrs = {
            {"license-plate-number", id.value}, {"description", description}};
        if (id.kind == intel::Kind::kTrailerGb) attrs.emplace_back("type", "trailer");
        AddObject(kMispVehicle, id.value, "", attrs);
        return;
      }
      case intel::Kind::kPhone:
        AddAttribute("phone-number", "Person", id.value,
                     "Telephone number (" + DetailOf(d, "type") + ")");
        return;
      case intel::Kind::kUnlocode:
        AddPort(id.value, false);
        return;
      case intel::Kind::kPostcodeGb:
        AddObject(kMispGeolocation, "postcode/" + id.value, "A UK postcode.",
                  {{"country", "GB"}, {"zipcode", id.value}});
        return;
      case intel::Kind::kEmail:
        AddAttribute("email-dst", "Social network", id.value, "E-mail address");
        return;
      case intel::Kind::kUrl:
        AddAttribute("url", "Network activity", UrlOf(e_, id), "");
        return;
      case intel::Kind::kSocialHandle:
        AddAttribute("text", "Social network", id.value, "Social-media handle");
        return;
      case intel::Kind::kMessagingHandle:
        AddAttribute("text", "Social network", id.value, "Messaging username");
        return;
    }
  }

  json::array TakeAttributes() { return std::move(attributes_); }
  json::array TakeObjects() { return std::move(objects_); }

 private:
  const PackageExport& e_;
  std::set<std::string> uuids_;
  json::array attributes_;
  json::array objects_;
};

json::object Tag(std::string name) {
  json::object t;
  t["name"] = std::move(name);
  return t;
}

std::string MachineTag(std::string_view predicate, std::string_view value) {
  return "portsafe:" + std::string(predicate) + "=\"" + std::string(value) + "\"";
}

}  // namespace

int MispDistributionOf(const core::Grade& grade) { return grade.handling == "P" ? 1 : 0; }

int MispThreatLevelOf(core::Priority priority) {
  switch (priority) {
    case core::Priority::kThreatToLife:
      return 1;
    case core::Priority::kHigh:
      return 2;
    case core::Priority::kNormal:
      break;
  }
  return 3;
}

std::string MispEventJson(const PackageExport& e) {
  const PackageContent& c = e.content;
  EventBuilder b(e);
  if (!c.text.empty()) {
    b.AddAttribute("text", "Other", c.text, "The sanitised report text");
  }
  if (!c.grade.conditions.empty()) {
    b.AddAttribute("text", "Other", c.grade.conditions, "Handling conditions");
  }
  if (!c.port_code.empty()) b.AddPort(c.port_code, true);
  for (const intel::Identifier* id : ExportedIdentifiers(e)) b.AddIdentifier(*id);

  json::array tags;
  tags.push_back(Tag("tlp:" + std::string(TlpName(TlpOf(c.grade)))));
  if (!c.category.empty()) tags.push_back(Tag(MachineTag("category", c.category)));
  tags.push_back(Tag(MachineTag("grade", c.grade.Code())));
  tags.push_back(Tag(MachineTag("source", c.grade.source)));
  tags.push_back(Tag(MachineTag("intelligence", c.grade.intelligence)));
  tags.push_back(Tag(MachineTag("handling", c.grade.handling)));
  tags.push_back(Tag(MachineTag("priority", core::ToString(c.priority))));
  if (!c.insider_type.empty()) tags.push_back(Tag(MachineTag("insider-type", c.insider_type)));
  if (!c.facility_code.empty()) tags.push_back(Tag(MachineTag("facility", c.facility_code)));

  json::object orgc;
  orgc["name"] = e.service_name;
  orgc["uuid"] = Uuid5(kPortSafeNamespace, "identity/service/" + e.service_name);

  json::object event;
  event["uuid"] = PackageUuid("report", c, "");
  event["info"] = "PortSafe package " + PackageReference(c) +
                  (c.category.empty() ? std::string() : " (" + c.category + ")");
  event["date"] = c.sent_on;
  event["threat_level_id"] = std::to_string(MispThreatLevelOf(c.priority));
  // 2, completed: what is sent is the service's finished, graded report.
  event["analysis"] = "2";
  event["distribution"] = std::to_string(MispDistributionOf(c.grade));
  event["published"] = false;
  event["Orgc"] = std::move(orgc);
  event["Tag"] = std::move(tags);
  event["Attribute"] = b.TakeAttributes();
  event["Object"] = b.TakeObjects();

  json::object root;
  root["Event"] = std::move(event);
  return json::serialize(root);
}

}  // namespace portsafe::service
