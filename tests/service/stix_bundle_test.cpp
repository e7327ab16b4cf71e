// The STIX 2.1 bundle of a package: for every shape of package it passes
// tests/tools/validate_stix.py (the OASIS schemas and the checks they cannot
// make); it carries the grade, the TLP and the confidence the package says,
// an observable or location for each identifier found, and no time finer
// than a day; and the validator fails bundles that are wrong.
#include "service/stix_bundle.h"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <map>
#include <set>

#include "service/export_packages.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {
namespace json = boost::json;
using export_testing::Ports;
using export_testing::RunValidator;
using export_testing::Shapes;

json::object Bundle(const PackageContent& c) {
  return json::parse(StixBundleJson(MakePackageExport(c, export_testing::kServiceName, &Ports())))
      .as_object();
}

const json::object* Find(const json::object& bundle, std::string_view type) {
  for (const auto& o : bundle.at("objects").as_array()) {
    if (o.at("type").as_string() == type) return &o.as_object();
  }
  return nullptr;
}

std::vector<const json::object*> All(const json::object& bundle, std::string_view type) {
  std::vector<const json::object*> out;
  for (const auto& o : bundle.at("objects").as_array()) {
    if (o.at("type").as_string() == type) out.push_back(&o.as_object());
  }
  return out;
}

std::string Validate(const portsafe::testing::TempDir& dir, const std::string& name,
                     const std::string& text, int* status) {
  const std::string path = dir.path() + "/" + name + ".stix.json";
  export_testing::WriteFile(path, text);
  const auto run = RunValidator("validate_stix.py", path);
  *status = run.status;
  return run.output;
}

TEST(StixBundleTest, EveryShapeOfPackageValidates) {
  portsafe::testing::TempDir dir;
  for (const auto& shape : Shapes()) {
    const std::string text =
        StixBundleJson(MakePackageExport(shape.content, export_testing::kServiceName, &Ports()));
    int status = -1;
    const std::string output = Validate(dir, shape.name, text, &status);
    EXPECT_EQ(status, 0) << shape.name << "\n" << output;
    // PORTSAFE_EXPORT_KEEP=DIR keeps a copy of each, to read.
    if (const char* keep = std::getenv("PORTSAFE_EXPORT_KEEP")) {
      export_testing::WriteFile(std::string(keep) + "/" + shape.name + ".stix.json", text);
    }
  }
}

TEST(StixBundleTest, TheRichPackageFindsEveryKind) {
  // The test packages are only as good as what the extractor finds in them.
  const PackageContent c = Shapes()[1].content;
  const auto e = MakePackageExport(c, export_testing::kServiceName, &Ports());
  std::set<intel::Kind> kinds;
  for (const auto& id : e.identifiers) {
    EXPECT_TRUE(id.valid) << intel::KindName(id.kind) << " " << id.value;
    kinds.insert(id.kind);
  }
  for (intel::Kind k : intel::kAllKinds) {
    if (k == intel::Kind::kSocialHandle || k == intel::Kind::kMessagingHandle) continue;
    EXPECT_EQ(kinds.count(k), 1u) << intel::KindName(k) << " not found in the rich text";
  }
}

