// The operator stops, changes and removes staff accounts on running
// servers (`portsafe user disable|enable|set-role|remove|list`): a live
// token of a disabled account answers 401 on its next request, on one node
// with SQLite and on both of two nodes sharing PostgreSQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "integration/helpers.h"
#include "store/sqlite_conn.h"
#include "support/test_databases.h"

namespace portsafe::testing {
namespace {

// `portsafe user list`'s line for `email`, or "".
std::string ListLine(const ServerProcess& s, const std::string& email) {
  std::string out;
  EXPECT_EQ(RunPortsafe({"user", "list", "--data", s.data_dir()}, &out), 0) << out;
  const size_t at = out.find(email + "\t");
  return at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
}

int User(const ServerProcess& s, std::vector<std::string> args, std::string* out) {
  args.insert(args.begin(), {"user"});
  args.insert(args.end(), {"--data", s.data_dir()});
  return RunPortsafe(args, out);
}

TEST(AccountsTest, ADisabledAccountsTokenAnswers401AtOnceAndEveryChangeIsAudited) {
  TempDir dir;
  ServerProcess s(dir.path());
  ASSERT_TRUE(s.ok());
  const std::string email = "handler@test.invalid";
  Staff handler = AddUser(s, dir, "handler", email, {"--recovery-key-file", s.recovery_key_path()});
  const std::string token = Login(s, handler);
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 200);
  EXPECT_NE(ListLine(s, email).find("\thandler\tactive\t-\tservice\t"), std::string::npos)
      << ListLine(s, email);

  std::string out;
  ASSERT_EQ(User(s, {"disable", "--email", email}, &out), 0) << out;
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 401);
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/session").status, 401);
  EXPECT_NE(ListLine(s, email).find("\tdisabled\t-\t-\t"), std::string::npos) << ListLine(s, email);
  // Nor can it sign in again, with the right password and a fresh code.
  HttpResult again = PostJson(
      s.port(), "/api/v1/session",
      R"({"email":")" + email + R"(","password":")" + kPassword + R"(","totp":")" +
          crypto::TotpCode(handler.totp, SystemClock::Get()->UnixSeconds() + 30) + R"("})");
  EXPECT_EQ(again.status, 401) << again.body;

  ASSERT_EQ(User(s, {"enable", "--email", email}, &out), 0) << out;
  EXPECT_NE(ListLine(s, email).find("\tactive\t-\t-\t"), std::string::npos);  // no key back
  ASSERT_EQ(User(s, {"set-role", "--email", email, "--role", "supervisor"}, &out), 0) << out;
  EXPECT_NE(ListLine(s, email).find("\tsupervisor\t"), std::string::npos);
  EXPECT_EQ(User(s, {"set-role", "--email", email, "--role", "agency"}, &out), 2);
  EXPECT_NE(out.find("handler, supervisor or admin"), std::string::npos) << out;
  EXPECT_EQ(User(s, {"disable", "--email", "nobody@test.invalid"}, &out), 1);
  EXPECT_NE(out.find("no account"), std::string::npos) << out;
  EXPECT_EQ(User(s, {"remove", "--email", email}, &out), 2);
  EXPECT_NE(out.find("--yes"), std::string::npos) << out;
  ASSERT_EQ(User(s, {"remove", "--email", email, "--yes"}, &out), 0) << out;
  EXPECT_EQ(ListLine(s, email), "");

  // Every change is in the audit log, and the chain still verifies.
  ASSERT_EQ(RunPortsafe({"audit", "verify", "--data", s.data_dir()}, &out), 0) << out;
  for (const char* verb : {"disable", "enable", "set-role", "remove", "list"}) {
    EXPECT_EQ(RunPortsafe({"user", verb, "--help"}, &out), 0) << verb;
    EXPECT_NE(out.find("Usage: portsafe user"), std::string::npos) << verb;
  }
}

