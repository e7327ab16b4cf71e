// `portsafe backup` of a running server and `portsafe restore` into a new
// data directory, for SQLite and PostgreSQL and from one to the other: the
// restored server opens the reporter's receipt and signs the handler in.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "integration/helpers.h"
#include "support/test_databases.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

struct Case {
  bool from_postgres;
  bool to_postgres;
};

class BackupCliTest : public ::testing::TestWithParam<Case> {};

TEST_P(BackupCliTest, ARunningInstanceIsBackedUpAndRestoredWhole) {
  const Case c = GetParam();
  std::unique_ptr<PgSchema> source_db, target_db;
  TempDir from, to;
  std::string out;
  std::vector<std::string> init = {"init",
                                   "--data",
                                   from.path() + "/data",
                                   "--recovery-key-out",
                                   from.path() + "/recovery.key",
                                   "--public-url",
                                   kTestPublicUrl};
  if (c.from_postgres) {
    auto s = PgSchema::Create();
    ASSERT_TRUE(s.ok()) << s.error().message();
    source_db = std::move(*s);
    init.insert(init.end(), {"--database", source_db->url()});
  }
  ASSERT_EQ(RunPortsafe(init, &out), 0) << out;
  ServerProcess source(from.path(), {}, false);
  ASSERT_TRUE(source.ok());
  const std::string marker = Unique("KEPTACROSS");
  HttpResult created =
      PostJson(source.port(), "/api/v1/reports",
               R"({"port":"GBFXT","category":"drugs","description":")" + marker + R"("})");
  ASSERT_EQ(created.status, 201);
  const std::string receipt(json::parse(created.body).at("receipt").as_string());
  Staff handler = AddUser(source, from, "handler", "handler@test.invalid",
                          {"--recovery-key-file", source.recovery_key_path()});

  const std::string file = from.path() + "/portsafe.backup";
  ASSERT_EQ(RunPortsafe({"backup", "--data", source.data_dir(), "--out", file}, &out), 0) << out;
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  EXPECT_EQ(ReadAll(file).find(marker), std::string::npos);  // ciphertext only
  EXPECT_NE(RunPortsafe({"backup", "--data", source.data_dir(), "--out", file}, &out), 0);
  EXPECT_NE(out.find("refusing to overwrite"), std::string::npos);

  // The restore drill: a new directory with the key files, the backup, and
  // the server started on it.
  const std::string data = to.path() + "/data";
  std::filesystem::create_directories(data);
  for (const char* key : {"instance.key", "service.pub"}) {
    std::filesystem::copy(source.data_dir() + "/" + key, data + "/" + key);
  }
  std::vector<std::string> restore = {"restore", "--data", data, "--in", file};
  if (c.to_postgres) {
    auto s = PgSchema::Create();
    ASSERT_TRUE(s.ok());
    target_db = std::move(*s);
    restore.insert(restore.end(), {"--database", target_db->url()});
  }
  ASSERT_EQ(RunPortsafe(restore, &out), 0) << out;
  EXPECT_NE(RunPortsafe(restore, &out), 0);  // not over a database that holds an instance
  ServerProcess restored(to.path(), {}, false);
  ASSERT_TRUE(restored.ok());
  HttpResult self = GetSelf(restored.port(), receipt);
  ASSERT_EQ(self.status, 200) << self.body;
  EXPECT_NE(self.body.find(marker), std::string::npos);
  const std::string token = Login(restored, handler);
  ASSERT_FALSE(token.empty());
  HttpResult queue = Api(restored, token, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(json::parse(queue.body).as_array().size(), 1u);
  std::string audit_out;
  EXPECT_EQ(RunPortsafe({"audit", "verify", "--data", data}, &audit_out), 0) << audit_out;
}

TEST(BackupCliTest, ABackupDoesNotRestoreWithAnotherInstancesKeys) {
  TempDir a, b;
  ServerProcess one(a.path());
  ServerProcess two(b.path());
  ASSERT_TRUE(one.ok() && two.ok());
  std::string out;
  const std::string file = a.path() + "/backup";
  ASSERT_EQ(RunPortsafe({"backup", "--data", one.data_dir(), "--out", file}, &out), 0) << out;
  TempDir c;
  const std::string data = c.path() + "/data";
  std::filesystem::create_directories(data);
  for (const char* key : {"instance.key", "service.pub"}) {
    std::filesystem::copy(two.data_dir() + "/" + key, data + "/" + key);
  }
  EXPECT_EQ(RunPortsafe({"restore", "--data", data, "--in", file}, &out), 1);
  EXPECT_NE(out.find("another instance"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(data + "/portsafe.db"));
  EXPECT_EQ(RunPortsafe({"restore", "--data", data, "--in", a.path() + "/none"}, &out), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, BackupCliTest,
                         ::testing::Values(Case{false, false}, Case{true, true}, Case{false, true}),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return std::string(i.param.from_postgres ? "Postgres" : "Sqlite") +
                                  "To" + (i.param.to_postgres ? "Postgres" : "Sqlite");
                         });

}  // namespace
}  // namespace portsafe::testing