// Each identifier is an observable of the right type (or a location) whose
// property holds the identifier's value.
TEST(StixBundleTest, EachIdentifierIsAnObservableOfItsType) {
  const PackageContent c = Shapes()[1].content;
  auto e = MakePackageExport(c, export_testing::kServiceName, &Ports());
  // Handles come from the approach path, not the text: given here.
  e.identifiers.push_back({intel::Kind::kSocialHandle, 0, 0, "dock_mate", true});
  e.identifiers.push_back({intel::Kind::kMessagingHandle, 0, 0, "quay.runner", true});
  const json::object bundle = json::parse(StixBundleJson(e)).as_object();
  const std::map<intel::Kind, std::pair<std::string, std::string>> where = {
      {intel::Kind::kContainer, {"x-portsafe-container", "container_number"}},
      {intel::Kind::kImo, {"x-portsafe-vessel", "imo_number"}},
      {intel::Kind::kMmsi, {"x-portsafe-vessel", "mmsi"}},
      {intel::Kind::kVrmGb, {"x-portsafe-vehicle", "registration_mark"}},
      {intel::Kind::kTrailerGb, {"x-portsafe-vehicle", "registration_mark"}},
      {intel::Kind::kVrmIe, {"x-portsafe-vehicle", "registration_mark"}},
      {intel::Kind::kPhone, {"x-portsafe-phone", "number"}},
      {intel::Kind::kPostcodeGb, {"location", "postal_code"}},
      {intel::Kind::kEmail, {"email-addr", "value"}},
      {intel::Kind::kUrl, {"url", "value"}},
      {intel::Kind::kSocialHandle, {"user-account", "account_login"}},
      {intel::Kind::kMessagingHandle, {"user-account", "account_login"}},
  };
  const json::object* observed = Find(bundle, "observed-data");
  ASSERT_NE(observed, nullptr);
  std::set<std::string> observed_refs;
  for (const auto& r : observed->at("object_refs").as_array()) {
    observed_refs.insert(std::string(r.as_string()));
  }
  for (const auto& id : e.identifiers) {
    if (id.kind == intel::Kind::kUnlocode) {
      bool found = false;
      for (const auto* loc : All(bundle, "location")) {
        const auto* refs = loc->if_contains("external_references");
        if (refs != nullptr && refs->as_array()[0].at("external_id").as_string() == id.value) {
          found = true;
          EXPECT_EQ(loc->at("country").as_string(), id.value.substr(0, 2));
          EXPECT_EQ(loc->at("name").as_string(), core::PortLabel(*Ports().Find(id.value)));
        }
      }
      EXPECT_TRUE(found) << id.value;
      continue;
    }
    const auto& [type, property] = where.at(id.kind);
    const std::string value = id.kind == intel::Kind::kUrl ? UrlOf(e, id) : id.value;
    const json::object* match = nullptr;
    for (const auto* o : All(bundle, type)) {
      const auto* v = o->if_contains(property);
      if (v != nullptr && v->is_string() && v->as_string() == value) match = o;
    }
    ASSERT_NE(match, nullptr) << intel::KindName(id.kind) << " " << value << " as " << type;
    if (type != "location") {
      EXPECT_EQ(observed_refs.count(std::string(match->at("id").as_string())), 1u) << value;
    }
  }
  // The trailer and the Irish car say what they are.
  for (const auto* v : All(bundle, "x-portsafe-vehicle")) {
    const auto& mark = v->at("registration_mark").as_string();
    if (mark == "A1234567") EXPECT_EQ(v->at("vehicle_type").as_string(), "trailer");
    if (mark == "191-D-12345") EXPECT_EQ(v->at("registration_country").as_string(), "IE");
  }
  // The MMSI's flag state comes from its MID.
  for (const auto* v : All(bundle, "x-portsafe-vessel")) {
    if (v->contains("mmsi")) EXPECT_EQ(v->at("flag_state").as_string(), "United Kingdom");
  }
}

TEST(StixBundleTest, TheReportCarriesTheGradeTlpAndConfidence) {
  for (const char* handling : {"P", "C"}) {
    for (const char* intelligence : {"A", "B", "C", "D", "E"}) {
      PackageContent c = Shapes()[1].content;
      c.grade = {"3", intelligence, handling,
                 std::string(handling) == "C" ? "Only with the port police" : ""};
      const json::object bundle = Bundle(c);
      const json::object* report = Find(bundle, "report");
      ASSERT_NE(report, nullptr);
      const auto& grade = report->at("extensions").at(kGradeExtension).as_object();
      EXPECT_EQ(grade.at("extension_type").as_string(), "property-extension");
      EXPECT_EQ(grade.at("source").as_string(), "3");
      EXPECT_EQ(grade.at("intelligence").as_string(), intelligence);
      EXPECT_EQ(grade.at("handling").as_string(), handling);
      EXPECT_EQ(grade.at("code").as_string(), c.grade.Code());
      EXPECT_EQ(grade.contains("conditions"), !c.grade.conditions.empty());
      if (!c.grade.conditions.empty()) {
        EXPECT_EQ(grade.at("conditions").as_string(), c.grade.conditions);
      }
      EXPECT_EQ(grade.at("priority").as_string(), "normal");

      const int confidence = ConfidenceOf(intelligence);
      if (std::string(intelligence) == "D") {
        EXPECT_FALSE(report->contains("confidence"));
      } else {
        ASSERT_TRUE(report->contains("confidence")) << intelligence;
        EXPECT_EQ(report->at("confidence").as_int64(), confidence);
      }

      const std::string marking(std::string(handling) == "P" ? kTlpGreenMarking
                                                             : kTlpAmberStrictMarking);
      const json::object* definition = Find(bundle, "marking-definition");
      ASSERT_NE(definition, nullptr);
      EXPECT_EQ(definition->at("id").as_string(), marking);
      EXPECT_EQ(definition->at("extensions").at(kTlp2Extension).at("tlp_2_0").as_string(),
                std::string(handling) == "P" ? "green" : "amber+strict");
      EXPECT_EQ(All(bundle, "marking-definition").size(), 1u);
      // Everything made of the package is marked; what is the same in every
      // bundle (identities, extension definitions) is not.
      for (const auto& o : bundle.at("objects").as_array()) {
        const auto& type = o.at("type").as_string();
        if (type == "marking-definition" || type == "extension-definition" || type == "identity") {
          EXPECT_FALSE(o.as_object().contains("object_marking_refs")) << type;
          continue;
        }
        ASSERT_TRUE(o.as_object().contains("object_marking_refs")) << type;
        EXPECT_EQ(o.at("object_marking_refs"), json::array({json::value(marking)})) << type;
      }
    }
  }
}

