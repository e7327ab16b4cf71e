#include "core/routing.h"

#include <gtest/gtest.h>

#include "core/category.h"

namespace portsafe::core {
namespace {

std::vector<RoutingAgency> Agencies() {
  return {
      {"SUFFOLK", "police", {"GBFXT", "GBIPS"}},
      {"KENT", "police", {"GBDVR"}},
      {"JMSC", "maritime", {}},
      {"BF", "border_force", {}},
      {"NCA", "nca", {}},
      {"HMRC", "hmrc", {}},
      {"CTP", "ct_policing", {}},
  };
}

using Codes = std::vector<std::string>;

TEST(RoutingTest, LocalForceAndMaritimeCentreAlwaysThenTheRemit) {
  struct Case {
    std::string port, category;
    Codes want;
  } cases[] = {
      {"GBFXT", "drugs", {"SUFFOLK", "JMSC", "BF", "NCA"}},
      {"GBIPS", "cargo_theft", {"SUFFOLK", "JMSC"}},
      {"GBDVR", "excise_smuggling", {"KENT", "JMSC", "BF", "HMRC"}},
      {"GBDVR", "terrorism", {"KENT", "JMSC", "CTP"}},
      {"GBSOU", "money_laundering", {"JMSC", "NCA", "HMRC"}},  // no force covers GBSOU
      {"GBFXT", "other", {"SUFFOLK", "JMSC"}},
      {"", "drugs", {"JMSC", "BF", "NCA"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ProposeRecipients(c.port, c.category, Agencies()), c.want)
        << c.port << " " << c.category;
  }
}

TEST(RoutingTest, EveryCategoryHasARemitEntry) {
  // A category added without a routing decision would silently go to the
  // local force only; "cargo_theft" and "other" are local on purpose.
  for (const auto& c : Categories()) {
    auto kinds = KindsForCategory(c.key);
    if (c.key == "cargo_theft" || c.key == "other") {
      EXPECT_TRUE(kinds.empty()) << c.key;
    } else {
      EXPECT_FALSE(kinds.empty()) << c.key;
    }
  }
  EXPECT_TRUE(KindsForCategory("no_such").empty());
}

TEST(RoutingTest, AnAgencyIsProposedOnce) {
  std::vector<RoutingAgency> a = {{"X", "nca", {}}, {"X", "nca", {}}};
  EXPECT_EQ(ProposeRecipients("GBFXT", "drugs", a), Codes{"X"});
}

}  // namespace
}  // namespace portsafe::core
