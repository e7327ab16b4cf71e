// The MISP event of a package: for every shape of package it passes
// tests/tools/validate_misp.py (the core format's fields, and each object
// against its template: MISP's ais, vehicle and geolocation, PortSafe's
// iso-6346); it carries the TLP, grade, priority and distribution the
// package says, and each identifier found; and the validator fails events
// that are wrong.
#include "service/misp_event.h"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "service/export_packages.h"
#include "service/stix_bundle.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {
namespace json = boost::json;
using export_testing::Ports;
using export_testing::RunValidator;
using export_testing::Shapes;

json::object Event(const PackageContent& c) {
  return json::parse(MispEventJson(MakePackageExport(c, export_testing::kServiceName, &Ports())))
      .at("Event")
      .as_object();
}

std::string Validate(const portsafe::testing::TempDir& dir, const std::string& name,
                     const std::string& text, int* status) {
  const std::string path = dir.path() + "/" + name + ".misp.json";
  export_testing::WriteFile(path, text);
  const auto run = RunValidator("validate_misp.py", path);
  *status = run.status;
  return run.output;
}

std::set<std::string> TagNames(const json::object& event) {
  std::set<std::string> names;
  for (const auto& t : event.at("Tag").as_array())
    names.insert(std::string(t.at("name").as_string()));
  return names;
}

// The value of relation `relation` of the objects named `name`.
std::vector<std::string> ObjectValues(const json::object& event, std::string_view name,
                                      std::string_view relation) {
  std::vector<std::string> out;
  for (const auto& o : event.at("Object").as_array()) {
    if (o.at("name").as_string() != name) continue;
    for (const auto& a : o.at("Attribute").as_array()) {
      if (a.at("object_relation").as_string() == relation) {
        out.emplace_back(a.at("value").as_string());
      }
    }
  }
  return out;
}

