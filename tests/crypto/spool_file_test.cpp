#include "crypto/spool_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace portsafe::crypto {
namespace {

// What /proc says of this process's descriptors open on files in `dir`.
std::vector<std::string> OpenFilesIn(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir("/proc/self/fd");
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    std::string link = std::string("/proc/self/fd/") + e->d_name;
    char target[4096];
    const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n > 0 && std::string_view(target, static_cast<size_t>(n)).starts_with(dir + "/")) {
      out.push_back(link);
    }
  }
  closedir(d);
  return out;
}

// Plaintext that says where each of its bytes is, so a read from the wrong
// place cannot match.
std::string Marked(size_t n) {
  std::string s;
  s.reserve(n + 16);
  for (size_t i = 0; s.size() < n; ++i) s += "MARK" + std::to_string(i) + ";";
  s.resize(n);
  return s;
}

TEST(SpoolFileTest, ReadsBackAnyRangeOfWhatWasWrittenInPiecesOfAnySize) {
  testing::TempDir dir;
  for (size_t total :
       {size_t{0}, size_t{1}, kSpoolChunk - 1, kSpoolChunk, kSpoolChunk + 1, 3 * kSpoolChunk + 5}) {
    auto spool = SpoolFile::Create(dir.path());
    ASSERT_TRUE(spool.ok()) << spool.error().message();
    const std::string plain = Marked(total);
    // Pieces of odd sizes, as a socket delivers them.
    for (size_t at = 0, step = 1; at < total; at += step, step = step * 3 + 7) {
      ASSERT_TRUE((*spool)->Append(std::string_view(plain).substr(at, step)).ok());
    }
    ASSERT_TRUE((*spool)->Finish().ok());
    ASSERT_EQ((*spool)->size(), total);
    auto whole = (*spool)->Read(0, total);
    ASSERT_TRUE(whole.ok()) << whole.error().message();
    EXPECT_EQ(*whole, plain) << total;
    // Ranges that start and end on either side of every chunk boundary.
    for (size_t b = 0; b <= total; b += kSpoolChunk) {
      for (size_t from : {b > 3 ? b - 3 : 0, b, b + 2}) {
        for (size_t len : {size_t{0}, size_t{1}, size_t{7}, kSpoolChunk + 9}) {
          if (from > total || len > total - from) continue;
          auto part = (*spool)->Read(from, len);
          ASSERT_TRUE(part.ok());
          EXPECT_EQ(*part, plain.substr(from, len)) << total << " " << from << " " << len;
        }
      }
    }
    EXPECT_EQ((*spool)->Read(total, 1).error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ((*spool)->Read(total + 1, 0).error().code(), ErrorCode::kInvalidArgument);
  }
}

// Someone who can read the disk (or the process's descriptors) while a body
// is spooled finds no name in the directory and no byte of the plaintext.
TEST(SpoolFileTest, TheFileHasNoNameAndHoldsNoPlaintext) {
  testing::TempDir dir;
  auto spool = SpoolFile::Create(dir.path());
  ASSERT_TRUE(spool.ok());
  const std::string plain = Marked(2 * kSpoolChunk + 100);
  ASSERT_TRUE((*spool)->Append(plain).ok());
  ASSERT_TRUE((*spool)->Finish().ok());
  EXPECT_TRUE(testing::FilesBelow(dir.path()).empty());
  auto open = OpenFilesIn(dir.path());
  ASSERT_EQ(open.size(), 1u);
  const std::string on_disk = testing::ReadAll(open[0]);
  EXPECT_GE(on_disk.size(), plain.size());
  EXPECT_EQ(on_disk.find("MARK"), std::string::npos);
  EXPECT_EQ(on_disk.find("RK1;"), std::string::npos);
  // Gone with the object.
  spool->reset();
  EXPECT_TRUE(OpenFilesIn(dir.path()).empty());
}

// Two spools of the same bytes share nothing on disk (a key each).
TEST(SpoolFileTest, TheSameBytesTwiceAreUnalikeOnDisk) {
  testing::TempDir dir;
  auto a = SpoolFile::Create(dir.path());
  ASSERT_TRUE(a.ok());
  const std::string plain(1000, 'x');
  ASSERT_TRUE((*a)->Append(plain).ok());
  ASSERT_TRUE((*a)->Finish().ok());
  const std::string first = testing::ReadAll(OpenFilesIn(dir.path()).at(0));
  a->reset();
  auto b = SpoolFile::Create(dir.path());
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*b)->Append(plain).ok());
  ASSERT_TRUE((*b)->Finish().ok());
  const std::string second = testing::ReadAll(OpenFilesIn(dir.path()).at(0));
  ASSERT_EQ(first.size(), second.size());
  EXPECT_NE(first, second);
}

// A byte changed on disk is found, in the chunk that holds it only.
TEST(SpoolFileTest, AChangedChunkIsRefused) {
  testing::TempDir dir;
  auto spool = SpoolFile::Create(dir.path());
  ASSERT_TRUE(spool.ok());
  const std::string plain = Marked(3 * kSpoolChunk);
  ASSERT_TRUE((*spool)->Append(plain).ok());
  ASSERT_TRUE((*spool)->Finish().ok());
  const int fd = ::open(OpenFilesIn(dir.path()).at(0).c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  // A byte in the middle of the second chunk.
  const off_t at = static_cast<off_t>(kSpoolChunk + 16 + kSpoolChunk / 2);
  char c = 0;
  ASSERT_EQ(::pread(fd, &c, 1, at), 1);
  c = static_cast<char>(c ^ 1);
  ASSERT_EQ(::pwrite(fd, &c, 1, at), 1);
  ::close(fd);
  EXPECT_EQ((*spool)->Read(kSpoolChunk, 10).error().code(), ErrorCode::kInternal);
  EXPECT_EQ((*spool)->Read(0, 2 * kSpoolChunk).error().code(), ErrorCode::kInternal);
  auto first = (*spool)->Read(0, kSpoolChunk);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, plain.substr(0, kSpoolChunk));
  auto third = (*spool)->Read(2 * kSpoolChunk, kSpoolChunk);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(*third, plain.substr(2 * kSpoolChunk));
}

// The order of calls is kept at run time, not by assertions only: a chunk
// is sealed once, so nothing is taken after Finish, and nothing is read
// before it.
TEST(SpoolFileTest, NothingIsAddedAfterFinishAndNothingReadBefore) {
  testing::TempDir dir;
  auto spool = SpoolFile::Create(dir.path());
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE((*spool)->Append("first").ok());
  EXPECT_EQ((*spool)->Read(0, 5).error().code(), ErrorCode::kInternal);
  ASSERT_TRUE((*spool)->Finish().ok());
  EXPECT_EQ((*spool)->Append("more").error().code(), ErrorCode::kInternal);
  EXPECT_EQ((*spool)->Finish().error().code(), ErrorCode::kInternal);
  EXPECT_EQ((*spool)->size(), 5u);
  auto back = (*spool)->Read(0, 5);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "first");
}

TEST(SpoolFileTest, ADirectoryThatCannotHoldFilesIsUnavailable) {
  auto spool = SpoolFile::Create("/nonexistent/portsafe-spool");
  ASSERT_FALSE(spool.ok());
  EXPECT_EQ(spool.error().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portsafe::crypto
