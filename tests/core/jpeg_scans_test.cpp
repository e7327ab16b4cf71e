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

}  // namespace
}  // namespace portsafe::core
