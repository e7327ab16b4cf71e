#include "media/print_materials.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/fs.h"
#include "support/qr_decode.h"
#include "support/temp_dir.h"

namespace portsafe::media {
namespace {

using portsafe::testing::DecodeQrCodes;
using portsafe::testing::PdfPageCount;
using portsafe::testing::PdfPageText;
using portsafe::testing::RenderPdfPage;
using portsafe::testing::TempDir;

constexpr const char* kLink = "https://portsafe.example/r/GBFXT-TRINITY";

PosterText Text() {
  PosterText t;
  t.lang = "uk";
  t.headline = "Повідомте про злочин у порту анонімно";
  t.intro = {std::string(600, 'a') + " long words wrap", "Second paragraph"};
  t.look_for_title = "Approaches";
  t.look_for = {"Being asked to lend a pass", "Questions about rosters"};
  t.signs_title = "Signs";
  t.signs = {"Holes in fences"};
  t.scan = "Scan the code to report";
  t.or_visit = "or type this address:";
  t.link = kLink;
  t.facility = "Trinity Terminal, Felixstowe (GBFXT)";
  t.approached = "Has someone asked you to help them? Tell us here:";
  t.approached_link = "https://portsafe.example/approached/GBFXT-TRINITY";
  t.promise = "PortSafe does not record your IP address.";
  t.emergency = "In an emergency call 999.";
  return t;
}

// Text with its line breaks joined: a break after "/" or "-" joins with
// nothing, any other with a space.
std::string Unbroken(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != '\n') {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '/' && out.back() != '-' && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  return out;
}

class PrintMaterialsTest : public ::testing::Test {
 protected:
  // Writes `pdf`, renders `page` and returns the QR codes found on it.
  std::vector<std::string> QrOnPage(const std::string& pdf, const std::string& name, int page) {
    const std::string path = dir_.path() + "/" + name;
    EXPECT_TRUE(fs::WriteNewFile(path, pdf, 0600).ok());
    const std::string png = RenderPdfPage(path, page, 100);
    EXPECT_FALSE(png.empty()) << "pdftoppm could not render " << name;
    return DecodeQrCodes(png);
  }
  int Pages(const std::string& name) { return PdfPageCount(dir_.path() + "/" + name); }

