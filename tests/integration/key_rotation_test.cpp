// The operator replaces the service key pair (`portsafe keys rotate`): a
// report filed before and one filed after both open for a handler who still
// holds the key, and a copy of the old key kept by a handler who left opens
// neither the new key nor a new report. Run with the real program and
// server, as an operator would.
#include <gtest/gtest.h>

#include <filesystem>

#include "crypto/sealed_box.h"
#include "crypto/service_sealer.h"
#include "integration/helpers.h"
#include "service/key_rotation.h"
#include "store/sqlite_conn.h"
#include "support/temp_dir.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

// Signs `who` in over the API with the one-time code of `offset` seconds
// from now (each sign-in takes a step of its own).
std::string LoginAt(const ServerProcess& s, const Staff& who, int offset) {
  HttpResult r = PostJson(
      s.port(), "/api/v1/session",
      R"({"email":")" + who.email + R"(","password":")" + kPassword + R"(","totp":")" +
          crypto::TotpCode(who.totp, SystemClock::Get()->UnixSeconds() + offset) + R"("})");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(json::parse(r.body).at("token").as_string()) : "";
}

// Files a report saying `marker`; the receipt.
std::string File(const ServerProcess& s, const std::string& marker) {
  HttpResult r = PostJson(
      s.port(), "/api/v1/reports",
      R"({"port":"GBFXT","category":"drugs","description":")" + marker + R"( seen at the gate"})");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.body;
}

// Every row of `sql`'s first two columns, from the instance's database.
std::vector<std::pair<std::string, std::string>> Rows(const std::string& data, const char* sql) {
  std::vector<std::pair<std::string, std::string>> out;
  auto c = store::SqliteConn::Open(service::DatabasePath(data), true);
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return out;
  std::unique_ptr<store::SqliteConn> conn(std::move(*c));
  auto q = conn->Prepare(sql);
  EXPECT_TRUE(q.ok());
  if (!q.ok()) return out;
  store::Stmt st(*q);
  while (st.Step() == store::kRow) out.emplace_back(st.Text(0), st.Text(1));
  return out;
}

