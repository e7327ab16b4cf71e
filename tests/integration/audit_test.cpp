// The audit log against its witness, through the commands an operator
// runs: deleting the newest entries, emptying the log and restoring an
// older backup each make `portsafe audit verify` fail and name what is
// missing; `serve` records the head as it starts, every N entries and as
// it stops.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/helpers.h"
#include "service/instance.h"
#include "store/sqlite_conn.h"

namespace portsafe::testing {
namespace {

void Sql(const std::string& data, const std::string& sql) {
  auto conn = store::SqliteConn::Open(service::DatabasePath(data), false);
  ASSERT_TRUE(conn.ok());
  std::unique_ptr<store::SqliteConn> c(std::move(*conn));
  ASSERT_TRUE(c->Exec(sql.c_str()).ok()) << sql;
}

// Two audit entries through the command line: disabling and enabling.
void TwoEntries(const std::string& data, const std::string& email) {
  std::string out;
  ASSERT_EQ(RunPortsafe({"user", "disable", "--data", data, "--email", email}, &out), 0) << out;
  ASSERT_EQ(RunPortsafe({"user", "enable", "--data", data, "--email", email}, &out), 0) << out;
}

int Verify(const std::string& data, std::string* out) {
  return RunPortsafe({"audit", "verify", "--data", data}, out);
}

TEST(AuditWitnessCliTest, DeletedEntriesAnEmptiedLogAndAnOlderBackupAreNamed) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  std::string out;
  ASSERT_EQ(RunPortsafe({"init", "--data", data, "--recovery-key-out", dir.path() + "/r.key",
                         "--public-url", kTestPublicUrl},
                        &out),
            0)
      << out;
  std::ofstream(dir.path() + "/pw") << kPassword << "\n";
  const std::string email = "handler@test.invalid";
  ASSERT_EQ(RunPortsafe({"user", "add", "--data", data, "--role", "handler", "--email", email,
                         "--password-file", dir.path() + "/pw"},
                        &out),
            0)
      << out;
  for (int i = 0; i < 4; ++i) TwoEntries(data, email);  // entries 2 to 9
  ASSERT_EQ(RunPortsafe({"audit", "head", "--data", data}, &out), 0) << out;
  EXPECT_EQ(out.substr(0, 2), "9 ") << out;
  EXPECT_FALSE(std::filesystem::exists(data + "/audit.witness"));  // printed, not recorded
  // No witness yet: an error, unless the chain alone is asked for.
  EXPECT_EQ(Verify(data, &out), 1);
  EXPECT_NE(out.find("cannot read the witness"), std::string::npos) << out;
  ASSERT_EQ(RunPortsafe({"audit", "verify", "--data", data, "--no-witness"}, &out), 0) << out;
  EXPECT_NE(out.find("intact (9 entries)"), std::string::npos) << out;
  ASSERT_EQ(RunPortsafe({"audit", "head", "--data", data, "--record"}, &out), 0) << out;
  ASSERT_EQ(Verify(data, &out), 0) << out;
  EXPECT_NE(out.find("intact (9 entries; agrees with the 1 witnessed heads)"), std::string::npos)
      << out;

  const std::string backup = dir.path() + "/older.backup";
  ASSERT_EQ(RunPortsafe({"backup", "--data", data, "--out", backup}, &out), 0) << out;
  TwoEntries(data, email);  // entries 10 and 11
  ASSERT_EQ(RunPortsafe({"audit", "head", "--data", data, "--record"}, &out), 0) << out;
  ASSERT_EQ(Verify(data, &out), 0) << out;