bool HasAttribute(const json::object& event, std::string_view type, std::string_view value) {
  for (const auto& a : event.at("Attribute").as_array()) {
    if (a.at("type").as_string() == type && a.at("value").as_string() == value) return true;
  }
  return false;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(MispEventTest, EveryShapeOfPackageValidates) {
  portsafe::testing::TempDir dir;
  for (const auto& shape : Shapes()) {
    const std::string text =
        MispEventJson(MakePackageExport(shape.content, export_testing::kServiceName, &Ports()));
    int status = -1;
    const std::string output = Validate(dir, shape.name, text, &status);
    EXPECT_EQ(status, 0) << shape.name << "\n" << output;
    // PORTSAFE_EXPORT_KEEP=DIR keeps a copy of each, to read.
    if (const char* keep = std::getenv("PORTSAFE_EXPORT_KEEP")) {
      export_testing::WriteFile(std::string(keep) + "/" + shape.name + ".misp.json", text);
    }
  }
}

TEST(MispEventTest, HandlingAndPriorityGiveDistributionThreatLevelAndTags) {
  for (const auto& shape : Shapes()) {
    const PackageContent& c = shape.content;
    const json::object event = Event(c);
    const bool permitted = c.grade.handling == "P";
    EXPECT_EQ(event.at("distribution").as_string(), permitted ? "1" : "0") << shape.name;
    const char* level = c.priority == core::Priority::kThreatToLife ? "1"
                        : c.priority == core::Priority::kHigh       ? "2"
                                                                    : "3";
    EXPECT_EQ(event.at("threat_level_id").as_string(), level) << shape.name;
    EXPECT_EQ(event.at("date").as_string(), c.sent_on);
    EXPECT_EQ(event.at("published").as_bool(), false);
    const auto tags = TagNames(event);
    EXPECT_EQ(tags.count(permitted ? "tlp:green" : "tlp:amber+strict"), 1u) << shape.name;
    EXPECT_EQ(tags.count("tlp:clear") + tags.count(permitted ? "tlp:amber+strict" : "tlp:green"),
              0u);
    EXPECT_EQ(tags.count("portsafe:category=\"" + c.category + "\""), 1u) << shape.name;
    EXPECT_EQ(tags.count("portsafe:grade=\"" + c.grade.Code() + "\""), 1u) << shape.name;
    EXPECT_EQ(tags.count("portsafe:intelligence=\"" + c.grade.intelligence + "\""), 1u);
    EXPECT_EQ(tags.count("portsafe:priority=\"" + std::string(core::ToString(c.priority)) + "\""),
              1u);
    // The text and any conditions are attributes, as they are.
    EXPECT_TRUE(HasAttribute(event, "text", c.text)) << shape.name;
    EXPECT_EQ(HasAttribute(event, "text", c.grade.conditions), !c.grade.conditions.empty());
  }
  EXPECT_EQ(MispThreatLevelOf(core::Priority::kThreatToLife), 1);
  EXPECT_EQ(MispThreatLevelOf(core::Priority::kHigh), 2);
  EXPECT_EQ(MispThreatLevelOf(core::Priority::kNormal), 3);
}

TEST(MispEventTest, EachIdentifierIsAnAttributeOrObject) {
  const PackageContent c = Shapes()[1].content;
  const auto e = MakePackageExport(c, export_testing::kServiceName, &Ports());
  const json::object event = json::parse(MispEventJson(e)).at("Event").as_object();
  for (const auto& id : e.identifiers) {
    const std::string& v = id.value;
    switch (id.kind) {
      case intel::Kind::kContainer:
        EXPECT_TRUE(Contains(ObjectValues(event, "iso-6346", "container-number"), v));
        EXPECT_TRUE(Contains(ObjectValues(event, "iso-6346", "owner-code"), v.substr(0, 3)));
        EXPECT_TRUE(Contains(ObjectValues(event, "iso-6346", "check-digit"), v.substr(10, 1)));
        break;
      case intel::Kind::kImo:
        EXPECT_TRUE(HasAttribute(event, "text", v));
        break;
      case intel::Kind::kMmsi:
        EXPECT_TRUE(Contains(ObjectValues(event, "ais", "MMSI"), v));
        break;
      case intel::Kind::kVrmGb:
      case intel::Kind::kVrmIe:
      case intel::Kind::kTrailerGb:
        EXPECT_TRUE(Contains(ObjectValues(event, "vehicle", "license-plate-number"), v));
        break;
      case intel::Kind::kPhone:
        EXPECT_TRUE(HasAttribute(event, "phone-number", v));
        break;
      case intel::Kind::kUnlocode:
        EXPECT_TRUE(Contains(ObjectValues(event, "geolocation", "text"),
                             core::PortLabel(*Ports().Find(v))));
        break;
      case intel::Kind::kPostcodeGb:
        EXPECT_TRUE(Contains(ObjectValues(event, "geolocation", "zipcode"), v));
        break;
      case intel::Kind::kEmail:
        EXPECT_TRUE(HasAttribute(event, "email-dst", v));
        break;
      case intel::Kind::kUrl:
        EXPECT_TRUE(HasAttribute(event, "url", UrlOf(e, id)));
        break;
      default:
        ADD_FAILURE() << intel::KindName(id.kind);
    }
  }
  EXPECT_EQ(ObjectValues(event, "vehicle", "type"), std::vector<std::string>{"trailer"});
  // The package's own port too.
  EXPECT_TRUE(Contains(ObjectValues(event, "geolocation", "text"), "Felixstowe (GBFXT)"));
}

TEST(MispEventTest, TheEventIsTheReportOfTheStixBundle) {
  const PackageContent c = Shapes()[1].content;  // outlives the export
  const auto e = MakePackageExport(c, export_testing::kServiceName, &Ports());
  const json::object event = json::parse(MispEventJson(e)).at("Event").as_object();
  const json::object bundle = json::parse(StixBundleJson(e)).as_object();
  for (const auto& o : bundle.at("objects").as_array()) {
    if (o.at("type").as_string() == "report") {
      EXPECT_EQ("report--" + std::string(event.at("uuid").as_string()), o.at("id").as_string());
    }
  }
  EXPECT_EQ(MispEventJson(e), MispEventJson(e));
  EXPECT_EQ(event.at("Orgc").at("name").as_string(), export_testing::kServiceName);
}

TEST(MispEventTest, NoTimeIsFinerThanADay) {
  for (const auto& shape : Shapes()) {
    EXPECT_EQ(export_testing::TimesFinerThanADay(Event(shape.content)), std::vector<std::string>{})
        << shape.name;
  }
}

// The event builder names each template's uuid and version as its
// definition.json in the repository does.
TEST(MispEventTest, TemplatesMatchTheirDefinitions) {
  const std::string root = PORTSAFE_SOURCE_DIR;
  for (const auto& [t, path] : std::vector<std::pair<MispTemplate, std::string>>{
           {kMispAis, root + "/tests/testdata/misp-objects/ais/definition.json"},
           {kMispVehicle, root + "/tests/testdata/misp-objects/vehicle/definition.json"},
           {kMispGeolocation, root + "/tests/testdata/misp-objects/geolocation/definition.json"},
           {kMispIso6346, root + "/docs/misp/iso-6346/definition.json"}}) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    const json::object d = json::parse(s.str()).as_object();
    EXPECT_EQ(d.at("name").as_string(), t.name);
    EXPECT_EQ(d.at("uuid").as_string(), t.uuid);
    EXPECT_EQ(d.at("version").as_int64(), t.version);
    EXPECT_EQ(d.at("meta-category").as_string(), t.meta_category);
    EXPECT_EQ(d.at("description").as_string(), t.description);
  }
}

