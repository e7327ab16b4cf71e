#include "core/jpeg_scans.h"

#include <gtest/gtest.h>

#include "core/limits.h"
#include "support/images.h"

namespace portsafe::core {
namespace {

TEST(JpegScansTest, CountsTheScansOfRealFiles) {
  // libjpeg writes a baseline JPEG in one scan, a progressive one in ten.
  EXPECT_EQ(CountJpegScans(testing::JpegWithMetadata(64, 48, "x"), 100), 1u);
  EXPECT_EQ(CountJpegScans(testing::ProgressiveJpeg(64, 48), 100), 10u);
  EXPECT_EQ(CountJpegScans(testing::JpegScanBomb(64, 48, 500), 1000), 510u);
}

TEST(JpegScansTest, StopsCountingOnceThereAreTooMany) {
  const std::string bomb = testing::JpegScanBomb(64, 48, 5000);
  EXPECT_EQ(CountJpegScans(bomb, limits::kJpegScansMax), limits::kJpegScansMax + 1);
  EXPECT_LE(CountJpegScans(testing::ProgressiveJpeg(640, 480), limits::kJpegScansMax),
            limits::kJpegScansMax);
}

TEST(JpegScansTest, DamagedOrForeignBytesCountWhatWasSeenAndReadNothingBeyond) {
  const std::string good = testing::ProgressiveJpeg(64, 48);
  EXPECT_EQ(CountJpegScans("", 100), 0u);
  EXPECT_EQ(CountJpegScans("\xFF\xD8", 100), 0u);
  EXPECT_EQ(CountJpegScans("not a jpeg at all", 100), 0u);
  // Every truncation: no read past the end (ASan checks), never more scans.
  for (size_t n = 0; n <= good.size(); ++n) {
    EXPECT_LE(CountJpegScans(std::string_view(good).substr(0, n), 100), 10u) << n;
  }
  // A segment length that points past the end.
  EXPECT_EQ(CountJpegScans(std::string("\xFF\xD8\xFF\xDA\xFF\xFF", 6), 100), 1u);
  EXPECT_EQ(CountJpegScans(std::string("\xFF\xD8\xFF\xE0\x00\x01", 6), 100), 0u);
}

TEST(JpegFrameTest, ReadsTheSizeOfRealFiles) {
  const auto baseline = ReadJpegFrame(testing::JpegWithMetadata(64, 48, "x"));
  ASSERT_TRUE(baseline.has_value());
  EXPECT_EQ(baseline->width, 64);
  EXPECT_EQ(baseline->height, 48);
  EXPECT_EQ(baseline->components, 3);
  const auto progressive = ReadJpegFrame(testing::ProgressiveJpeg(300, 17));
  ASSERT_TRUE(progressive.has_value());
  EXPECT_EQ(progressive->width, 300);
  EXPECT_EQ(progressive->height, 17);
}

TEST(JpegFrameTest, DamagedOrForeignBytesHaveNoFrameAndNothingBeyondIsRead) {
  EXPECT_FALSE(ReadJpegFrame("").has_value());
  EXPECT_FALSE(ReadJpegFrame("\xFF\xD8").has_value());
  EXPECT_FALSE(ReadJpegFrame("\x89PNG\r\n\x1a\n").has_value());
  const std::string good = testing::JpegWithMetadata(64, 48, "x");
  const size_t sof = good.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  // Every truncation before the end of the frame segment: no frame, and no
  // read past the end (ASan checks).
  for (size_t n = 0; n < sof + 2 + 17; ++n) {
    EXPECT_FALSE(ReadJpegFrame(std::string_view(good).substr(0, n)).has_value()) << n;
  }
  EXPECT_TRUE(ReadJpegFrame(std::string_view(good).substr(0, sof + 2 + 17)).has_value());
  // A zero width, and a frame that claims more components than it holds.
  std::string zero = good;
  zero[sof + 7] = 0;
  zero[sof + 8] = 0;
  EXPECT_FALSE(ReadJpegFrame(zero).has_value());
  std::string many = good;
  many[sof + 9] = 100;
  EXPECT_FALSE(ReadJpegFrame(many).has_value());
  // A scan before any frame.
  EXPECT_FALSE(ReadJpegFrame(std::string("\xFF\xD8\xFF\xDA\x00\x02\xFF\xC0", 8)).has_value());
}

}  // namespace
}  // namespace portsafe::core
