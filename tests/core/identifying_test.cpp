// Data-driven: every tests/testdata/identifying/NAME.in holds an original
// and a sanitised draft ("=== original" / "=== sanitised" sections); NAME.out
// lists the expected findings, one "kind: excerpt" a line, in order.
#include "core/identifying.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/golden.h"
#include "support/temp_dir.h"

namespace portsafe::core {
namespace {

std::string Section(const std::string& text, const std::string& name) {
  const std::string head = "=== " + name + "\n";
  size_t at = text.find(head);
  if (at == std::string::npos) return {};
  at += head.size();
  size_t end = text.find("\n=== ", at);
  std::string s = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

TEST(IdentifyingTest, DataDrivenCases) {
  const size_t cases =
      testing::RunGoldenCases(std::string(PORTSAFE_TESTDATA) + "/identifying",
                              [](const std::string&, const std::string& text) {
                                std::string got;
                                for (const auto& f : FindIdentifying(Section(text, "original"),
                                                                     Section(text, "sanitised"))) {
                                  got += f.kind + ": " + f.excerpt + "\n";
                                }
                                return got;
                              });
  EXPECT_GE(cases, 5u);
}

TEST(IdentifyingTest, AnyBytesAreSafe) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 131) & 0xff));
  (void)FindIdentifying(junk, junk);
  (void)FindIdentifying("", "9999999999999999999999@@@@..:: pm 12:");
  SUCCEED();
}

}  // namespace
}  // namespace portsafe::core