class MispValidatorTest : public ::testing::Test {
 protected:
  json::object Rich() {
    return json::parse(MispEventJson(MakePackageExport(Shapes()[1].content,
                                                       export_testing::kServiceName, &Ports())))
        .as_object();
  }
  json::object& ObjectNamed(json::object& doc, std::string_view name) {
    for (auto& o : doc["Event"].as_object()["Object"].as_array()) {
      if (o.at("name").as_string() == name) return o.as_object();
    }
    ADD_FAILURE() << "no " << name;
    return doc;
  }
  void ExpectInvalid(const json::object& doc, const std::string& name, const std::string& says) {
    int status = -1;
    const std::string output = Validate(dir_, name, json::serialize(doc), &status);
    EXPECT_EQ(status, 1) << name << "\n" << output;
    EXPECT_NE(output.find(says), std::string::npos) << name << "\n" << output;
  }
  portsafe::testing::TempDir dir_;
};

TEST_F(MispValidatorTest, TheUnchangedEventPasses) {
  int status = -1;
  const std::string output = Validate(dir_, "unchanged", json::serialize(Rich()), &status);
  EXPECT_EQ(status, 0) << output;
}

TEST_F(MispValidatorTest, FailsAnObjectAttributeWithAWrongRelation) {
  json::object doc = Rich();
  ObjectNamed(doc, "vehicle")["Attribute"].as_array()[0].as_object()["object_relation"] =
      "number-plate";
  ExpectInvalid(doc, "relation", "object_relation 'number-plate' is not in template vehicle");
}

TEST_F(MispValidatorTest, FailsAWrongTemplateVersionOrType) {
  json::object doc = Rich();
  ObjectNamed(doc, "ais")["template_version"] = "2";
  ExpectInvalid(doc, "version", "template_version");
  json::object typed = Rich();
  ObjectNamed(typed, "ais")["Attribute"].as_array()[0].as_object()["type"] = "float";
  ExpectInvalid(typed, "type", "the template says 'text'");
}

TEST_F(MispValidatorTest, FailsAMissingRequiredAttribute) {
  json::object doc = Rich();
  auto& attrs = ObjectNamed(doc, "iso-6346")["Attribute"].as_array();
  for (auto it = attrs.begin(); it != attrs.end(); ++it) {
    if (it->at("object_relation").as_string() == "container-number") {
      attrs.erase(it);
      break;
    }
  }
  ExpectInvalid(doc, "required", "required 'container-number' is missing");
  json::object one_of = Rich();
  auto& ais = ObjectNamed(one_of, "ais")["Attribute"].as_array();
  ais[0].as_object()["object_relation"] = "IMO-number";
  ExpectInvalid(one_of, "required_one_of", "none of requiredOneOf");
}

TEST_F(MispValidatorTest, FailsBadEventFields) {
  json::object doc = Rich();
  doc["Event"].as_object()["threat_level_id"] = "7";
  ExpectInvalid(doc, "threat_level", "threat_level_id '7' is not 1-4");
  json::object dated = Rich();
  dated["Event"].as_object()["date"] = "2026-02-30";
  ExpectInvalid(dated, "date", "is not YYYY-MM-DD");
  json::object categorised = Rich();
  categorised["Event"].as_object()["Attribute"].as_array()[0].as_object()["category"] = "Gossip";
  ExpectInvalid(categorised, "category", "'Gossip' is not a MISP category");
}

}  // namespace
}  // namespace portsafe::service
