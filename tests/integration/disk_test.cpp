// A full disk and a read-only database: submissions get a clear 503 (never
// a 500, never a crash), nothing is half-written, and the service takes
// reports again once space returns or the database is writable again. The
// full disk is a small tmpfs of the test's own (mounting needs root, as
// `.ci/run` has). The kernel refuses to remount a file system read-only while
// a file on it is open for writing, so a running SQLite's files are made
// read-only by marking them immutable on an ext4 file system of the test's
// own (a loop-mounted image; ext4 refuses writes through descriptors opened
// before, as a file system that turned read-only does); the PostgreSQL
// database is set read-only by its own means.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "crypto/sodium.h"
#include "integration/helpers.h"
#include "store/pg_conn.h"
#include "store/sqlite_conn.h"
#include "support/images.h"
#include "support/test_databases.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

// A tmpfs of `megabytes` at `path`, unmounted at destruction.
class SmallDisk {
 public:
  SmallDisk(const std::string& path, int megabytes) : path_(path) {
    std::filesystem::create_directories(path);
    const std::string opts = "size=" + std::to_string(megabytes) + "m,mode=0700";
    ok_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, opts.c_str()) == 0;
    if (!ok_) error_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (ok_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  bool Remount(bool read_only) {
    return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | (read_only ? MS_RDONLY : 0),
                   nullptr) == 0;
  }
  // Writes a filler file until the disk is full.
  // Fills what is free (again, after space was freed: appends).
  void Fill() {
    std::ofstream f(path_ + "/filler", std::ios::binary | std::ios::app);
    const std::string block(64 * 1024, '\0');
    while (f.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  void Free() { std::filesystem::remove(path_ + "/filler"); }

 private:
  std::string path_, error_;
  bool ok_ = false;
};

// An ext4 file system of `megabytes` in an image file, loop-mounted at
// `path` (mkfs.ext4 from e2fsprogs and mount(8), both in Debian's base
// system); unmounted, and its loop device freed, at destruction.
class Ext4Disk {
 public:
  Ext4Disk(const std::string& image, const std::string& path, int megabytes) : path_(path) {
    std::filesystem::create_directories(path);
    std::filesystem::resize_file((std::ofstream(image, std::ios::binary), image),
                                 static_cast<std::uintmax_t>(megabytes) * 1024 * 1024);
    mounted_ = std::system(("mkfs.ext4 -q -F " + image + " >/dev/null 2>&1").c_str()) == 0 &&
               std::system(("mount -o loop " + image + " " + path + " 2>/dev/null").c_str()) == 0;
    // mount(8) falls back to read-only when the loop device is: refuse that.
    ok_ = mounted_ && std::ofstream(path + "/probe").good();
  }
  ~Ext4Disk() {
    if (mounted_) (void)std::system(("umount " + path_ + " 2>/dev/null").c_str());
  }
  bool ok() const { return ok_; }

 private:
  std::string path_;
  bool mounted_ = false, ok_ = false;
};

// Sets or clears FS_IMMUTABLE_FL on `path`; false with errno when it cannot.
bool SetImmutable(const std::string& path, bool on) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  int flags = 0;
  bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok) {
    flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  }
  ::close(fd);
  return ok;
}

HttpResult File(std::uint16_t port, const std::string& marker) {
  return PostJson(port, "/api/v1/reports",
                  R"({"port":"GBFXT","category":"drugs","description":")" + marker + R"("})");
}

std::int64_t StoredReports(const std::string& data_dir) {
  auto c = store::SqliteConn::Open(data_dir + "/portsafe.db", true);
  if (!c.ok()) return -1;
  auto s = (*c)->Prepare("SELECT COUNT(*) FROM reports");
  if (!s.ok()) return -1;
  store::Stmt st(*s);
  return st.Step() == store::kRow ? st.Int(0) : -1;
}

