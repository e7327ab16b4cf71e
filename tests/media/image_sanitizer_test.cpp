#include "media/image_sanitizer.h"

#include <gtest/gtest.h>

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