  TempDir dir_;
  QrMatrix qr_ = *EncodeQr(kLink);
};

TEST_F(PrintMaterialsTest, PostersCarryTheLinkAsAReadableQrCode) {
  for (Paper paper : {Paper::kA4, Paper::kA3}) {
    auto pdf = RenderPoster(Text(), qr_, paper);
    ASSERT_TRUE(pdf.ok());
    EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
    const std::string name = paper == Paper::kA4 ? "a4.pdf" : "a3.pdf";
    EXPECT_EQ(QrOnPage(*pdf, name, 1), std::vector<std::string>{kLink}) << name;
    EXPECT_EQ(Pages(name), 1);
    // The way to say "I was approached", in words a person can type (the
    // lines wrap where they must: read without the breaks).
    const std::string words = Unbroken(PdfPageText(dir_.path() + "/" + name, 1));
    EXPECT_NE(words.find("asked you to help them"), std::string::npos) << words;
    EXPECT_NE(words.find("portsafe.example/approached/GBFXT-TRINITY"), std::string::npos) << words;
  }
}

TEST_F(PrintMaterialsTest, TheLeafletHasTheCodeOnTheFrontAndTheSignsOverleaf) {
  auto pdf = RenderLeaflet(Text(), qr_);
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(QrOnPage(*pdf, "a5.pdf", 1), std::vector<std::string>{kLink});
  EXPECT_EQ(Pages("a5.pdf"), 2);
  const std::string front = Unbroken(PdfPageText(dir_.path() + "/a5.pdf", 1));
  EXPECT_NE(front.find("portsafe.example/approached/GBFXT-TRINITY"), std::string::npos) << front;
  // The back carries a smaller code too, so either side reports.
  EXPECT_EQ(QrOnPage(*pdf, "a5-again.pdf", 2), std::vector<std::string>{kLink});
}

// However much the back has to say, it stays one page: the text is set
// smaller, and the code at its foot stays readable.
TEST_F(PrintMaterialsTest, ALongBackIsSetSmallerAndKeepsItsCode) {
  PosterText t = Text();
  t.safety_title = "Before you report";
  for (int i = 0; i < 12; ++i) {
    t.look_for_more.push_back("Another approach to staff, described at some length " +
                              std::to_string(i));
    t.safety.push_back("Another piece of advice " + std::to_string(i));
  }
  auto pdf = RenderLeaflet(t, qr_);
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(QrOnPage(*pdf, "long.pdf", 2), std::vector<std::string>{kLink});
  EXPECT_EQ(Pages("long.pdf"), 2);
}

TEST_F(PrintMaterialsTest, TheBriefingRunsOnOverAsManyPagesAsItNeeds) {
  BriefingText b;
  b.title = "Briefing";
  b.subtitle = "Trinity Terminal";
  for (int i = 0; i < 12; ++i) {
    b.sections.push_back({"Section " + std::to_string(i),
                          {std::string(400, 'p'), "Another paragraph."},
                          {"one", "two", "three"}});
  }
  auto pdf = RenderBriefing(b, qr_);
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(QrOnPage(*pdf, "brief.pdf", 1), std::vector<std::string>{kLink});
  EXPECT_GE(Pages("brief.pdf"), 2);
}

// The learning link's code is a second one, readable beside the first on
// the poster, and at the end of the briefing pack.
TEST_F(PrintMaterialsTest, PostersAndTheBriefingCarryTheLearningLinkAsASecondCode) {
  const std::string learn = "https://portsafe.example/learn/GBFXT-TRINITY?lang=uk";
  const QrMatrix learn_qr = *EncodeQr(learn);
  PosterText t = Text();
  t.learn = "Learn the signs: short lessons";
  t.learn_link = "https://portsafe.example/learn/GBFXT-TRINITY";
  for (Paper paper : {Paper::kA4, Paper::kA3}) {
    auto pdf = RenderPoster(t, qr_, paper, &learn_qr);
    ASSERT_TRUE(pdf.ok());
    const std::string name = paper == Paper::kA4 ? "learn-a4.pdf" : "learn-a3.pdf";
    auto codes = QrOnPage(*pdf, name, 1);
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(codes, (std::vector<std::string>{learn, kLink})) << name;
    EXPECT_EQ(Pages(name), 1);
    const std::string words = Unbroken(PdfPageText(dir_.path() + "/" + name, 1));
    // (Hyphenated where it wraps: pdftotext joins the halves.)
    EXPECT_NE(words.find("portsafe.example/learn/GBFXT"), std::string::npos) << words;
  }
  BriefingText b;
  b.title = "Briefing";
  b.subtitle = "Trinity Terminal";
  for (int i = 0; i < 5; ++i) {
    b.sections.push_back({"Section " + std::to_string(i), {std::string(300, 'p')}, {"one"}});
  }
  b.learn = {"Lessons for your staff", {"Scan the code."}, {}};
  auto pdf = RenderBriefing(b, qr_, &learn_qr);
  ASSERT_TRUE(pdf.ok());
  const int pages = [&] {
    EXPECT_TRUE(fs::WriteNewFile(dir_.path() + "/count.pdf", *pdf, 0600).ok());
    return Pages("count.pdf");
  }();
  EXPECT_EQ(QrOnPage(*pdf, "learn-brief.pdf", pages), std::vector<std::string>{learn});
  EXPECT_NE(PdfPageText(dir_.path() + "/learn-brief.pdf", pages).find("Lessons for your staff"),
            std::string::npos);
}

}  // namespace
}  // namespace portsafe::media