TEST(AccountsTest, DisablingEndsTheSessionOnBothOfTwoNodesSharingPostgres) {
  auto schema = PgSchema::Create();
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  TempDir dir_a, dir_b;
  std::string out;
  ASSERT_EQ(RunPortsafe({"init", "--data", dir_a.path() + "/data", "--recovery-key-out",
                         dir_a.path() + "/recovery.key", "--public-url", kTestPublicUrl,
                         "--database", (*schema)->url()},
                        &out),
            0)
      << out;
  std::filesystem::copy(dir_a.path() + "/data", dir_b.path() + "/data");
  auto a = std::make_unique<ServerProcess>(dir_a.path(), std::vector<std::string>{}, false);
  auto b = std::make_unique<ServerProcess>(dir_b.path(), std::vector<std::string>{}, false);
  ASSERT_TRUE(a->ok() && b->ok());
  const std::string email = "handler@test.invalid";
  Staff handler =
      AddUser(*a, dir_a, "handler", email, {"--recovery-key-file", a->recovery_key_path()});
  const std::string token = Login(*a, handler);
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(Api(*a, token, "GET", "/api/v1/handler/reports").status, 200);
  ASSERT_EQ(Api(*b, token, "GET", "/api/v1/handler/reports").status, 200);
  ASSERT_EQ(User(*b, {"disable", "--email", email}, &out), 0) << out;
  EXPECT_EQ(Api(*a, token, "GET", "/api/v1/handler/reports").status, 401);
  EXPECT_EQ(Api(*b, token, "GET", "/api/v1/handler/reports").status, 401);
}

}  // namespace
}  // namespace portsafe::testing

