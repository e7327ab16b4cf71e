// Two `portsafe serve` processes on one PostgreSQL database, as two nodes
// behind a load balancer: a report filed on one is followed up on the other,
// a handler signed in on one works on the other (and after both restart),
// and the daily purge, raced by both nodes starting at once, runs once.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "integration/helpers.h"
#include "store/pg_conn.h"
#include "support/eventually.h"
#include "support/test_databases.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

// Runs one statement on the test schema; the first column of the first row.
std::int64_t Query(const std::string& url, const char* sql) {
  auto c = store::PgConn::Open(url);
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return -1;
  auto s = (*c)->Prepare(sql);
  EXPECT_TRUE(s.ok());
  store::Stmt st(*s);
  int rc = st.Step();
  EXPECT_TRUE(rc == store::kRow || rc == store::kDone) << (*c)->LastError();
  return rc == store::kRow ? st.Int(0) : 0;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(ClusterTest, TwoNodesOnOnePostgresServeAsOne) {
  auto schema = PgSchema::Create();
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const std::string url = (*schema)->url();
  TempDir dir_a, dir_b;
  std::string out;
  ASSERT_EQ(RunPortsafe(
                {"init", "--data", dir_a.path() + "/data", "--recovery-key-out",
                 dir_a.path() + "/recovery.key", "--public-url", kTestPublicUrl, "--database", url},
                &out),
            0)
      << out;
  // The second node: a copy of the first's data directory (key files and
  // portsafe.conf), as docs/deployment.md says.
  std::filesystem::copy(dir_a.path() + "/data", dir_b.path() + "/data");
  EXPECT_FALSE(std::filesystem::exists(dir_a.path() + "/data/portsafe.db"));

  auto a = std::make_unique<ServerProcess>(dir_a.path(), std::vector<std::string>{}, false);
  auto b = std::make_unique<ServerProcess>(dir_b.path(), std::vector<std::string>{}, false);
  ASSERT_TRUE(a->ok() && b->ok());

  // A report filed on A, followed up on B, and the follow-up seen on A.
  const std::string body = Unique("FILEDONA");
  HttpResult created =
      PostJson(a->port(), "/api/v1/reports",
               R"({"port":"GBFXT","category":"drugs","description":")" + body + R"("})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string receipt(json::parse(created.body).at("receipt").as_string());
  HttpResult self_b = GetSelf(b->port(), receipt);
  ASSERT_EQ(self_b.status, 200) << self_b.body;
  EXPECT_NE(self_b.body.find(body), std::string::npos);
  const std::string more = Unique("ADDEDONB");
  ASSERT_EQ(
      PostJson(b->port(), "/api/v1/reports/self/messages", R"({"text":")" + more + R"("})", receipt)
          .status,
      201);
  EXPECT_NE(GetSelf(a->port(), receipt).body.find(more), std::string::npos);

  // A handler signed in on A works on B: the session, with the service key
  // it unlocked, comes from the database.
  Staff handler = AddUser(*a, dir_a, "handler", "handler@test.invalid",
                          {"--recovery-key-file", a->recovery_key_path()});
  const std::string token = Login(*a, handler);
  ASSERT_FALSE(token.empty());
  HttpResult queue = Api(*b, token, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200) << queue.body;
  json::array items = json::parse(queue.body).as_array();
  ASSERT_EQ(items.size(), 1u);
  const std::string id(items[0].at("id").as_string());
  HttpResult report = Api(*b, token, "GET", "/api/v1/handler/reports/" + id);
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find(body), std::string::npos);
  EXPECT_NE(report.body.find(more), std::string::npos);
  const std::string reply = Unique("ANSWEREDONB");
  ASSERT_EQ(Api(*b, token, "POST", "/api/v1/handler/reports/" + id + "/messages",
                R"({"text":")" + reply + R"("})")
                .status,
            200);
  EXPECT_NE(GetSelf(a->port(), receipt).body.find(reply), std::string::npos);
  ASSERT_EQ(Api(*a, token, "POST", "/api/v1/handler/reports/" + id + "/close",
                R"({"reason":"no_further_action"})")
                .status,
            200);

  // The daily purge: both nodes ran it at start on a day with nothing to
  // purge, and exactly one of them did.
  EXPECT_EQ(Count(ReadAll(a->log_path()) + ReadAll(b->log_path()), R"("event":"retention purge")"),
            1u);
  // The report was closed long ago, and a new day begins: both nodes start
  // again at the same moment and race for the purge.
  const std::string age = "UPDATE handling SET closed_on='2020-01-01' WHERE report_id='" + id + "'";
  Query(url, age.c_str());
  Query(url, "UPDATE job_leases SET last_done='' WHERE job='retention.purge'");
  a.reset();
  b.reset();
  std::filesystem::remove(dir_a.path() + "/server.log");
  std::filesystem::remove(dir_b.path() + "/server.log");
  std::thread ta([&] {
    a = std::make_unique<ServerProcess>(dir_a.path(), std::vector<std::string>{}, false);
  });
  std::thread tb([&] {
    b = std::make_unique<ServerProcess>(dir_b.path(), std::vector<std::string>{}, false);
  });
  ta.join();
  tb.join();
  ASSERT_TRUE(a->ok() && b->ok());
  std::string logs;
  EXPECT_TRUE(testing::Eventually([&] {  // the purge runs on each node's job thread
    logs = ReadAll(a->log_path()) + ReadAll(b->log_path());
    return logs.find("retention purge") != std::string::npos;
  }));
  // A second run (the other node, had the lease not held) can only be
  // watched for: both nodes started their job threads together.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  logs = ReadAll(a->log_path()) + ReadAll(b->log_path());
  EXPECT_EQ(Count(logs, R"("event":"retention purge")"), 1u) << logs;
  EXPECT_EQ(Count(logs, R"("reports":1)"), 1u) << logs;
  EXPECT_EQ(Query(url, "SELECT COUNT(*) FROM audit WHERE entry LIKE '%report.purged%'"), 1);
  EXPECT_EQ(GetSelf(a->port(), receipt).status, 404);
  EXPECT_EQ(GetSelf(b->port(), receipt).status, 404);

  // The handler's session outlived both processes.
  EXPECT_EQ(Api(*b, token, "GET", "/api/v1/handler/reports").status, 200);
  EXPECT_EQ(Api(*a, token, "DELETE", "/api/v1/session").status / 100, 2);
  EXPECT_EQ(Api(*b, token, "GET", "/api/v1/handler/reports").status, 401);
}

}  // namespace
}  // namespace portsafe::testing