TEST(StixBundleTest, ConfidenceFollowsTheDocumentedTable) {
  EXPECT_EQ(ConfidenceOf("A"), 90);
  EXPECT_EQ(ConfidenceOf("B"), 70);
  EXPECT_EQ(ConfidenceOf("C"), 50);
  EXPECT_EQ(ConfidenceOf("D"), -1);
  EXPECT_EQ(ConfidenceOf("E"), 10);
  EXPECT_EQ(ConfidenceOf(""), -1);
}

TEST(StixBundleTest, TheReportNamesEverythingAndIsCreatedByTheService) {
  const json::object bundle = Bundle(Shapes()[1].content);
  const json::object* report = Find(bundle, "report");
  ASSERT_NE(report, nullptr);
  std::set<std::string> refs;
  for (const auto& r : report->at("object_refs").as_array())
    refs.insert(std::string(r.as_string()));
  std::string service_id;
  for (const auto* identity : All(bundle, "identity")) {
    if (identity->at("name").as_string() == export_testing::kServiceName) {
      service_id = std::string(identity->at("id").as_string());
      EXPECT_EQ(identity->at("identity_class").as_string(), "organization");
    }
  }
  ASSERT_FALSE(service_id.empty());
  for (const auto& o : bundle.at("objects").as_array()) {
    const auto& type = o.at("type").as_string();
    const std::string id(o.at("id").as_string());
    if (type == "report" || type == "marking-definition") continue;
    EXPECT_EQ(refs.count(id), 1u) << id;
    if (type == "report" || type == "observed-data" || type == "location") {
      EXPECT_EQ(o.at("created_by_ref").as_string(), service_id) << id;
    }
  }
  EXPECT_EQ(report->at("created_by_ref").as_string(), service_id);
  EXPECT_EQ(report->at("description").as_string(), Shapes()[1].content.text);
  EXPECT_EQ(report->at("published").as_string(), "2026-12-03T00:00:00Z");
  EXPECT_EQ(report->at("labels"), json::array({"drugs"}));
  EXPECT_EQ(report->at("name").as_string(),
            "PortSafe package " + PackageReference(Shapes()[1].content));
  const json::object* observed = Find(bundle, "observed-data");
  ASSERT_NE(observed, nullptr);
  EXPECT_EQ(observed->at("first_observed").as_string(), "2026-11-01T00:00:00Z");
  EXPECT_EQ(observed->at("last_observed").as_string(), "2026-11-01T00:00:00Z");
  EXPECT_EQ(observed->at("number_observed").as_int64(), 1);
  // The package's own port is a location, described as such.
  bool own_port = false;
  for (const auto* loc : All(bundle, "location")) {
    if (loc->contains("description")) {
      own_port = true;
      EXPECT_EQ(loc->at("name").as_string(), "Felixstowe (GBFXT)");
    }
  }
  EXPECT_TRUE(own_port);
}

TEST(StixBundleTest, NoIdentifiersGivesAReportWithoutObservedData) {
  PackageContent c = Shapes()[0].content;
  c.port_code = "";
  const json::object bundle = Bundle(c);
  EXPECT_EQ(Find(bundle, "observed-data"), nullptr);
  EXPECT_EQ(Find(bundle, "location"), nullptr);
  std::multiset<std::string> types;
  for (const auto& o : bundle.at("objects").as_array()) {
    types.insert(std::string(o.at("type").as_string()));
  }
  EXPECT_EQ(types, (std::multiset<std::string>{"report", "identity", "identity",
                                               "marking-definition", "extension-definition"}));
}

TEST(StixBundleTest, IdentifiersThatFailTheirCheckAreLeftOut) {
  PackageContent c = Shapes()[0].content;
  c.text = "Container TCNU 123456 7 (check digit should be 5), and CSQU 305438 3.";
  const json::object bundle = Bundle(c);
  const auto containers = All(bundle, "x-portsafe-container");
  ASSERT_EQ(containers.size(), 1u);
  EXPECT_EQ(containers[0]->at("container_number").as_string(), "CSQU3054383");
}

TEST(StixBundleTest, TextRoundTripsWhateverItHolds) {
  for (const auto& shape : Shapes()) {
    const json::object bundle = Bundle(shape.content);
    EXPECT_EQ(Find(bundle, "report")->at("description").as_string(), shape.content.text)
        << shape.name;
  }
}