class DiskTest : public ::testing::Test {
 protected:
  TempDir dir_;
  SmallDisk disk_{dir_.path() + "/disk", 8};
};

TEST_F(DiskTest, AFullDiskAnswers503WritesNothingHalfAndRecovers) {
  ASSERT_TRUE(disk_.ok()) << "cannot mount a tmpfs: " << disk_.error();
  ServerProcess s(dir_.path() + "/disk");
  ASSERT_TRUE(s.ok());
  std::vector<std::pair<std::string, std::string>> acked;  // receipt, marker
  auto file = [&](int n) {
    const std::string marker = Unique("FULL" + std::to_string(n));
    HttpResult r = File(s.port(), marker);
    if (r.status == 201) {
      acked.emplace_back(std::string(json::parse(r.body).at("receipt").as_string()), marker);
    }
    return r;
  };
  ASSERT_EQ(file(0).status, 201);
  disk_.Fill();
  // SQLite reuses free pages of its files first; once it must grow them, the
  // disk refuses: every answer until then is 201, and then 503.
  HttpResult refused;
  for (int n = 1; n < 5000 && refused.status == 0; ++n) {
    HttpResult r = file(n);
    if (r.status != 201) refused = r;
  }
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find("try again"), std::string::npos) << refused.body;
  // A report with a file, refused whole.
  MultipartBuilder mb;
  mb.Field("port", "GBFXT").Field("category", "drugs").Field("description", Unique("WITHFILE"));
  mb.File("file", "photo.png", "image/png", NoisePng(400, 300, 7));  // 360 KB after cleaning
  HttpResult with_file =
      Send(s.port(), {"POST", "/report", {{"Content-Type", mb.ContentType()}}, mb.Finish(), ""});
  EXPECT_EQ(with_file.status, 503) << with_file.body;
  // Still full for more than the space that refused write had claimed (a
  // small write may now fit in it, and the writer empties its write-ahead
  // log while idle, docs/security.md "Times at rest"): a larger file.
  disk_.Fill();
  MultipartBuilder larger;
  larger.Field("port", "GBFXT").Field("category", "drugs").Field("description", "still full");
  larger.File("file", "photo.png", "image/png", NoisePng(600, 400, 8));
  EXPECT_EQ(Send(s.port(),
                 {"POST", "/report", {{"Content-Type", larger.ContentType()}}, larger.Finish(), ""})
                .status,
            503);

  disk_.Free();
  HttpResult again;
  for (int n = 0; n < 50 && again.status != 201; ++n) again = file(100000 + n);
  EXPECT_EQ(again.status, 201) << again.body;
  for (const auto& [receipt, marker] : acked) {
    HttpResult self = GetSelf(s.port(), receipt);
    ASSERT_EQ(self.status, 200);
    EXPECT_NE(self.body.find(marker), std::string::npos);
  }
  ASSERT_EQ(s.Stop(), 0);
  EXPECT_EQ(StoredReports(s.data_dir()), static_cast<std::int64_t>(acked.size()));
}

// SQLite's files turning read-only under a running server, and writable again.
TEST(ReadOnlyDatabaseTest, ReadOnlySqliteFilesAnswer503AndTheServerRecoversWhenWritable) {
  TempDir dir;
  Ext4Disk disk(dir.path() + "/disk.img", dir.path() + "/disk", 16);
  ASSERT_TRUE(disk.ok()) << "cannot make and loop-mount a writable ext4 image (needs root)";
  ServerProcess s(dir.path() + "/disk");
  ASSERT_TRUE(s.ok());
  HttpResult first = File(s.port(), "before");
  ASSERT_EQ(first.status, 201);
  const std::string db = s.data_dir() + "/portsafe.db";
  for (const std::string& f : {db, db + "-wal"}) {
    ASSERT_TRUE(SetImmutable(f, true)) << f << ": " << std::strerror(errno);
  }
  for (int n = 0; n < 5; ++n) {
    HttpResult refused = File(s.port(), "read only");
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_NE(refused.body.find("try again"), std::string::npos) << refused.body;
  }
  const std::string receipt(json::parse(first.body).at("receipt").as_string());
  EXPECT_EQ(GetSelf(s.port(), receipt).status, 200);  // reading still works

  for (const std::string& f : {db, db + "-wal"}) ASSERT_TRUE(SetImmutable(f, false)) << f;
  HttpResult again;
  for (int n = 0; n < 5 && again.status != 201; ++n) again = File(s.port(), "writable again");
  EXPECT_EQ(again.status, 201) << again.body;
  ASSERT_EQ(s.Stop(), 0);
  EXPECT_EQ(StoredReports(s.data_dir()), 2);  // before, and writable again
}

