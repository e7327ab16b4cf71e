#include "media/image_sanitizer.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "support/images.h"

namespace portsafe::media {
namespace {

using testing::JpegSize;

TEST(ImageSanitizerTest, JpegLosesExifAndCommentButKeepsPixels) {
  std::string in = testing::JpegWithMetadata(64, 48, "MARKER-GPS-51.96N");
  ASSERT_NE(in.find("MARKER-GPS-51.96N"), std::string::npos);
  auto out = SanitizeUpload(in, "application/octet-stream");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->reencoded);
  EXPECT_EQ(out->content_type, "image/jpeg");
  EXPECT_EQ(out->data.find("MARKER-GPS-51.96N"), std::string::npos);
  EXPECT_EQ(out->data.find("Exif"), std::string::npos);
  EXPECT_EQ(JpegSize(out->data), std::make_pair(64, 48));
}

TEST(ImageSanitizerTest, ExifOrientationIsAppliedToThePixels) {
  // 40x20, left half black. Orientation 6 (rotate 90 degrees clockwise):
  // 20x40 with the black half on top. 8: black at the bottom. 3: black right.
  for (bool le : {true, false}) {
    auto six = SanitizeUpload(testing::JpegWithOrientation(40, 20, 6, le), "");
    ASSERT_TRUE(six.ok());
    EXPECT_EQ(JpegSize(six->data), std::make_pair(20, 40));
    EXPECT_LT(testing::JpegPixel(six->data, 10, 5), 60);
    EXPECT_GT(testing::JpegPixel(six->data, 10, 35), 200);
    auto eight = SanitizeUpload(testing::JpegWithOrientation(40, 20, 8, le), "");
    EXPECT_GT(testing::JpegPixel(eight->data, 10, 5), 200);
    EXPECT_LT(testing::JpegPixel(eight->data, 10, 35), 60);
    auto three = SanitizeUpload(testing::JpegWithOrientation(40, 20, 3, le), "");
    EXPECT_EQ(JpegSize(three->data), std::make_pair(40, 20));
    EXPECT_GT(testing::JpegPixel(three->data, 5, 10), 200);
    EXPECT_LT(testing::JpegPixel(three->data, 35, 10), 60);
    auto one = SanitizeUpload(testing::JpegWithOrientation(40, 20, 1, le), "");
    EXPECT_LT(testing::JpegPixel(one->data, 5, 10), 60);
  }
  // A lying IFD offset or count is ignored, not followed.
  std::string bad = testing::JpegWithOrientation(16, 8, 6, true);
  size_t at = bad.find("II*");
  ASSERT_NE(at, std::string::npos);
  bad[at + 4] = '\xF0';  // IFD0 offset far past the segment
  auto r = SanitizeUpload(bad, "");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(JpegSize(r->data), std::make_pair(16, 8));
}

TEST(ImageSanitizerTest, PngLosesTextChunks) {
  std::string in = testing::PngWithMetadata(20, 10, "MARKER-PNG-TEXT");
  ASSERT_NE(in.find("MARKER-PNG-TEXT"), std::string::npos);
  auto out = SanitizeUpload(in, "image/png");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->reencoded);
  EXPECT_EQ(out->data.find("MARKER-PNG-TEXT"), std::string::npos);
  EXPECT_EQ(out->data.find("tEXt"), std::string::npos);
  EXPECT_EQ(out->data.substr(1, 3), "PNG");
}

TEST(ImageSanitizerTest, PngChunkLengthsMustFitTheFile) {
  // Found by fuzz/image_fuzz: a tEXt chunk claiming ~2 GB made libpng
  // allocate it. Such a file is refused without a large allocation.
  std::string png = testing::PngWithMetadata(4, 4, "GPS");
  size_t text = png.find("tEXt");
  ASSERT_NE(text, std::string::npos);
  png[text - 4] = '\x7a';  // length 0x7a0000xx
  auto r = SanitizeUpload(png, "image/png");
  ASSERT_FALSE(r.ok());
  // Missing IEND, chunks before IHDR: refused.
  std::string good = testing::PngWithMetadata(4, 4, "GPS");
  EXPECT_FALSE(SanitizeUpload(good.substr(0, good.size() - 12), "image/png").ok());
  std::string early = good.substr(0, 8) + good.substr(33);  // IHDR removed
  EXPECT_FALSE(SanitizeUpload(early, "image/png").ok());
}

// A decompression bomb: a small PNG whose header claims 100 megapixels is
// refused before its pixels are decoded (limits::kImagePixelsMax).
TEST(ImageSanitizerTest, AnImageClaimingTooManyPixelsIsRefusedUnread) {
  std::string png = testing::PngWithMetadata(4, 4, "");
  ASSERT_EQ(png.substr(12, 4), "IHDR");
  auto put32 = [&png](size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) png[at + i] = static_cast<char>(v >> (24 - 8 * i));
  };
  put32(16, 10000);  // width
  put32(20, 10000);  // height
  const auto* ihdr = reinterpret_cast<const Bytef*>(png.data() + 12);
  put32(29, static_cast<std::uint32_t>(crc32(0, ihdr, 17)));  // a valid chunk again
  auto r = SanitizeUpload(png, "image/png");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "the image has too many pixels");
}

TEST(ImageSanitizerTest, OtherFilesAreKeptAndFlagged) {
  auto out = SanitizeUpload("%PDF-1.4 hello", "application/pdf");
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->reencoded);
  EXPECT_EQ(out->data, "%PDF-1.4 hello");
  EXPECT_EQ(out->content_type, "application/pdf");
  EXPECT_EQ(SanitizeUpload("x", "text/html\r\nX-Evil: 1")->content_type,
            "application/octet-stream");
}

TEST(ImageSanitizerTest, BrokenImagesAreRejectedNotKept) {
  std::string jpeg = testing::JpegWithMetadata(16, 16, "M");
  EXPECT_FALSE(SanitizeUpload(jpeg.substr(0, 40), "image/jpeg").ok());
  std::string png = testing::PngWithMetadata(4, 4, "M");
  EXPECT_FALSE(SanitizeUpload(png.substr(0, 60), "image/png").ok());
  EXPECT_FALSE(SanitizeUpload(std::string("\xFF\xD8\xFF garbage", 11), "").ok());
}

}  // namespace
}  // namespace portsafe::media
