#include "core/port_directory.h"

#include <gtest/gtest.h>

#include "common/assets.h"

namespace portsafe::core {
namespace {

PortDirectory Shipped() {
  auto csv = assets::Get("data/uk-seaports-unlocode.csv");
  EXPECT_TRUE(csv.has_value());
  auto ports = ParsePortCsv(*csv);
  EXPECT_TRUE(ports.ok());
  return PortDirectory(std::move(*ports));
}

TEST(PortDirectoryTest, ShipsEveryUkSeaport) {
  PortDirectory d = Shipped();
  EXPECT_EQ(d.size(), 1300u);
  ASSERT_NE(d.Find("GBFXT"), nullptr);
  EXPECT_EQ(d.Find("gbfxt")->name, "Felixstowe");
  EXPECT_EQ(d.Find("GBZZZ"), nullptr);
}

TEST(PortDirectoryTest, SearchRanksPrefixBeforeSubstring) {
  PortDirectory d = Shipped();
  auto hits = d.Search("felix", 5);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front()->code, "GBFXT");
  auto by_code = d.Search("GBSOU", 5);
  ASSERT_FALSE(by_code.empty());
  EXPECT_EQ(by_code.front()->name, "Southampton");
  EXPECT_TRUE(d.Search("", 5).empty());
  EXPECT_TRUE(d.Search("qqqqzz", 5).empty());
}

// What reporters typed in the walk-through of the form, and what they meant.
TEST(PortDirectoryTest, TyposPortOfAndWelshNamesFindTheSeaportFirst) {
  PortDirectory d = Shipped();
  auto first = [&](std::string_view q) {
    auto hits = d.Search(q, 12, /*tolerant=*/true);
    return hits.empty() ? std::string("(none)") : hits.front()->code;
  };
  EXPECT_EQ(first("Felixtowe"), "GBFXT");   // a letter left out
  EXPECT_EQ(first("Flexistowe"), "GBFXT");  // two letters swapped, and one more
  EXPECT_EQ(first("Port of Felixstowe"), "GBFXT");
  EXPECT_EQ(first("felixstowe port"), "GBFXT");
  EXPECT_EQ(first("Port of Tyne"), "GBTYN");
  EXPECT_EQ(first("Southamton"), "GBSOU");
  // Two ports are "Newcastle": both are offered.
  auto newcastle = d.Search("Newcastel", 12, true);
  ASSERT_GE(newcastle.size(), 2u);
  EXPECT_TRUE(newcastle[0]->code == "GBNCL" || newcastle[1]->code == "GBNCL");
  EXPECT_EQ(first("Caergybi"), "GBHLY");  // Holyhead, in Welsh
  EXPECT_EQ(first("Abertawe"), "GBSWA");
  EXPECT_EQ(first("Dover"), "GBDVR");
  // "Dover" is inside the inland town Llandovery: not a word of its name.
  for (const Port* p : d.Search("Dover", 12, true)) EXPECT_NE(p->code, "GBLDV");
  // Short words are taken as typed: no guesses for three letters.
  EXPECT_TRUE(d.Search("Dvr", 12, true).empty() ||
              d.Search("Dvr", 12, true).front()->code != "GBDVR");
  // Without tolerance a typo finds nothing; nonsense never finds anything.
  EXPECT_TRUE(d.Search("Felixtowe", 12).empty());
  EXPECT_TRUE(d.Search("qqqqzz", 12, true).empty());
  // Resolving stays strict: a typo is offered as a choice, never taken.
  EXPECT_EQ(d.Resolve("Felixtowe").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ((*d.Resolve("Caergybi"))->code, "GBHLY");
}

TEST(PortDirectoryTest, ResolveAcceptsCodeNameAndLabel) {
  PortDirectory d = Shipped();
  EXPECT_EQ((*d.Resolve("GBFXT"))->code, "GBFXT");
  EXPECT_EQ((*d.Resolve(" felixstowe "))->code, "GBFXT");
  EXPECT_EQ((*d.Resolve("Felixstowe (GBFXT)"))->code, "GBFXT");
  EXPECT_EQ(d.Resolve("nowhere-at-all").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(d.Resolve("port").error().code(), ErrorCode::kInvalidArgument);  // many matches
}

TEST(PortDirectoryTest, RejectsMalformedCsv) {
  EXPECT_FALSE(ParsePortCsv("unlocode,name,subdivision,status\nGBX,Short,,AA\n").ok());
  EXPECT_FALSE(ParsePortCsv("h\n\"GBFXT\",Felixstowe,SFK,AF\n").ok());
  auto ok = ParsePortCsv("h\r\nGBFXT,Felixstowe,SFK,AF,51.9,1.3\r\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 1u);
}

}  // namespace
}  // namespace portsafe::core

namespace portsafe::core {
namespace {

TEST(PortGroupTest, ShipsOperatorGroupsAndFreeportsOfTheMajorPorts) {
  auto csv = assets::Get("data/major-ports.csv");
  ASSERT_TRUE(csv.has_value());
  auto groups = ParsePortGroupCsv(*csv);
  ASSERT_TRUE(groups.ok()) << groups.error().message();
  EXPECT_GE(groups->size(), 35u);
  PortDirectory d = Shipped();
  bool felixstowe = false;
  for (const auto& g : *groups) {
    EXPECT_NE(d.Find(g.code), nullptr) << g.code << " is not a seaport in the directory";
    if (g.code == "GBFXT") {
      felixstowe = true;
      EXPECT_EQ(g.operator_group, "Hutchison Ports");
      EXPECT_EQ(g.freeport, "Freeport East");
    }
  }
  EXPECT_TRUE(felixstowe);
}

TEST(PortGroupTest, RefusesMalformedRows) {
  EXPECT_FALSE(ParsePortGroupCsv("h\nGBX,Short,Op,\n").ok());
  EXPECT_FALSE(ParsePortGroupCsv("h\nGBFXT,Felixstowe\n").ok());
  EXPECT_FALSE(ParsePortGroupCsv("h\n\"GBFXT\",Felixstowe,Op,Free\n").ok());
  auto ok = ParsePortGroupCsv("h\r\nGBDVR,Dover,Port of Dover,\r\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->at(0).freeport, "");
}

}  // namespace
}  // namespace portsafe::core
