#include "media/package_pdf.h"

#include <gtest/gtest.h>
#include <png.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <sstream>

#include "common/fs.h"
#include "core/jpeg_scans.h"
#include "support/images.h"
#include "support/qr_decode.h"
#include "support/temp_dir.h"

namespace portsafe::media {
namespace {

using portsafe::testing::PdfImageList;
using portsafe::testing::PdfJpegStreams;
using portsafe::testing::PdfPageCount;
using portsafe::testing::PdfPageText;
using portsafe::testing::PdfPageTextIn;
using portsafe::testing::PdfWordBoxes;
using portsafe::testing::RenderPdfPage;
using portsafe::testing::TempDir;

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kMm, kPageHeight = 297 * kMm;

struct Rgb {
  int r, g, b;
};
constexpr Rgb kAmber{0xFF, 0xC0, 0x00};
constexpr Rgb kGreen{0x33, 0xFF, 0x00};
constexpr Rgb kClear{0xFF, 0xFF, 0xFF};
constexpr Rgb kRed{0xFF, 0x2B, 0x2B};

// A report long enough for several pages: numbered sentences, so that a
// page lost or repeated shows.
std::string LongText(int sentences) {
  std::string t;
  for (int i = 0; i < sentences; ++i) {
    t += "Sentence " + std::to_string(i) +
         " says that a grey van met the night shift at gate four of the terminal. ";
    if (i % 9 == 8) t += "\n";
    if (i % 30 == 29) t += "\n";
  }
  return t;
}

PackagePdfInput Package() {
  PackagePdfInput in;
  in.reference = "K7MQ-4RPX";
  in.tlp = "TLP:AMBER+STRICT";
  in.tlp_meaning =
      "Recipients may share this only within their own organisation, on a need-to-know basis.";
  in.agency = "Suffolk Constabulary";
  in.category = "Drug smuggling";
  in.priority = "High";
  in.port = "Felixstowe (GBFXT)";
  in.facility = "Trinity Terminal";
  in.received_month = "November 2026";
  in.sent_on = "6 December 2026";
  in.grade_code = "2BC";
  in.grade_source = "Mostly reliable";
  in.grade_intelligence = "Known indirectly to the source but corroborated";
  in.grade_handling = "May be disseminated subject to conditions";
  in.conditions = "Do not act on this without the agreement of the originating handler.";
  in.text = LongText(160);
  in.identifiers = {{"Container", "MSCU 123456 6"},
                    {"Vehicle registration", "AB12 CDE"},
                    {"Phone number", "+44 7700 900123"}};
  in.attachments = {{"photo-1.jpg", "image/jpeg", 4321, testing::JpegWithMetadata(160, 96, "t")},
                    {"plan.png", "image/png", 1234567, ""}};
  in.produced_on = "2026-12-06";
  return in;
}

// `s` without white space: pdftotext breaks lines where the PDF does.
std::string Squeezed(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\f' && c != '\r' && c != '\t') out.push_back(c);
  }
  return out;
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// A PNG's pixels as RGB.
struct Raster {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  Rgb At(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};
Raster ReadPng(const std::string& path) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  Raster r;
  if (!png_image_begin_read_from_file(&image, path.c_str())) return r;
  image.format = PNG_FORMAT_RGB;
  r.rgb.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, r.rgb.data(), 0, nullptr)) return {};
  r.width = static_cast<int>(image.width);
  r.height = static_cast<int>(image.height);
  return r;
}

bool Near(Rgb a, Rgb b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

// Pixels of `colour` inside the black box of the rows [top, bottom) of the
// page: the TLP label is the only black there (the header's words are navy,
// the footer's grey), so the box is the extent of the black pixels. The
// bands used are the top and bottom 8% of the page (24 mm), clear of the
// body.
int LabelPixels(const Raster& r, int top, int bottom, Rgb colour) {
  int x0 = r.width, y0 = bottom, x1 = -1, y1 = -1;
  for (int y = top; y < bottom; ++y) {
    for (int x = 0; x < r.width; ++x) {
      if (Near(r.At(x, y), {0, 0, 0}, 16)) {
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
    }
  }
  int n = 0;
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) n += Near(r.At(x, y), colour, 48) ? 1 : 0;
  }
  return n;
}

