// The operator stops, changes and removes staff accounts on running
// servers (`portsafe user disable|enable|set-role|remove|list`): a live
// token of a disabled account answers 401 on its next request, on one node
// with SQLite and on both of two nodes sharing PostgreSQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "integration/helpers.h"
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
