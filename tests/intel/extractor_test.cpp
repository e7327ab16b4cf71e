// Data-driven: every tests/testdata/extract/NAME.in is a text; NAME.out holds
// the JSON line of each identifier the extractor finds in it, in order, as
// `portsafe extract` prints them (vehicle marks checked against 2026-11).
// tests/integration/extract_cli_test.cpp runs the same files through the
// command.
#include "intel/extractor.h"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>

#include "core/port_directory.h"
#include "service/facilities.h"
#include "support/golden.h"
#include "support/temp_dir.h"

namespace portsafe::intel {
namespace {

core::PortDirectory SeedPorts() {
  auto ports = service::LoadSeedPorts();
  EXPECT_TRUE(ports.ok());
  return core::PortDirectory(ports.ok() ? std::move(*ports) : std::vector<core::Port>{});
}

std::vector<std::string> Cases(const std::string& dir) {
  std::vector<std::string> cases;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".in") cases.push_back(e.path().string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string Lines(const Extractor& ex, std::string_view text) {
  std::string got;
  for (const auto& id : ex.Extract(text)) {
    AppendJsonLine(id, text.substr(id.start, id.end - id.start), ex.ports(), &got);
  }
  return got;
}

class ExtractorTest : public ::testing::Test {
 protected:
  core::PortDirectory ports_ = SeedPorts();
  Extractor ex_{{&ports_, {2026, 11}}};
};

TEST_F(ExtractorTest, DataDrivenCases) {
  const size_t cases = portsafe::testing::RunGoldenCases(
      std::string(PORTSAFE_TESTDATA) + "/extract",
      [&](const std::string&, const std::string& text) { return Lines(ex_, text); });
  EXPECT_GE(cases, 12u);
}

TEST_F(ExtractorTest, EveryKindIsCoveredByTheCases) {
  std::set<std::string> seen;
  for (const auto& in : Cases(std::string(PORTSAFE_TESTDATA) + "/extract")) {
    for (const auto& id : ex_.Extract(portsafe::testing::ReadAll(in))) {
      seen.insert(std::string(KindName(id.kind)) + (id.valid ? "" : ":invalid"));
    }
  }
  for (Kind k : kAllKinds) {
    // Handles are given by the approach path, never found in text
    // (handle_test.cpp covers them).
    if (k == Kind::kSocialHandle || k == Kind::kMessagingHandle) {
      EXPECT_FALSE(seen.count(std::string(KindName(k)))) << KindName(k);
      continue;
    }
    EXPECT_TRUE(seen.count(std::string(KindName(k)))) << KindName(k);
  }
  for (const char* k :
       {"container", "imo", "mmsi", "vrm_gb", "vrm_ie", "phone", "postcode_gb", "email"}) {
    EXPECT_TRUE(seen.count(std::string(k) + ":invalid")) << k << " never seen invalid";
  }
}

// What a JSON parser reads back from an identifier's line.
void ExpectLineReadsBack(const Identifier& id, std::string_view written,
                         const core::PortDirectory* ports) {
  std::string line;
  AppendJsonLine(id, written, ports, &line);
  ASSERT_EQ(line.back(), '\n');
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  ASSERT_FALSE(ec) << line;
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("kind").as_string(), KindName(id.kind));
  EXPECT_EQ(o.at("text").as_string(), written);
  EXPECT_EQ(o.at("value").as_string(), id.value);
  EXPECT_EQ(o.at("start").to_number<size_t>(), id.start);
  EXPECT_EQ(o.at("end").to_number<size_t>(), id.end);
  EXPECT_EQ(o.at("valid").as_bool(), id.valid);
  const Details details = Describe(id, ports);
  EXPECT_EQ(o.size(), 6 + details.size());
  for (const auto& [k, value] : details) EXPECT_EQ(o.at(k).as_string(), value) << k;
}

TEST_F(ExtractorTest, EveryLineIsJsonThatReadsBackAsTheIdentifier) {
  for (const auto& in : Cases(std::string(PORTSAFE_TESTDATA) + "/extract")) {
    const std::string text = portsafe::testing::ReadAll(in);
    for (const auto& id : ex_.Extract(text)) {
      ExpectLineReadsBack(id, std::string_view(text).substr(id.start, id.end - id.start), &ports_);
    }
  }
  // Escapes, and UTF-8 kept as it is (flag states such as "Türkiye").
  Identifier odd{Kind::kMmsi, 0, 9, "271000000", true};
  ExpectLineReadsBack(odd, "a\"b\\c\n\x01\t", &ports_);
  std::string line;
  AppendJsonLine(odd, "x", &ports_, &line);
  EXPECT_NE(line.find("Türkiye"), std::string::npos);
}

TEST_F(ExtractorTest, OffsetsPointAtTheTextAsWritten) {
  const std::string text = "x CSQU 305438 3 y +44 7700 900123 z";
  auto ids = ex_.Extract(text);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(text.substr(ids[0].start, ids[0].end - ids[0].start), "CSQU 305438 3");
  EXPECT_EQ(text.substr(ids[1].start, ids[1].end - ids[1].start), "+44 7700 900123");
  // Extracting a later piece moves offsets by its base; earlier results stay.
  std::vector<Identifier> out = ids;
  ex_.ExtractInto("AB12 CDE", 100, &out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].start, 100u);
  EXPECT_EQ(out[2].end, 108u);
  EXPECT_EQ(out[0].value, "CSQU3054383");
}

TEST_F(ExtractorTest, AgeIdentifiersFollowTheDateGiven) {
  // "26" is issued in March 2026, "76" in September 2026.
  Extractor feb({&ports_, {2026, 2}});
  Extractor sep({&ports_, {2026, 9}});
  EXPECT_FALSE(feb.Extract("AB26 CDE")[0].valid);
  EXPECT_TRUE(sep.Extract("AB26 CDE")[0].valid);
  EXPECT_FALSE(Extractor({&ports_, {2026, 8}}).Extract("AB76 CDE")[0].valid);
  EXPECT_TRUE(sep.Extract("AB76 CDE")[0].valid);
  // Irish second-half marks from July.
  EXPECT_FALSE(Extractor({&ports_, {2026, 6}}).Extract("262-D-1")[0].valid);
  EXPECT_TRUE(Extractor({&ports_, {2026, 7}}).Extract("262-D-1")[0].valid);
}

TEST_F(ExtractorTest, UnlocodesNeedTheDirectory) {
  Extractor bare({nullptr, {2026, 11}});
  EXPECT_TRUE(bare.Extract("GBFXT").empty());
  ASSERT_EQ(ex_.Extract("GBFXT").size(), 1u);
}

TEST_F(ExtractorTest, AnyBytesAreSafe) {
  std::string junk;
  for (int i = 0; i < 1 << 16; ++i) junk.push_back(static_cast<char>((i * 131 + i / 7) & 0xff));
  for (size_t cut = 0; cut < 64; ++cut) {
    std::string_view t(junk.data() + cut, junk.size() - cut);
    for (const auto& id : ex_.Extract(t)) {
      ASSERT_LE(id.end, t.size());
      ASSERT_LT(id.start, id.end);
    }
  }
  // Truncated identifiers at the very end of the text.
  for (const char* t : {"CSQU 305438 ", "IMO 907472", "+44 77", "(0", "www.", "a@", "@b.c", "GB S",
                        "191-D-", "AB12 C", "x\xe2\x80", "\xf0"}) {
    (void)ex_.Extract(t);
  }
}

}  // namespace
}  // namespace portsafe::intel
