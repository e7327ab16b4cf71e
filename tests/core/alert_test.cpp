// The pure rules of alerts: markings, targeting and the checks on a draft.
#include "core/alert.h"

#include <gtest/gtest.h>

namespace portsafe::core {
namespace {

std::vector<PortGroup> Groups() {
  return {{"GBFXT", "Felixstowe", "Hutchison Ports", "Freeport East"},
          {"GBSOU", "Southampton", "Associated British Ports", "Solent"},
          {"GBTIL", "Tilbury", "Forth Ports", "Thames"}};
}

PortDirectory Ports() {
  return PortDirectory({{"GBFXT", "Felixstowe", "SFK", "AF"},
                        {"GBSOU", "Southampton", "HAM", "AF"},
                        {"GBTIL", "Tilbury", "THR", "AF"}});
}

TEST(AlertTest, TlpNamesReadBackInAnyCaseWithOrWithoutThePrefix) {
  for (Tlp t : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict}) {
    EXPECT_EQ(ParseTlp(ToString(t)), t);
    EXPECT_EQ(ParseTlp("tlp:" + std::string(ToString(t))), t);
    EXPECT_EQ(TlpFromInt(static_cast<int>(t)), t);
  }
  EXPECT_EQ(ParseTlp(" amber+strict "), Tlp::kAmberStrict);
  EXPECT_FALSE(ParseTlp("RED"));  // TLP:RED is never for alerts to many facilities
  EXPECT_FALSE(ParseTlp("WHITE"));
  EXPECT_FALSE(TlpFromInt(4));
  EXPECT_FALSE(TlpFromInt(-1));
}

TEST(AlertTest, AFacilityIsTargetedByItsCodePortFreeportOrOperator) {
  const TargetFacility trinity{"GBFXT-TRINITY", "GBFXT", ""};
  const TargetFacility berth{"GBSOU-CT", "GBSOU", "DP World"};
  AlertTargets t;
  EXPECT_FALSE(Targets(t, trinity, Groups()));
  t.ports = {"GBFXT"};
  EXPECT_TRUE(Targets(t, trinity, Groups()));
  EXPECT_FALSE(Targets(t, berth, Groups()));
  t = {};
  t.facilities = {"GBSOU-CT"};
  EXPECT_FALSE(Targets(t, trinity, Groups()));
  EXPECT_TRUE(Targets(t, berth, Groups()));
  t = {};
  t.freeports = {"Freeport East"};
  EXPECT_TRUE(Targets(t, trinity, Groups()));
  EXPECT_FALSE(Targets(t, berth, Groups()));
  t = {};
  t.operators = {"DP World"};  // the facility's own operator
  EXPECT_TRUE(Targets(t, berth, Groups()));
  EXPECT_FALSE(Targets(t, trinity, Groups()));
  t.operators = {"Hutchison Ports"};  // the port's operator group
  EXPECT_TRUE(Targets(t, trinity, Groups()));
}

TEST(AlertTest, NormalisingTidiesTargetsAndNamesTheFieldAtFault) {
  AlertContent a;
  a.title = "  Watch the gates  ";
  a.text = "Text";
  a.look_for = {" one ", "", "one", "two"};
  a.targets.ports = {" gbfxt", "GBFXT", ""};
  a.targets.freeports = {"solent"};
  a.targets.operators = {"forth ports"};
  a.targets.facilities = {"gbfxt-trinity"};
  a.expires_on = "2026-12-31";
  std::string why;
  EXPECT_EQ(NormaliseAlert(&a, "2026-12-01", Ports(), Groups(), {"GBFXT-TRINITY"}, &why), "")
      << why;
  EXPECT_EQ(a.title, "Watch the gates");
  EXPECT_EQ(a.look_for, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(a.targets.ports, (std::vector<std::string>{"GBFXT"}));
  EXPECT_EQ(a.targets.freeports, (std::vector<std::string>{"Solent"}));
  EXPECT_EQ(a.targets.operators, (std::vector<std::string>{"Forth Ports"}));
  EXPECT_EQ(a.targets.facilities, (std::vector<std::string>{"GBFXT-TRINITY"}));

  AlertContent b = a;
  b.expires_on = "2026-12-01";  // today is still fine
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {"GBFXT-TRINITY"}, &why), "");
  b.expires_on = "2026-11-30";
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {"GBFXT-TRINITY"}, &why),
            "expires_on");
  EXPECT_FALSE(why.empty());
  b = a;
  b.text = std::string("bad \x01 byte");
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {}, &why), "text");
  b = a;
  b.title = std::string("\xff\xfe");
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {}, &why), "title");
  b = a;
  b.targets.facilities = {"GBFXT-TRINITY"};
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {}, &why), "targets");
  b = a;
  b.targets.ports.assign(201, "GBFXT");  // duplicates fold to one
  b.targets.facilities.clear();
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {}, &why), "");
  b = a;
  b.tlp = Tlp::kAmber;
  b.public_site = true;
  b.targets.facilities.clear();
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {}, &why), "public_site");
  b.tlp = Tlp::kClear;
  EXPECT_EQ(NormaliseAlert(&b, "2026-12-01", Ports(), Groups(), {}, &why), "");
}

TEST(AlertTest, AnAlertIsLiveThroughItsLastDay) {
  EXPECT_TRUE(AlertLive("2026-12-01", "2026-12-01"));
  EXPECT_TRUE(AlertLive("2026-12-02", "2026-12-01"));
  EXPECT_FALSE(AlertLive("2026-11-30", "2026-12-01"));
}

}  // namespace
}  // namespace portsafe::core