  // The older backup restored, with the instance's files and its witness.
  const std::string restored = dir.path() + "/restored";
  std::filesystem::create_directories(restored);
  for (const char* f : {"instance.key", "service.pub", "audit.witness"}) {
    std::filesystem::copy(data + "/" + f, restored + "/" + f);
  }
  ASSERT_EQ(RunPortsafe({"restore", "--data", restored, "--in", backup}, &out), 0) << out;
  EXPECT_EQ(Verify(restored, &out), 1);
  EXPECT_NE(out.find("missing: entries 10 to 11"), std::string::npos) << out;
  EXPECT_NE(out.find("older backup restored"), std::string::npos) << out;
  // ... and written to since: the witnessed entry 11 is another one (the
  // same actions on the same day would make the same entries, and MACs).
  for (const char* role : {"supervisor", "handler"}) {
    ASSERT_EQ(RunPortsafe(
                  {"user", "set-role", "--data", restored, "--email", email, "--role", role}, &out),
              0)
        << out;
  }
  EXPECT_EQ(Verify(restored, &out), 1);
  EXPECT_NE(out.find("rewritten: entry 11"), std::string::npos) << out;

  // Several witnesses (one per node) are read together.
  EXPECT_EQ(RunPortsafe({"audit", "verify", "--data", data, "--witness", data + "/audit.witness",
                         "--witness", restored + "/audit.witness"},
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("agrees with the 4 witnessed heads"), std::string::npos) << out;

  // The newest entries deleted from the database: the chain alone is whole.
  Sql(data, "DELETE FROM audit WHERE seq > 8");
  EXPECT_EQ(Verify(data, &out), 1);
  EXPECT_NE(out.find("missing: entries 9 to 11"), std::string::npos) << out;
  EXPECT_NE(out.find("the log ends at entry 8"), std::string::npos) << out;
  // The whole log emptied.
  Sql(data, "DELETE FROM audit");
  EXPECT_EQ(Verify(data, &out), 1);
  EXPECT_NE(out.find("missing: entries 1 to 11 (the log is empty)"), std::string::npos) << out;
  // A witness named but not there is an error, never "intact".
  EXPECT_EQ(
      RunPortsafe({"audit", "verify", "--data", data, "--witness", dir.path() + "/none"}, &out), 1);
  EXPECT_NE(out.find("cannot read the witness"), std::string::npos) << out;
  for (const char* verb : {"verify", "head"}) {
    EXPECT_EQ(RunPortsafe({"audit", verb, "--help"}, &out), 0) << verb;
    EXPECT_NE(out.find("Usage: portsafe audit"), std::string::npos) << verb;
  }
  EXPECT_EQ(RunPortsafe({"audit", "nonsense"}, &out), 2);
}

TEST(AuditWitnessCliTest, TheServerRecordsTheHeadAsItStartsEveryNEntriesAndAsItStops) {
  TempDir dir;
  std::string data;
  {
    ServerProcess s(dir.path(), {"--witness-every", "2"});
    ASSERT_TRUE(s.ok());
    data = s.data_dir();
    Staff handler = AddUser(s, dir, "handler", "handler@test.invalid");
    ASSERT_FALSE(Login(s, handler).empty());
    for (int i = 0; i < 3; ++i) {  // each failure is an entry
      HttpResult r = PostJson(s.port(), "/api/v1/session",
                              R"({"email":"handler@test.invalid","password":"not it at all",)"
                              R"("totp":"000000"})");
      ASSERT_EQ(r.status, 401) << r.body;
    }
  }  // stopped
  const std::string witness = ReadAll(data + "/audit.witness");
  std::vector<std::int64_t> seqs;
  for (size_t at = 0; at < witness.size(); at = witness.find('\n', at) + 1) {
    seqs.push_back(std::stoll(witness.substr(at, witness.find(' ', at) - at)));
  }
  ASSERT_GE(seqs.size(), 3u) << witness;  // at start, at least one multiple of 2, at stop
  bool every = false;
  for (size_t i = 1; i + 1 < seqs.size(); ++i) every = every || (seqs[i] > 0 && seqs[i] % 2 == 0);
  EXPECT_TRUE(every) << witness;
  std::string out;
  ASSERT_EQ(Verify(data, &out), 0) << out;
  EXPECT_NE(out.find("agrees with the " + std::to_string(seqs.size()) + " witnessed heads"),
            std::string::npos)
      << out;
  Sql(data, "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)");
  EXPECT_EQ(Verify(data, &out), 1);
  EXPECT_NE(out.find("missing: entry " + std::to_string(seqs.back())), std::string::npos) << out;
}

}  // namespace
}  // namespace portsafe::testing
