#include "media/qr_code.h"

#include <gtest/gtest.h>

#include "common/fs.h"
#include "support/qr_decode.h"
#include "support/temp_dir.h"

namespace portsafe::media {
namespace {

using portsafe::testing::DecodeQrCodes;
using portsafe::testing::TempDir;

constexpr const char* kLink = "https://portsafe.example/r/GBFXT-TRINITY";

TEST(QrCodeTest, PngAndSvgDecodeToTheLink) {
  auto qr = EncodeQr(kLink);
  ASSERT_TRUE(qr.ok());
  EXPECT_GE(qr->size, 21);
  EXPECT_EQ(qr->dark.size(), static_cast<size_t>(qr->size * qr->size));
  TempDir dir;
  auto png = QrPng(*qr);
  ASSERT_TRUE(png.ok());
  ASSERT_TRUE(fs::WriteNewFile(dir.path() + "/qr.png", *png, 0600).ok());
  EXPECT_EQ(DecodeQrCodes(dir.path() + "/qr.png"), std::vector<std::string>{kLink});
  const std::string svg = QrSvg(*qr);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("<path"), std::string::npos);
  ASSERT_TRUE(fs::WriteNewFile(dir.path() + "/qr.svg", svg, 0600).ok());
  const std::string rendered = portsafe::testing::RenderSvg(dir.path() + "/qr.svg");
  ASSERT_FALSE(rendered.empty());
  EXPECT_EQ(DecodeQrCodes(rendered), std::vector<std::string>{kLink});
}

TEST(QrCodeTest, RefusesWhatDoesNotFit) {
  EXPECT_EQ(EncodeQr("").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(EncodeQr(std::string(5000, 'x')).error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace portsafe::media