class PackagePdfTest : public ::testing::Test {
 protected:
  // Writes `pdf` as `name` and returns its path.
  std::string Write(const std::string& pdf, const std::string& name) {
    const std::string path = dir_.path() + "/" + name;
    EXPECT_TRUE(fs::WriteNewFile(path, pdf, 0600).ok());
    return path;
  }
  // Page `page` rendered as the acceptance check renders it (pdftoppm -r 40).
  Raster Render(const std::string& path, int page) {
    const std::string png = RenderPdfPage(path, page, 40);
    EXPECT_FALSE(png.empty()) << "pdftoppm could not render page " << page;
    return png.empty() ? Raster{} : ReadPng(png);
  }
  // The text of the body of every page (without the header and footer), in
  // order, white space removed.
  std::string Body(const std::string& path, int pages) {
    std::string all;
    for (int p = 1; p <= pages; ++p) {
      all += PdfPageTextIn(path, p, 0, static_cast<int>(24 * kMm), static_cast<int>(kPageWidth),
                           static_cast<int>((297 - 24 - 22) * kMm));
    }
    return Squeezed(all);
  }

  TempDir dir_;
};

// The acceptance check: pdftoppm shows the TLP marking on every page, in
// the header band and in the footer, and pdftotext reads it there with the
// page's number.
TEST_F(PackagePdfTest, EveryPageCarriesTheTlpMarkingAtTopAndBottom) {
  auto pdf = PackagePdf(Package());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string path = Write(*pdf, "long.pdf");
  const int pages = PdfPageCount(path);
  ASSERT_GE(pages, 3);
  for (int p = 1; p <= pages; ++p) {
    const std::string text = PdfPageText(path, p);
    EXPECT_GE(Count(text, "TLP:AMBER+STRICT"), 2) << "page " << p << ":\n" << text;
    EXPECT_NE(text.find("page " + std::to_string(p) + " of " + std::to_string(pages)),
              std::string::npos)
        << "page " << p << ":\n"
        << text;
    EXPECT_NE(text.find("PortSafe package K7MQ-4RPX"), std::string::npos) << p;
    EXPECT_NE(text.find("2026-12-06"), std::string::npos) << p;
    const Raster r = Render(path, p);
    ASSERT_GT(r.height, 0);
    const int band = r.height * 8 / 100;
    EXPECT_GE(LabelPixels(r, 0, band, kAmber), 3) << "no amber label at the top of page " << p;
    EXPECT_GE(LabelPixels(r, r.height - band, r.height, kAmber), 3)
        << "no amber label at the bottom of page " << p;
  }
  // No other page: one more is not there.
  EXPECT_EQ(PdfPageText(path, pages + 1), "");
}

TEST_F(PackagePdfTest, TheTextConditionsIdentifiersAndAttachmentsAreAllThere) {
  const PackagePdfInput in = Package();
  auto pdf = PackagePdf(in);
  ASSERT_TRUE(pdf.ok());
  const std::string path = Write(*pdf, "all.pdf");
  const int pages = PdfPageCount(path);
  const std::string body = Body(path, pages);
  // The whole report, in order, across the pages (not a sentence lost to a
  // page break or drawn under the footer).
  EXPECT_NE(body.find(Squeezed(in.text)), std::string::npos);
  for (const std::string& s : {in.conditions, in.tlp_meaning, in.agency, in.category, in.priority,
                               in.port, in.facility, in.received_month, in.sent_on, in.grade_code,
                               in.grade_source, in.grade_intelligence, in.grade_handling}) {
    EXPECT_NE(body.find(Squeezed(s)), std::string::npos) << s;
  }
  for (const auto& [kind, value] : in.identifiers) {
    EXPECT_NE(body.find(Squeezed(kind)), std::string::npos) << kind;
    EXPECT_NE(body.find(Squeezed(value)), std::string::npos) << value;
  }
  for (const auto& a : in.attachments) {
    EXPECT_NE(body.find(Squeezed(a.name)), std::string::npos) << a.name;
    EXPECT_NE(body.find(Squeezed(a.content_type)), std::string::npos) << a.content_type;
  }
  EXPECT_NE(body.find(Squeezed("4,321 bytes")), std::string::npos);
  EXPECT_NE(body.find(Squeezed("1.2 MB (1,234,567 bytes)")), std::string::npos);
  // The PNG has no picture to show.
  EXPECT_EQ(Count(body, "(nopreview)"), 1);
}