TEST(StixBundleTest, NoTimeIsFinerThanADay) {
  for (const auto& shape : Shapes()) {
    const json::value bundle = Bundle(shape.content);
    size_t times = 0;
    export_testing::EachString(bundle, [&](std::string_view s) {
      if (s.size() >= 11 && s[10] == 'T' && s[4] == '-') ++times;
    });
    EXPECT_GE(times, 4u) << shape.name;  // created, modified, published, ...
    EXPECT_EQ(export_testing::TimesFinerThanADay(bundle), std::vector<std::string>{}) << shape.name;
  }
}

TEST(StixBundleTest, TheSamePackageGivesTheSameBytes) {
  const PackageContent c = Shapes()[1].content;
  const std::string a = StixBundleJson(MakePackageExport(c, "S", &Ports()));
  const std::string b = StixBundleJson(MakePackageExport(c, "S", &Ports()));
  EXPECT_EQ(a, b);
  PackageContent other = c;
  other.package_id = "ffeeddccbbaa99887766554433221100";
  const json::object x = json::parse(a).as_object();
  const json::object y =
      json::parse(StixBundleJson(MakePackageExport(other, "S", &Ports()))).as_object();
  EXPECT_NE(Find(x, "report")->at("id"), Find(y, "report")->at("id"));
  EXPECT_NE(x.at("id"), y.at("id"));
  // An observable is the same object whichever package names it.
  EXPECT_EQ(Find(x, "x-portsafe-container")->at("id"), Find(y, "x-portsafe-container")->at("id"));
}

TEST(StixBundleTest, Uuid5MatchesRfc4122) {
  // RFC 4122's DNS namespace and "www.example.com", as Python's uuid.uuid5
  // gives it.
  EXPECT_EQ(Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

// The validator is only worth its pass if it fails what is wrong.
class StixValidatorTest : public ::testing::Test {
 protected:
  json::object Rich() { return Bundle(Shapes()[1].content); }
  json::object& ObjectOf(json::object& bundle, std::string_view type) {
    for (auto& o : bundle.at("objects").as_array()) {
      if (o.at("type").as_string() == type) return o.as_object();
    }
    ADD_FAILURE() << "no " << type;
    return bundle;
  }
  void ExpectInvalid(const json::object& bundle, const std::string& name, const std::string& says) {
    int status = -1;
    const std::string output = Validate(dir_, name, json::serialize(bundle), &status);
    EXPECT_EQ(status, 1) << name << "\n" << output;
    EXPECT_NE(output.find(says), std::string::npos) << name << "\n" << output;
  }
  portsafe::testing::TempDir dir_;
};

TEST_F(StixValidatorTest, TheUnchangedBundlePasses) {
  int status = -1;
  const std::string output = Validate(dir_, "unchanged", json::serialize(Rich()), &status);
  EXPECT_EQ(status, 0) << output;
}

TEST_F(StixValidatorTest, FailsADanglingRef) {
  json::object b = Rich();
  ObjectOf(b, "report")["object_refs"].as_array().emplace_back(
      "location--6b0b7e1c-1234-4a5b-8c9d-0123456789ab");
  ExpectInvalid(b, "dangling", "not in the bundle");
}

TEST_F(StixValidatorTest, FailsAReportWithoutPublished) {
  json::object b = Rich();
  ObjectOf(b, "report").erase("published");
  ExpectInvalid(b, "unpublished", "'published' is a required property");
}

TEST_F(StixValidatorTest, FailsAnObservableWhoseIdIsNotItsValues) {
  json::object b = Rich();
  ObjectOf(b, "x-portsafe-phone")["number"] = "+447700900999";
  ExpectInvalid(b, "wrong_id", "id should be");
}

TEST_F(StixValidatorTest, FailsACustomObservableWithoutItsDefinition) {
  json::object b = Rich();
  auto& objects = b["objects"].as_array();
  for (auto it = objects.begin(); it != objects.end(); ++it) {
    if (it->at("id").as_string() == kContainerExtension) {
      objects.erase(it);
      break;
    }
  }
  ExpectInvalid(b, "no_definition", "is not defined in the bundle");
}

TEST_F(StixValidatorTest, FailsObservedDataThatNamesAnSdo) {
  json::object b = Rich();
  const json::value report_id = ObjectOf(b, "report").at("id");
  ObjectOf(b, "observed-data")["object_refs"].as_array().push_back(report_id);
  ExpectInvalid(b, "observed_sdo", "not an SCO");
}

TEST_F(StixValidatorTest, FailsAVersionOneUuidAndAnUnknownType) {
  json::object b = Rich();
  ObjectOf(b, "location")["id"] = "location--c232a7a4-d2a8-11ee-9f3a-0242ac120002";
  ExpectInvalid(b, "uuid_v1", "not 4 or 5");
  json::object c = Rich();
  ObjectOf(c, "url")["type"] = "website";
  ExpectInvalid(c, "unknown_type", "unknown type");
}

}  // namespace
}  // namespace portsafe::service