// A database that turns read-only under a running server (PostgreSQL: a
// primary demoted, or set read-only by its operator; the server's sessions
// are cut and come back read-only), and writable again.
TEST(ReadOnlyDatabaseTest, SubmissionsGet503AndTheServerRecoversWhenWritable) {
  auto base = TestPostgresUrl();
  ASSERT_TRUE(base.ok()) << base.error().message();
  auto admin = store::PgConn::Open(*base);
  ASSERT_TRUE(admin.ok());
  const std::string db = "ro_" + crypto::ToHex(crypto::RandomBytes(6));
  ASSERT_TRUE((*admin)->Exec(("CREATE DATABASE " + db).c_str()).ok());
  std::string url = *base;
  url.replace(url.find("/postgres?"), 10, "/" + db + "?");
  // Cuts every session of the database: the server reconnects to it.
  auto cut = [&] {
    const std::string sql =
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'";
    EXPECT_TRUE((*admin)->Exec(sql.c_str()).ok());
  };
  {
    TempDir dir;
    std::string out;
    ASSERT_EQ(RunPortsafe({"init", "--data", dir.path() + "/data", "--recovery-key-out",
                           dir.path() + "/recovery.key", "--database", url},
                          &out),
              0)
        << out;
    ServerProcess s(dir.path(), {}, false);
    ASSERT_TRUE(s.ok());
    HttpResult first = File(s.port(), "before");
    ASSERT_EQ(first.status, 201);

    ASSERT_TRUE(
        (*admin)
            ->Exec(("ALTER DATABASE " + db + " SET default_transaction_read_only = on").c_str())
            .ok());
    cut();
    for (int n = 0; n < 5; ++n) {  // the first may meet the cut connection: 503 as well
      HttpResult refused = File(s.port(), "read only");
      EXPECT_EQ(refused.status, 503) << refused.body;
    }
    const std::string receipt(json::parse(first.body).at("receipt").as_string());
    HttpResult read = GetSelf(s.port(), receipt);
    for (int n = 0; n < 3 && read.status != 200; ++n) read = GetSelf(s.port(), receipt);
    EXPECT_EQ(read.status, 200);  // reading still works

    ASSERT_TRUE(
        (*admin)
            ->Exec(("ALTER DATABASE " + db + " RESET default_transaction_read_only").c_str())
            .ok());
    cut();
    HttpResult again;
    for (int n = 0; n < 5 && again.status != 201; ++n) {
      again = File(s.port(), "writable again");
      EXPECT_TRUE(again.status == 201 || again.status == 503) << again.status;
    }
    EXPECT_EQ(again.status, 201) << again.body;
    auto stored = store::PgConn::Open(url);
    ASSERT_TRUE(stored.ok());
    auto q = (*stored)->Prepare("SELECT COUNT(*) FROM reports");
    ASSERT_TRUE(q.ok());
    store::Stmt st(*q);
    ASSERT_EQ(st.Step(), store::kRow);
    EXPECT_EQ(st.Int(0), 2);  // before, and writable again: nothing from the refusals
  }
  (void)(*admin)->Exec(("DROP DATABASE " + db + " WITH (FORCE)").c_str());
}

}  // namespace
}  // namespace portsafe::testing