// The thumbnail is the cleaned JPEG itself: embedded as its own bytes
// (DCTDecode), never decoded and encoded again.
TEST_F(PackagePdfTest, TheThumbnailIsTheJpegPassedThrough) {
  const PackagePdfInput in = Package();
  auto pdf = PackagePdf(in);
  ASSERT_TRUE(pdf.ok());
  const std::string path = Write(*pdf, "thumb.pdf");
  const std::string list = PdfImageList(path);
  std::istringstream lines(list);
  std::string line;
  std::vector<std::vector<std::string>> images;
  int n = 0;
  while (std::getline(lines, line)) {
    if (n++ < 2) continue;  // the header
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string x; fields >> x;) f.push_back(x);
    if (!f.empty()) images.push_back(f);
  }
  ASSERT_EQ(images.size(), 1u) << list;
  ASSERT_GE(images[0].size(), 9u) << list;
  EXPECT_EQ(images[0][3], "160") << list;  // width
  EXPECT_EQ(images[0][4], "96") << list;   // height
  EXPECT_EQ(images[0][8], "jpeg") << list;
  const auto streams = PdfJpegStreams(path);
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_TRUE(streams[0] == in.attachments[0].jpeg) << "the JPEG was not embedded as it was";
}

// Each TLP draws its label in its own colour (white for CLEAR: the box is
// black, so white inside it is the label's text), and in no other's.
TEST_F(PackagePdfTest, EachTlpDrawsItsOwnColour) {
  struct Case {
    std::string tlp;
    Rgb colour;
  };
  const std::vector<Case> cases = {{"TLP:CLEAR", kClear},
                                   {"TLP:GREEN", kGreen},
                                   {"TLP:AMBER", kAmber},
                                   {"TLP:AMBER+STRICT", kAmber},
                                   {"TLP:RED", kRed}};
  for (const auto& c : cases) {
    PackagePdfInput in = Package();
    in.tlp = c.tlp;
    in.text = "Short.";
    auto pdf = PackagePdf(in);
    ASSERT_TRUE(pdf.ok()) << c.tlp;
    const std::string name = c.tlp.substr(4) + ".pdf";
    const std::string path = Write(*pdf, name == "AMBER+STRICT.pdf" ? "STRICT.pdf" : name);
    EXPECT_GE(PdfPageCount(path), 1) << c.tlp;
    const std::string text = PdfPageText(path, 1);
    EXPECT_GE(Count(text, c.tlp), 2) << c.tlp;
    const Raster r = Render(path, 1);
    ASSERT_GT(r.height, 0);
    const int band = r.height * 8 / 100;
    EXPECT_GE(LabelPixels(r, 0, band, c.colour), 3) << c.tlp;
    EXPECT_GE(LabelPixels(r, r.height - band, r.height, c.colour), 3) << c.tlp;
    for (const Rgb other : {kGreen, kAmber, kRed}) {
      if (Near(other, c.colour, 0)) continue;
      EXPECT_EQ(LabelPixels(r, 0, band, other), 0) << c.tlp;
    }
  }
}

// Every word's box, from pdftotext -bbox: {xMin, yMin, xMax, yMax}.
std::vector<std::array<double, 4>> WordBoxes(const std::string& path) {
  const std::string xhtml = PdfWordBoxes(path);
  static const std::regex word(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">)re");
  std::vector<std::array<double, 4>> boxes;
  for (auto it = std::sregex_iterator(xhtml.begin(), xhtml.end(), word);
       it != std::sregex_iterator(); ++it) {
    boxes.push_back({std::atof((*it)[1].str().c_str()), std::atof((*it)[2].str().c_str()),
                     std::atof((*it)[3].str().c_str()), std::atof((*it)[4].str().c_str())});
  }
  return boxes;
}