TEST(KeyRotationTest, ReportsFromBeforeAndAfterOpenForAHolderAndAnOldCopyOpensNothingNew) {
  TempDir dir;
  auto s = std::make_unique<ServerProcess>(dir.path());
  ASSERT_TRUE(s->ok());
  const std::string data = s->data_dir();
  const std::string old_file = s->recovery_key_path();
  const std::vector<std::string> with_key = {"--recovery-key-file", old_file};
  Staff stays = AddUser(*s, dir, "handler", "stays@test.invalid", with_key);
  Staff leaves = AddUser(*s, dir, "supervisor", "leaves@test.invalid", with_key);
  const std::string before_marker = Unique("BEFOREROTATION");
  File(*s, before_marker);
  const std::string token = LoginAt(*s, stays, 0);
  ASSERT_EQ(Api(*s, token, "GET", "/api/v1/handler/reports").status, 200);
  // What the leaver could have kept: the service private key their grant
  // held (the same key the recovery key file holds).
  auto old_key = service::ParseRecoveryKey(ReadAll(old_file));
  ASSERT_TRUE(old_key.ok());
  std::string out;
  ASSERT_EQ(RunPortsafe({"user", "remove", "--data", data, "--email", leaves.email, "--yes"}, &out),
            0)
      << out;

  // Stopped, rotated, started again.
  ASSERT_EQ(s->Stop(), 0);
  const std::string new_file = dir.path() + "/recovery-2.key";
  EXPECT_EQ(RunPortsafe({"keys", "rotate", "--data", data, "--recovery-key-file", new_file,
                         "--recovery-key-out", dir.path() + "/unused.key"},
                        &out),
            1);  // a file that is not the key in use
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/unused.key"));
  ASSERT_EQ(RunPortsafe({"keys", "rotate", "--data", data, "--recovery-key-file", old_file,
                         "--recovery-key-out", new_file},
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("given the new key: stays@test.invalid"), std::string::npos) << out;
  EXPECT_EQ(out.find("leaves@"), std::string::npos) << out;
  EXPECT_EQ(std::filesystem::status(new_file).permissions() & std::filesystem::perms::group_all,
            std::filesystem::perms::none);
  auto new_key = service::ParseRecoveryKey(ReadAll(new_file));
  ASSERT_TRUE(new_key.ok());
  ASSERT_NE(new_key->public_key, old_key->public_key);
  EXPECT_EQ(ReadAll(data + "/service.pub"), new_key->public_key);
  // Once only: the new file is never overwritten.
  EXPECT_EQ(RunPortsafe({"keys", "rotate", "--data", data, "--recovery-key-file", new_file,
                         "--recovery-key-out", new_file},
                        &out),
            1);
  EXPECT_NE(out.find("refusing to overwrite"), std::string::npos) << out;
  // A node left with the old service.pub refuses to start.
  const std::string stale = dir.path() + "/stale";
  std::filesystem::copy(data, stale, std::filesystem::copy_options::recursive);
  {
    FILE* f = std::fopen((stale + "/service.pub").c_str(), "wb");
    std::fwrite(old_key->public_key.data(), 1, old_key->public_key.size(), f);
    std::fclose(f);
  }
  EXPECT_EQ(RunPortsafe({"serve", "--data", stale, "--listen", "127.0.0.1:0"}, &out), 1);
  EXPECT_NE(out.find("not the service key in use"), std::string::npos) << out;

  s = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{}, false);
  ASSERT_TRUE(s->ok());
  EXPECT_EQ(Api(*s, token, "GET", "/api/v1/handler/reports").status, 401);  // signs in again
  const std::string after_marker = Unique("AFTERROTATION");
  File(*s, after_marker);

  // The handler who stays reads both.
  const std::string again = LoginAt(*s, stays, 30);
  HttpResult queue = Api(*s, again, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200) << queue.body;
  json::array items = json::parse(queue.body).as_array();
  ASSERT_EQ(items.size(), 2u);
  std::string all;
  for (const auto& item : items) {
    HttpResult r =
        Api(*s, again, "GET", "/api/v1/handler/reports/" + std::string(item.at("id").as_string()));
    ASSERT_EQ(r.status, 200) << r.body;
    all += r.body;
  }
  EXPECT_NE(all.find(before_marker), std::string::npos);
  EXPECT_NE(all.find(after_marker), std::string::npos);
  ASSERT_EQ(s->Stop(), 0);

  // The leaver's copy of the old key, tried on everything the database
  // holds: it opens the report it always could, and nothing since.
  int opened = 0;
  for (const auto& [id, sealed] : Rows(data, "SELECT id, sealed_key FROM reports")) {
    opened += crypto::OpenServiceSealed(*old_key, id, sealed).ok() ? 1 : 0;
    EXPECT_TRUE(crypto::OpenServiceSealed(*new_key, {*old_key}, id, sealed).ok());
  }
  EXPECT_EQ(opened, 1);  // the report filed before
  auto retired = Rows(data, "SELECT key_name, sealed_private FROM retired_keys");
  ASSERT_EQ(retired.size(), 1u);
  for (const auto& [name, sealed] : retired) {
    EXPECT_FALSE(crypto::OpenSealedTagged(*old_key, service::kRetiredKeyTag, name, sealed).ok());
    EXPECT_TRUE(crypto::OpenSealedTagged(*new_key, service::kRetiredKeyTag, name, sealed).ok());
  }
  for (const auto& [name, sealed] : Rows(data, "SELECT key_name, sealed FROM key_grants")) {
    EXPECT_FALSE(crypto::OpenSealed(*old_key, sealed.substr(4)).ok()) << name;
  }
  // The leaver holds no grant (the account is gone), and the rotation is in
  // the audit log, whose chain verifies.
  EXPECT_EQ(Rows(data, "SELECT user_id, key_name FROM key_grants").size(), 1u);
  ASSERT_EQ(RunPortsafe({"audit", "verify", "--data", data}, &out), 0) << out;
  EXPECT_NE(out.find("intact"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe({"keys", "rotate", "--help"}, &out), 0);
  EXPECT_NE(out.find("Usage: portsafe keys rotate"), std::string::npos) << out;
}

}  // namespace
}  // namespace portsafe::testing
