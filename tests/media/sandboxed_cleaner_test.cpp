#include "media/sandboxed_cleaner.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "support/exiftool.h"
#include "support/images.h"
#include "support/temp_dir.h"

namespace portsafe::media {
namespace {

using core::FileKind;

std::string Marked(const std::string& name) {
  return testing::ReadAll(std::string(PORTSAFE_TESTDATA) + "/media/" + name);
}

// The real cleaner, as `portsafe serve` runs it. Its time limit is measured
// on the system's monotonic clock: a real process runs here.
class SandboxedCleanerTest : public ::testing::Test {
 protected:
  SandboxedFileCleaner Cleaner(CleanerOptions o = {}) {
    if (o.helper.empty()) o.helper = PORTSAFE_MEDIA_HELPER;
    return SandboxedFileCleaner(std::move(o), SystemClock::Get());
  }
  // A stand-in for the cleaner that misbehaves as a broken decoder would.
  std::string Script(const std::string& name, const std::string& body) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0700);
    return path;
  }
  testing::TempDir dir_;
};

struct Case {
  const char* file;
  FileKind kind;
  const char* type;
};

// Every kind the service takes, each carrying GPS, camera, artist, author,
// title, description, comment and a capture time (make_marked.sh): the
// cleaned file carries none of it, as Debian's exiftool reads it, and not
// one byte of the markers.
TEST_F(SandboxedCleanerTest, EveryKindComesOutWithNothingButItsPicture) {
  auto cleaner = Cleaner();
  for (const Case& c : {Case{"marked.jpg", FileKind::kJpeg, "image/jpeg"},
                        Case{"marked.png", FileKind::kPng, "image/png"},
                        Case{"marked.heic", FileKind::kHeif, "image/jpeg"},
                        Case{"marked.webp", FileKind::kWebp, "image/jpeg"},
                        Case{"marked.gif", FileKind::kGif, "image/png"},
                        Case{"marked.tif", FileKind::kTiff, "image/jpeg"},
                        Case{"marked.pdf", FileKind::kPdf, "image/jpeg"}}) {
    SCOPED_TRACE(c.file);
    const std::string in = Marked(c.file);
    const std::string before = testing::ExiftoolTags(in, dir_.path());
    ASSERT_NE(testing::IdentifyingTags(before), "") << "the fixture lost its markers:\n" << before;
    auto out = cleaner.Clean(in, c.kind);
    ASSERT_TRUE(out.ok()) << out.error().message();
    EXPECT_EQ(out->content_type, c.type);
    EXPECT_EQ(out->data.find("PSMARK"), std::string::npos);
    EXPECT_EQ(out->data.find("Felixstowe"), std::string::npos);
    const std::string after = testing::ExiftoolTags(out->data, dir_.path());
    ASSERT_NE(after, "") << "exiftool did not run";
    EXPECT_EQ(testing::IdentifyingTags(after), "") << after;
    EXPECT_EQ(after.find("[IFD0]"), std::string::npos) << after;  // no EXIF at all
    EXPECT_EQ(after.find("[XMP"), std::string::npos) << after;
    EXPECT_EQ(after.find("[ICC"), std::string::npos) << after;
  }
}

TEST_F(SandboxedCleanerTest, APhotoIsTurnedUprightAndItsTurnIsDropped) {
  // marked.jpg is 64x48 and says "turn 90 degrees" (orientation 6).
  auto out = Cleaner().Clean(Marked("marked.jpg"), FileKind::kJpeg);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(testing::JpegSize(out->data), std::make_pair(48, 64));
  // Left half black, right half white, turned to the right (6): the top
  // becomes black and the bottom white.
  auto turned = Cleaner().Clean(testing::JpegWithOrientation(40, 20, 6, true), FileKind::kJpeg);
  ASSERT_TRUE(turned.ok());
  EXPECT_EQ(testing::JpegSize(turned->data), std::make_pair(20, 40));
  EXPECT_LT(testing::JpegPixel(turned->data, 10, 5), 60);
  EXPECT_GT(testing::JpegPixel(turned->data, 10, 34), 200);
  EXPECT_EQ(testing::ExiftoolTags(turned->data, dir_.path()).find("Orientation"),
            std::string::npos);
}

