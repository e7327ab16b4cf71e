#include "media/cleaner_protocol.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace portsafe::media {
namespace {

std::string Png() { return testing::ReadAll(std::string(PORTSAFE_TESTDATA) + "/media/marked.png"); }

TEST(CleanerProtocolTest, AnImageReplyReadsBack) {
  CleanedFile f{Png(), "image/png", "png"};
  auto back = ParseCleanerOutput(EncodeCleanerOk(f));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->data, f.data);
  EXPECT_EQ(back->content_type, "image/png");
  EXPECT_EQ(back->extension, "png");
}

TEST(CleanerProtocolTest, AnErrorReplyIsAnInvalidFile) {
  for (auto f : {CleanFailure::kDecode, CleanFailure::kTooLarge, CleanFailure::kUnsupported}) {
    auto r = ParseCleanerOutput(EncodeCleanerError(f));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
}

// The cleaner decoded an attacker's file: whatever it writes is checked.
TEST(CleanerProtocolTest, AnyReplyThatBreaksTheFormatIsRefused) {
  const std::string png = Png();
  const std::string n = std::to_string(png.size());
  const std::vector<std::string> bad = {
      "",
      "PSM1 ok image/png " + n,                             // no end of line
      "PSM1 ok image/png " + n + "\n" + png.substr(1),      // one byte short
      "PSM1 ok image/png " + n + "\n" + png + "x",          // one byte more
      "PSM1 ok image/png 0" + n + "\n" + png,               // leading zero
      "PSM1 ok image/png -" + n + "\n" + png,               // sign
      "PSM1 ok image/jpeg " + n + "\n" + png,               // not what it says
      "PSM1 ok text/html " + n + "\n" + png,                // a type it never makes
      "PSM1 ok image/png 99999999999999999999999\n" + png,  // overflow
      "PSM2 ok image/png " + n + "\n" + png,                // another version
      "PSM1 error\n",                                       // no reason
      "PSM1 error nonsense\n",                              // an unknown reason
      "PSM1 error decode\ntrailing",                        // bytes after an error
      "PSM1 ok image/png 4\n<svg",                          // not an image at all
  };
  for (const auto& b : bad) {
    EXPECT_FALSE(ParseCleanerOutput(b).ok()) << b.substr(0, 40);
  }
}

}  // namespace
}  // namespace portsafe::media
