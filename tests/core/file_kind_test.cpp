#include "core/file_kind.h"

#include <gtest/gtest.h>

#include <string>

#include "support/temp_dir.h"

namespace portsafe::core {
namespace {

std::string Bytes(std::string_view s) { return std::string(s); }

std::string Testdata(const std::string& name) {
  return testing::ReadAll(std::string(PORTSAFE_TESTDATA) + "/media/" + name);
}

TEST(FileKindTest, EveryCleanableKindIsReadFromItsOwnBytes) {
  EXPECT_EQ(SniffFileKind(Testdata("marked.jpg")), FileKind::kJpeg);
  EXPECT_EQ(SniffFileKind(Testdata("marked.png")), FileKind::kPng);
  EXPECT_EQ(SniffFileKind(Testdata("marked.gif")), FileKind::kGif);
  EXPECT_EQ(SniffFileKind(Testdata("marked.webp")), FileKind::kWebp);
  EXPECT_EQ(SniffFileKind(Testdata("marked.tif")), FileKind::kTiff);
  EXPECT_EQ(SniffFileKind(Testdata("marked.heic")), FileKind::kHeif);
  EXPECT_EQ(SniffFileKind(Testdata("marked.pdf")), FileKind::kPdf);
  for (auto k : {FileKind::kJpeg, FileKind::kPng, FileKind::kGif, FileKind::kWebp, FileKind::kTiff,
                 FileKind::kHeif, FileKind::kPdf}) {
    EXPECT_TRUE(IsCleanable(k)) << FileKindName(k);
    EXPECT_EQ(RefusalKey(k), "") << FileKindName(k);
  }
}

TEST(FileKindTest, VideosSoundDocumentsAndTheUnknownAreRefusedWithTheirReason) {
  // A phone's video: an ISO base media file whose brand is not an image's.
  const std::string mp4 =
      Bytes(std::string_view("\0\0\0\x18"
                             "ftypmp42\0\0\0\0isommp42",
                             24));
  const std::string mov =
      Bytes(std::string_view("\0\0\0\x14"
                             "ftypqt  \0\0\0\0qt  ",
                             20));
  const std::string heic =
      Bytes(std::string_view("\0\0\0\x18"
                             "ftypheic\0\0\0\0mif1heic",
                             24));
  const std::string avif =
      Bytes(std::string_view("\0\0\0\x1c"
                             "ftypavif\0\0\0\0avifmif1",
                             24));
  EXPECT_EQ(SniffFileKind(mp4), FileKind::kVideo);
  EXPECT_EQ(SniffFileKind(mov), FileKind::kVideo);
  EXPECT_EQ(SniffFileKind(heic), FileKind::kHeif);
  EXPECT_EQ(SniffFileKind(avif), FileKind::kHeif);
  EXPECT_EQ(SniffFileKind("\x1A\x45\xDF\xA3\x01\x00"), FileKind::kVideo);  // WebM
  EXPECT_EQ(SniffFileKind(Bytes(std::string_view("RIFF\0\0\0\0AVI LIST", 16))), FileKind::kVideo);
  EXPECT_EQ(SniffFileKind(Bytes(std::string_view("RIFF\0\0\0\0WAVEfmt ", 16))), FileKind::kAudio);
  EXPECT_EQ(SniffFileKind(Bytes(std::string_view("\0\0\0\x18"
                                                 "ftypM4A \0\0\0\0",
                                                 16))),
            FileKind::kAudio);
  EXPECT_EQ(SniffFileKind("ID3\x04\x00"), FileKind::kAudio);
  EXPECT_EQ(SniffFileKind("#!AMR\n"), FileKind::kAudio);
  // Word, Excel and LibreOffice files are ZIP files that name their parts.
  EXPECT_EQ(SniffFileKind(Bytes(std::string_view("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\0\0\0\0"
                                                 "\0\0\0\0\0\0\0\0\x13\0\0\0[Content_Types].xml",
                                                 49))),
            FileKind::kDocument);
  EXPECT_EQ(SniffFileKind(Bytes(std::string_view("PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                                                 "\0\0\0\0\0\0\x08\0\0\0mimetype",
                                                 38))),
            FileKind::kDocument);
  EXPECT_EQ(SniffFileKind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old Word"), FileKind::kDocument);
  EXPECT_EQ(SniffFileKind("{\\rtf1\\ansi"), FileKind::kDocument);
  EXPECT_EQ(SniffFileKind(Bytes(std::string_view("PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                                                 "\0\0\0\0\0\0\x05\0\0\0a.txt",
                                                 35))),
            FileKind::kArchive);
  EXPECT_EQ(SniffFileKind("\x1F\x8B\x08\x00"), FileKind::kArchive);
  EXPECT_EQ(SniffFileKind("plain text notes"), FileKind::kUnknown);
  EXPECT_EQ(SniffFileKind(""), FileKind::kUnknown);
  // The declared type and the name play no part: an HTML page called
  // photo.jpg is still unknown.
  EXPECT_EQ(SniffFileKind("<html><script>alert(1)</script>"), FileKind::kUnknown);

  EXPECT_EQ(RefusalKey(FileKind::kVideo), "error.file_refused_video");
  EXPECT_EQ(RefusalKey(FileKind::kAudio), "error.file_refused_audio");
  EXPECT_EQ(RefusalKey(FileKind::kDocument), "error.file_refused_document");
  EXPECT_EQ(RefusalKey(FileKind::kArchive), "error.file_refused_other");
  EXPECT_EQ(RefusalKey(FileKind::kUnknown), "error.file_refused_other");
  for (auto k : {FileKind::kVideo, FileKind::kAudio, FileKind::kDocument, FileKind::kArchive,
                 FileKind::kUnknown}) {
    EXPECT_FALSE(IsCleanable(k)) << FileKindName(k);
  }
}

TEST(FileKindTest, ShortAndTruncatedSignaturesAreNotMistaken) {
  EXPECT_EQ(SniffFileKind("\xFF\xD8"), FileKind::kUnknown);
  EXPECT_EQ(SniffFileKind("\x89PNG"), FileKind::kUnknown);
  EXPECT_EQ(SniffFileKind("RIFF"), FileKind::kUnknown);
  EXPECT_EQ(SniffFileKind(Bytes(std::string_view("\0\0\0\x18"
                                                 "ftyp",
                                                 8))),
            FileKind::kUnknown);
  EXPECT_EQ(SniffFileKind("GIF8"), FileKind::kUnknown);
}

}  // namespace
}  // namespace portsafe::core