TEST_F(SandboxedCleanerTest, BrokenFilesAndBombsFailAlone) {
  auto cleaner = Cleaner();
  const std::string jpeg = Marked("marked.jpg");
  // Only the signature, a truncated picture, and noise after a PNG header.
  EXPECT_EQ(cleaner.Clean(jpeg.substr(0, 30), FileKind::kJpeg).error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(cleaner.Clean(std::string("\x89PNG\r\n\x1A\n") + std::string(200, 'x'), FileKind::kPng)
                .error()
                .code(),
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(cleaner.Clean("%PDF-1.4 no pages at all", FileKind::kPdf).ok());
  // A picture that claims to be another kind is read by that kind's
  // decoder only, and fails.
  EXPECT_FALSE(cleaner.Clean(jpeg, FileKind::kPng).ok());
  // A decompression bomb: 20000 x 20000 pixels (400 MB decoded) in 390 KB.
  // Refused from its header, before any pixel is decoded.
  auto bomb = cleaner.Clean(Marked("bomb.png"), FileKind::kPng);
  ASSERT_FALSE(bomb.ok());
  EXPECT_NE(bomb.error().message().find("too_large"), std::string::npos);
  // The cleaner still works after all of that.
  EXPECT_TRUE(cleaner.Clean(jpeg, FileKind::kJpeg).ok());
}

// HEIC has no scans to repeat; its bomb is a small file that claims a huge
// picture. The claim is read from the header ('ispe') and refused before
// any pixel is decoded; a claim under the limit decodes no more than the
// file holds, within the per-file CPU limit.
TEST_F(SandboxedCleanerTest, AHeicThatClaimsAHugePictureIsRefusedFromItsHeader) {
  auto cleaner = Cleaner();
  auto claim = [](std::uint32_t w, std::uint32_t h) {
    std::string data = Marked("marked.heic");
    size_t found = 0;
    for (size_t at = data.find("ispe"); at != std::string::npos; at = data.find("ispe", at + 4)) {
      for (int i = 0; i < 4; ++i) {
        data[at + 8 + i] = static_cast<char>(w >> (24 - 8 * i));
        data[at + 12 + i] = static_cast<char>(h >> (24 - 8 * i));
      }
      ++found;
    }
    EXPECT_GT(found, 0u);
    return data;
  };
  auto bomb = cleaner.Clean(claim(8000, 8000), FileKind::kHeif);  // 64 megapixels
  ASSERT_FALSE(bomb.ok());
  EXPECT_NE(bomb.error().message().find("too_large"), std::string::npos) << bomb.error().message();
  // Beyond what libheif itself takes (its own limits refuse it first).
  EXPECT_FALSE(cleaner.Clean(claim(40000, 40000), FileKind::kHeif).ok());
  // 40 megapixels claimed, a few kilobytes held: it fails or comes out
  // cleaned, and either way the cleaner goes on.
  CleanerOptions tight;
  tight.cpu_seconds = 2;
  auto big = Cleaner(tight).Clean(claim(6500, 6150), FileKind::kHeif);
  if (big.ok()) EXPECT_EQ(big->content_type, "image/jpeg");
  EXPECT_TRUE(cleaner.Clean(Marked("marked.heic"), FileKind::kHeif).ok());
}

TEST_F(SandboxedCleanerTest, ACrashingOrHangingDecoderCostsOnlyThatFile) {
  CleanerOptions crash;
  crash.helper = Script("crash", "kill -SEGV $$");
  auto r = Cleaner(crash).Clean("\xFF\xD8\xFF", FileKind::kJpeg);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);

  // Never answers, never reads: killed at its time limit (1 s, and 2 s
  // more for the cleaner's own alarm to have gone off).
  CleanerOptions hang;
  hang.helper = Script("hang", "exec sleep 600");
  hang.wall_seconds = 1;
  auto h = Cleaner(hang).Clean(std::string(4 * 1024 * 1024, 'x'), FileKind::kJpeg);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code(), ErrorCode::kInvalidArgument);

  // Answers garbage, or a picture of another type than it says.
  CleanerOptions liar;
  liar.helper = Script("liar", "cat >/dev/null; printf 'PSM1 ok image/png 5\\n<svg>'");
  EXPECT_FALSE(Cleaner(liar).Clean("\xFF\xD8\xFF", FileKind::kJpeg).ok());

  // No cleaner at all: the service cannot take files, and says so.
  CleanerOptions missing;
  missing.helper = dir_.path() + "/no-such-cleaner";
  auto m = Cleaner(missing).Clean("\xFF\xD8\xFF", FileKind::kJpeg);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code(), ErrorCode::kUnavailable);
}

// The memory limit (the cleaner is never built with a sanitizer, so it
// holds in every build).
TEST_F(SandboxedCleanerTest, AFileThatNeedsMoreMemoryThanTheLimitFailsAlone) {
  CleanerOptions small;
  small.memory_bytes = 48ull * 1024 * 1024;
  // 4000 x 4000 pixels decode to 48 MB of RGB, and more while re-encoding.
  const std::string big = testing::PngWithMetadata(4000, 4000, "PSMARK");
  auto r = Cleaner(small).Clean(big, FileKind::kPng);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Cleaner().Clean(big, FileKind::kPng).ok());  // the default limit takes it
}

// The cleaner's sandbox, tried from inside: a secret file this process can
// read, the network, and this process (signals and limits).
TEST_F(SandboxedCleanerTest, TheSandboxCannotOpenFilesTheNetworkOrOtherProcesses) {
  const std::string secret = dir_.path() + "/instance.key";
  std::ofstream(secret) << "secret key material";
  chmod(secret.c_str(), 0600);
  ASSERT_EQ(testing::ReadAll(secret), "secret key material");  // readable outside
  // This test's own process stands for the server: same user, and the
  // cleaner must neither signal it nor touch its limits.
  const std::string pid = std::to_string(getpid());
  FILE* p = popen(
      (std::string(PORTSAFE_MEDIA_HELPER) + " check-sandbox '" + secret + "' " + pid + " 2>&1")
          .c_str(),
      "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  EXPECT_EQ(WEXITSTATUS(status), 0) << out;
  EXPECT_EQ(out.find("OPENED"), std::string::npos) << out;
  EXPECT_NE(out.find("instance.key: Permission denied"), std::string::npos) << out;
  EXPECT_NE(out.find("socket: Operation not permitted"), std::string::npos) << out;
  EXPECT_NE(out.find("signal " + pid + ": Operation not permitted"), std::string::npos) << out;
  EXPECT_NE(out.find("limits of " + pid + ": Operation not permitted"), std::string::npos) << out;
}

}  // namespace
}  // namespace portsafe::media