namespace portsafe::testing {
namespace {

// The operator lists the agencies and changes an agency's ports and name;
// each change is audited, a bad port or code is refused, and an agency
// whose key was swapped in the database is shown as changed and cannot be
// sealed again by a change.
TEST(AgencyCliTest, AgenciesAreListedAndTheirPortsAndNamesChangedAndAudited) {
  TempDir dir;
  ServerProcess s(dir.path());
  ASSERT_TRUE(s.ok());
  const std::string data = s.data_dir();
  std::string out;
  ASSERT_EQ(RunPortsafe(
                {"agency", "add", "--data", data, "--code", "KENT-POLICE", "--name", "Kent Police",
                 "--port", "GBDVR", "--recovery-key-out", dir.path() + "/kent.key"},
                &out),
            0)
      << out;
  auto line = [&](const std::string& code) {
    EXPECT_EQ(RunPortsafe({"agency", "list", "--data", data}, &out), 0) << out;
    const size_t at = out.find(code + "\t");
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  EXPECT_EQ(line("KENT-POLICE"), "KENT-POLICE\tpolice\tGBDVR\t0\tsealed\tKent Police");

  ASSERT_EQ(RunPortsafe({"agency", "set-ports", "--data", data, "--code", "KENT-POLICE", "--port",
                         "GBDVR", "GBFXT"},
                        &out),
            0)
      << out;
  ASSERT_EQ(RunPortsafe({"agency", "rename", "--data", data, "--code", "KENT-POLICE", "--name",
                         "Kent and Medway Police"},
                        &out),
            0)
      << out;
  EXPECT_EQ(line("KENT-POLICE"),
            "KENT-POLICE\tpolice\tGBDVR GBFXT\t0\tsealed\tKent and Medway Police");
  ASSERT_EQ(
      RunPortsafe({"agency", "set-ports", "--data", data, "--code", "KENT-POLICE", "--everywhere"},
                  &out),
      0)
      << out;
  EXPECT_NE(line("KENT-POLICE").find("\teverywhere\t"), std::string::npos);

  // Refused: an unknown port, no port at all, an unknown agency, an empty name.
  EXPECT_EQ(RunPortsafe({"agency", "set-ports", "--data", data, "--code", "KENT-POLICE", "--port",
                         "XXNOPE"},
                        &out),
            2);
  EXPECT_NE(out.find("no such port"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe({"agency", "set-ports", "--data", data, "--code", "KENT-POLICE"}, &out), 2);
  EXPECT_EQ(
      RunPortsafe({"agency", "rename", "--data", data, "--code", "NOBODY", "--name", "X"}, &out),
      1);
  EXPECT_NE(out.find("no agency"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe(
                {"agency", "rename", "--data", data, "--code", "KENT-POLICE", "--name", " "}, &out),
            2);

  // The key swapped in the database: shown, and a change does not seal it.
  {
    auto conn = store::SqliteConn::Open(data + "/portsafe.db", false);
    ASSERT_TRUE(conn.ok());
    std::unique_ptr<store::SqliteConn> c(std::move(*conn));
    ASSERT_TRUE(
        c->Exec("UPDATE agencies SET public_key=zeroblob(32) WHERE code='KENT-POLICE'").ok());
  }
  EXPECT_NE(line("KENT-POLICE").find("changed outside PortSafe"), std::string::npos);
  EXPECT_EQ(RunPortsafe({"agency", "rename", "--data", data, "--code", "KENT-POLICE", "--name",
                         "Kent Police"},
                        &out),
            1);
  EXPECT_NE(out.find("changed outside PortSafe"), std::string::npos) << out;
  EXPECT_NE(line("KENT-POLICE").find("changed outside PortSafe"), std::string::npos);

  ASSERT_EQ(RunPortsafe({"audit", "verify", "--data", data}, &out), 0) << out;
  for (const char* verb : {"list", "set-ports", "rename", "add"}) {
    EXPECT_EQ(RunPortsafe({"agency", verb, "--help"}, &out), 0) << verb;
    EXPECT_NE(out.find("Usage: portsafe agency"), std::string::npos) << verb;
  }
}

// Records from before seals: listed by `keys seal-rows`, sealed only with
// --yes, after which the account signs in again.
TEST(KeysCliTest, OlderRecordsAreListedAndSealedWhenTheOperatorSaysSo) {
  TempDir dir;
  ServerProcess s(dir.path());
  ASSERT_TRUE(s.ok());
  Staff handler = AddUser(s, dir, "handler", "handler@test.invalid");
  {
    auto conn = store::SqliteConn::Open(s.data_dir() + "/portsafe.db", false);
    ASSERT_TRUE(conn.ok());
    std::unique_ptr<store::SqliteConn> c(std::move(*conn));
    ASSERT_TRUE(c->Exec("UPDATE users SET row_mac=x''").ok());
  }
  HttpResult refused = PostJson(
      s.port(), "/api/v1/session",
      R"({"email":"handler@test.invalid","password":")" + std::string(kPassword) + R"(","totp":")" +
          crypto::TotpCode(handler.totp, SystemClock::Get()->UnixSeconds()) + R"("})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  std::string out;
  ASSERT_EQ(RunPortsafe({"keys", "seal-rows", "--data", s.data_dir()}, &out), 0) << out;
  EXPECT_NE(out.find("unsealed user handler@test.invalid (handler)"), std::string::npos) << out;
  EXPECT_NE(out.find("--yes"), std::string::npos) << out;
  ASSERT_EQ(RunPortsafe({"keys", "seal-rows", "--data", s.data_dir(), "--yes"}, &out), 0) << out;
  EXPECT_NE(out.find("sealed user handler@test.invalid"), std::string::npos) << out;
  ASSERT_EQ(RunPortsafe({"keys", "seal-rows", "--data", s.data_dir()}, &out), 0) << out;
  EXPECT_NE(out.find("every record is sealed"), std::string::npos) << out;
  HttpResult again = PostJson(
      s.port(), "/api/v1/session",
      R"({"email":"handler@test.invalid","password":")" + std::string(kPassword) + R"(","totp":")" +
          crypto::TotpCode(handler.totp, SystemClock::Get()->UnixSeconds() + 30) + R"("})");
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(RunPortsafe({"keys", "seal-rows", "--help"}, &out), 0);
  EXPECT_NE(out.find("Usage: portsafe keys seal-rows"), std::string::npos);
}

// The operator takes a key back without disabling the account (a laptop
// lost while signed in): the live token answers 401 at once.
TEST(KeysCliTest, AKeyTakenBackEndsTheLiveSession) {
  TempDir dir;
  ServerProcess s(dir.path());
  ASSERT_TRUE(s.ok());
  Staff handler = AddUser(s, dir, "handler", "handler@test.invalid",
                          {"--recovery-key-file", s.recovery_key_path()});
  const std::string token = Login(s, handler);
  ASSERT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 200);
  std::string out;
  auto take = [&](const std::string& email) {
    return RunPortsafe({"keys", "take-back", "--data", s.data_dir(), "--email", email}, &out);
  };
  ASSERT_EQ(take("handler@test.invalid"), 0) << out;
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 401);
  EXPECT_NE(ListLine(s, "handler@test.invalid").find("\thandler\tactive\t-\t-\t"),
            std::string::npos)
      << ListLine(s, "handler@test.invalid");  // still active, holding nothing
  EXPECT_EQ(take("handler@test.invalid"), 1);
  EXPECT_NE(out.find("does not hold the key"), std::string::npos) << out;
  EXPECT_EQ(take("nobody@test.invalid"), 1);
  ASSERT_EQ(RunPortsafe({"audit", "verify", "--data", s.data_dir()}, &out), 0) << out;
  EXPECT_EQ(RunPortsafe({"keys", "take-back", "--help"}, &out), 0);
  EXPECT_NE(out.find("Usage: portsafe keys take-back"), std::string::npos);
}

}  // namespace
}  // namespace portsafe::testing