// Hostile input still gives a PDF, with everything inside the margins.
TEST_F(PackagePdfTest, HostileInputGivesAPdfWithNothingOffThePage) {
  const std::string bad = "caf\xC3 \xFF\xFE <b>not bold</b> &amp; \xE2\x82 \x01\x1B[31m\x7F end";
  const std::string word(5000, 'w');
  std::string huge;
  while (huge.size() < 100000) huge += "Another line of the long report, with no end in sight. ";
  struct Case {
    std::string name;
    PackagePdfInput in;
  };
  std::vector<Case> cases;
  {
    PackagePdfInput in = Package();
    in.reference = bad;
    in.agency = bad;
    in.conditions = bad;
    in.text = bad + "\n" + bad;
    in.identifiers = {{bad, bad}};
    in.attachments = {{bad, bad, 0, ""}};
    cases.push_back({"utf8", in});
  }
  {
    PackagePdfInput in = Package();
    in.reference = word;
    in.text = "Before " + word + " after";
    in.identifiers = {{"Container", word}, {word, "value"}};
    in.attachments = {{word, "image/jpeg", 1, ""}};
    in.conditions = word;
    cases.push_back({"word", in});
  }
  {
    PackagePdfInput in = Package();
    in.text = huge;
    cases.push_back({"huge", in});
  }
  {
    PackagePdfInput in = Package();
    const std::string jpeg = testing::JpegWithMetadata(160, 96, "t");
    in.attachments = {{"broken.jpg", "image/jpeg", 20, jpeg.substr(0, 20)},
                      {"not-a-jpeg.jpg", "image/jpeg", 9, "not a jpeg"}};
    // A frame that claims 65535 x 65535 pixels.
    std::string absurd = jpeg;
    const size_t sof = absurd.find("\xFF\xC0");
    ASSERT_NE(sof, std::string::npos);
    for (size_t i = sof + 5; i < sof + 9; ++i) absurd[i] = '\xFF';
    ASSERT_TRUE(core::ReadJpegFrame(absurd).has_value());
    in.attachments.push_back({"absurd.jpg", "image/jpeg", 100, absurd});
    cases.push_back({"jpeg", in});
  }
  {
    PackagePdfInput in = Package();
    in.identifiers.clear();
    for (int i = 0; i < 1000; ++i) {
      in.identifiers.push_back({"Container", "MSCU " + std::to_string(100000 + i) + " 6"});
    }
    cases.push_back({"identifiers", in});
  }
  for (const auto& c : cases) {
    auto pdf = PackagePdf(c.in);
    ASSERT_TRUE(pdf.ok()) << c.name << ": " << pdf.error().message();
    const std::string path = Write(*pdf, c.name + ".pdf");
    const int pages = PdfPageCount(path);
    EXPECT_GE(pages, 1) << c.name << ": pdfinfo does not accept it";
    const auto boxes = WordBoxes(path);
    EXPECT_FALSE(boxes.empty()) << c.name;
    for (const auto& b : boxes) {
      EXPECT_GE(b[0], 18 * kMm - 1) << c.name;
      EXPECT_LE(b[2], kPageWidth - 18 * kMm + 1) << c.name;
      EXPECT_GE(b[1], 0) << c.name;
      EXPECT_LE(b[3], kPageHeight - 10 * kMm) << c.name;
    }
    const std::string body = Body(path, pages);
    if (c.name == "utf8") {
      // Invalid bytes shown as U+FFFD, markup shown as it was written.
      EXPECT_NE(body.find(Squeezed("<b>not bold</b> &amp;")), std::string::npos) << body;
      EXPECT_NE(body.find("\xEF\xBF\xBD"), std::string::npos);
      EXPECT_EQ(body.find('\x1B'), std::string::npos);
    } else if (c.name == "word") {
      // Broken where it must be, with nothing added.
      EXPECT_NE(body.find("Before" + word + "after"), std::string::npos);
    } else if (c.name == "huge") {
      EXPECT_NE(body.find(Squeezed(huge)), std::string::npos);
      EXPECT_GE(pages, 20);
    } else if (c.name == "jpeg") {
      EXPECT_EQ(Count(body, "(nopreview)"), 3) << body;
      EXPECT_EQ(PdfJpegStreams(path).size(), 0u);
    } else if (c.name == "identifiers") {
      for (int i = 0; i < 1000; ++i) {
        EXPECT_NE(body.find("MSCU" + std::to_string(100000 + i) + "6"), std::string::npos) << i;
      }
      for (int p = 1; p <= pages; ++p) {
        EXPECT_NE(
            PdfPageText(path, p).find("page " + std::to_string(p) + " of " + std::to_string(pages)),
            std::string::npos);
      }
    }
  }
}

TEST_F(PackagePdfTest, RefusesWhatItCannotDraw) {
  for (const std::string tlp : {"", "TLP:PURPLE", "tlp:amber", "TLP:AMBER ", "TLP:WHITE"}) {
    PackagePdfInput in = Package();
    in.tlp = tlp;
    auto pdf = PackagePdf(in);
    ASSERT_FALSE(pdf.ok()) << tlp;
    EXPECT_EQ(pdf.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(pdf.error().field(), "tlp");
  }
  PackagePdfInput in = Package();
  in.attachments[1].size = -1;
  auto negative = PackagePdf(in);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().field(), "attachments");
  in = Package();
  in.produced_on = "6 December";
  auto day = PackagePdf(in);
  ASSERT_FALSE(day.ok());
  EXPECT_EQ(day.error().field(), "produced_on");
  in = Package();
  in.text = std::string(kPackagePdfTextMax + 1, 'x');
  EXPECT_FALSE(PackagePdf(in).ok());
}

// The same package gives the same bytes: no clock (the PDF's creation date
// is the day it was produced on) and no randomness.
TEST_F(PackagePdfTest, TheSamePackageGivesTheSameBytes) {
  auto a = PackagePdf(Package());
  auto b = PackagePdf(Package());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(*a == *b);
  EXPECT_NE(a->find("/CreationDate (20261206000000Z)"), std::string::npos);
}

}  // namespace
}  // namespace portsafe::media
