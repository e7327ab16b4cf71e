// `portsafe extract` prints exactly what the extractor finds: every case of
// tests/testdata/extract through the command, and the table format.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/golden.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace portsafe::testing {
namespace {

TEST(ExtractCliTest, PrintsTheSameLinesAsTheDataDrivenCases) {
  const std::string dir = std::string(PORTSAFE_TESTDATA) + "/extract";
  const size_t cases = RunGoldenCases(dir, [&](const std::string& name, const std::string&) {
    std::string out;
    EXPECT_EQ(RunPortsafe({"extract", "--today", "2026-11-28"}, &out, dir + "/" + name + ".in"), 0)
        << name;
    return out;
  });
  EXPECT_GE(cases, 12u);
}

TEST(ExtractCliTest, ReadsLargeInputInPiecesWithOffsetsIntoTheWhole) {
  // Several megabytes, so the command reads more than one block: the last
  // identifier's offsets must still count from the start of the input.
  TempDir dir;
  const std::string path = dir.path() + "/big.txt";
  std::string filler(1000, 'x');
  filler.back() = '\n';
  {
    std::ofstream f(path, std::ios::binary);
    for (int i = 0; i < 3000; ++i) f << filler;
    f << "the van AB12 CDE\n";
  }
  std::string out;
  ASSERT_EQ(RunPortsafe({"extract", "--today", "2026-11-28"}, &out, path), 0);
  const std::string start = "\"start\":" + std::to_string(3000 * 1000 + 8) + ",";
  EXPECT_NE(out.find("\"value\":\"AB12CDE\""), std::string::npos) << out;
  EXPECT_NE(out.find(start), std::string::npos) << out;
}

TEST(ExtractCliTest, TableFormatKindFilterAndBadOptions) {
  TempDir dir;
  const std::string path = dir.path() + "/t.txt";
  std::ofstream(path) << "CSQU 305438 4 and IMO 9074729\n";
  std::string out;
  ASSERT_EQ(RunPortsafe({"extract", "--format", "table"}, &out, path), 0);
  EXPECT_NE(out.find("CSQU3054384"), std::string::npos) << out;
  EXPECT_NE(out.find("expected_check_digit=3"), std::string::npos) << out;
  EXPECT_NE(out.find("2 identifiers"), std::string::npos) << out;
  ASSERT_EQ(RunPortsafe({"extract", "--kind", "imo"}, &out, path), 0);
  EXPECT_EQ(out.find("container"), std::string::npos) << out;
  EXPECT_NE(out.find("9074729"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe({"extract", "--format", "xml"}, &out, path), 2);
  EXPECT_EQ(RunPortsafe({"extract", "--kind", "boat"}, &out, path), 2);
  EXPECT_EQ(RunPortsafe({"extract", "--today", "28/11/2026"}, &out, path), 2);
  ASSERT_EQ(RunPortsafe({"extract", "--help"}, &out), 0);
  EXPECT_NE(out.find("Usage: portsafe extract"), std::string::npos);
}

// Without --today, vehicle marks are checked against the machine's date, as
// the help says: a mark of 2012 is valid whenever the test runs (it was
// checked against year 0, and so always invalid).
TEST(ExtractCliTest, WithoutTodayAVehicleMarkIssuedYearsAgoIsValid) {
  TempDir dir;
  const std::string path = dir.path() + "/t.txt";
  std::ofstream(path) << "A white van AB12 CDE\n";
  std::string out;
  ASSERT_EQ(RunPortsafe({"extract", "--kind", "vrm_gb"}, &out, path), 0);
  EXPECT_NE(out.find("\"valid\":true"), std::string::npos) << out;
}

}  // namespace
}  // namespace portsafe::testing
