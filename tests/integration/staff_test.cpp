// Integration tests of the staff side with the real binary: accounts made by
// `portsafe user add`, sign-in with a real TOTP code, the handler's work on a
// report over HTTP, the reporter answering with the receipt, the sanitised
// package approved by a supervisor and read by the agency (and only the
// package), the agency's question relayed and answered, the outcome, the
// audit log verified (and caught when changed), and nothing readable at rest.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <ctime>
#include <fstream>

#include "crypto/sodium.h"
#include "crypto/totp.h"
#include "integration/helpers.h"
#include "service/smtp_mail_sender.h"
#include "store/sqlite_conn.h"
#include "support/smtp_sink.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

class StaffTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
  TempDir dir_;
};

TEST_F(StaffTest, FromReportToAgencyOutcomeAndTheAuditHolds) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid",
                          {"--recovery-key-file", s.recovery_key_path()});
  Staff supervisor = AddUser(s, dir_, "supervisor", "supervisor@test.invalid",
                             {"--recovery-key-file", s.recovery_key_path()});
  const std::string agency_key = dir_.path() + "/suffolk.key";
  std::string out;
  ASSERT_EQ(
      RunPortsafe({"agency", "add", "--data", s.data_dir(), "--code", "SUFFOLK-POLICE", "--name",
                   "Suffolk Constabulary", "--port", "GBFXT", "--recovery-key-out", agency_key},
                  &out),
      0)
      << out;
  ASSERT_EQ(RunPortsafe({"agency", "add", "--data", s.data_dir(), "--code", "NCA", "--name",
                         "National Crime Agency", "--kind", "nca", "--recovery-key-out",
                         dir_.path() + "/nca.key"},
                        &out),
            0)
      << out;
  Staff officer = AddUser(s, dir_, "agency", "officer@test.invalid",
                          {"--agency", "SUFFOLK-POLICE", "--recovery-key-file", agency_key});
  const std::string sanitised_marker = Unique("SANITISED");
  const std::string agency_question_marker = Unique("AGENCYQUESTION");
  const std::string relay_marker = Unique("RELAYED");
  const std::string second_answer_marker = Unique("REPORTERSECOND");
  const std::string agency_answer_marker = Unique("AGENCYANSWER");
  const std::string outcome_marker = Unique("OUTCOMENOTE");
  const std::string body_marker = Unique("STAFFBODY");
  const std::string question_marker = Unique("STAFFQUESTION");
  const std::string answer_marker = Unique("REPORTERANSWER");
  const std::string conditions_marker = Unique("GRADECONDITIONS");

  HttpResult created =
      PostJson(s.port(), "/api/v1/reports",
               R"({"port":"GBFXT","category":"drugs","description":")" + body_marker + R"("})");
  ASSERT_EQ(created.status, 201);
  std::string receipt(json::parse(created.body).at("receipt").as_string());

  std::string token = Login(s, handler);
  ASSERT_FALSE(token.empty());
  HttpResult queue = Api(s, token, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200) << queue.body;
  json::array items = json::parse(queue.body).as_array();
  ASSERT_EQ(items.size(), 1u);
  std::string id(items[0].at("id").as_string());
  EXPECT_EQ(items[0].at("status").as_string(), "new");

  HttpResult report = Api(s, token, "GET", "/api/v1/handler/reports/" + id);
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find(body_marker), std::string::npos);

  // Handler asks; the reporter reads the question with the receipt and answers.
  EXPECT_EQ(Api(s, token, "POST", "/api/v1/handler/reports/" + id + "/messages",
                R"({"text":")" + question_marker + R"("})")
                .status,
            200);
  HttpResult self = GetSelf(s.port(), receipt);
  ASSERT_EQ(self.status, 200);
  EXPECT_NE(self.body.find(question_marker), std::string::npos);
  EXPECT_EQ(json::parse(self.body).at("status").as_string(), "waiting_for_reporter");
  EXPECT_EQ(PostJson(s.port(), "/api/v1/reports/self/messages",
                     R"({"text":")" + answer_marker + R"("})", receipt)
                .status,
            201);
  report = Api(s, token, "GET", "/api/v1/handler/reports/" + id);
  EXPECT_NE(report.body.find(answer_marker), std::string::npos);
  EXPECT_EQ(json::parse(report.body).at("reporter_replied").as_bool(), true);

  // Grading: three fields, validated; a bad one is a 400 and changes nothing.
  EXPECT_EQ(Api(s, token, "POST", "/api/v1/handler/reports/" + id + "/grade",
                R"({"source":"2","intelligence":"F","handling":"P"})")
                .status,
            400);
  EXPECT_EQ(Api(s, token, "POST", "/api/v1/handler/reports/" + id + "/grade",
                R"({"source":"2","intelligence":"B","handling":"C","conditions":")" +
                    conditions_marker + R"("})")
                .status,
            200);
  EXPECT_EQ(Api(s, token, "POST", "/api/v1/handler/reports/" + id + "/priority",
                R"({"priority":"threat_to_life"})")
                .status,
            200);
  report = Api(s, token, "GET", "/api/v1/handler/reports/" + id);
  json::object o = json::parse(report.body).as_object();
  EXPECT_EQ(o.at("grade").at("source").as_string(), "2");
  EXPECT_EQ(o.at("grade").at("intelligence").as_string(), "B");
  EXPECT_EQ(o.at("grade").at("handling").as_string(), "C");
  EXPECT_EQ(o.at("priority").as_string(), "threat_to_life");
  EXPECT_GE(o.at("history").as_array().size(), 4u);

  // The sanitised intelligence report: checked for identifying material.
  const std::string r_path = "/api/v1/handler/reports/" + id;
  HttpResult warn = Api(s, token, "POST", r_path + "/sanitised", R"({"text":"I saw it at 23:15"})");
  ASSERT_EQ(warn.status, 200) << warn.body;
  EXPECT_GE(json::parse(warn.body).at("warnings").as_array().size(), 2u) << warn.body;
  // Each warning has an id; a submission must acknowledge every one.
  std::vector<std::string> ids;
  const json::value warned = json::parse(warn.body);
  for (const auto& w : warned.at("warnings").as_array()) {
    ids.emplace_back(w.at("id").as_string());
    EXPECT_FALSE(w.at("acknowledged").as_bool());
  }
  HttpResult unacknowledged =
      Api(s, token, "POST", r_path + "/submission",
          R"({"recipients":["SUFFOLK-POLICE"],"acknowledged_warnings":[")" + ids[0] + R"("]})");
  EXPECT_EQ(unacknowledged.status, 400);
  EXPECT_NE(unacknowledged.body.find("warnings"), std::string::npos) << unacknowledged.body;
  EXPECT_EQ(Api(s, token, "POST", r_path + "/submission",
                R"({"recipients":["SUFFOLK-POLICE"],"send_despite_warnings":true})")
                .status,
            400);
  HttpResult clean = Api(s, token, "POST", r_path + "/sanitised",
                         R"({"text":"Drugs moved through the port. )" + sanitised_marker + R"("})");
  ASSERT_EQ(clean.status, 200);
  EXPECT_EQ(json::parse(clean.body).at("warnings").as_array().size(), 0u);
  o = json::parse(Api(s, token, "GET", r_path).body).as_object();
  bool proposed = false;
  for (const auto& a : o.at("agencies").as_array()) {
    if (a.at("code").as_string() == "SUFFOLK-POLICE") proposed = a.at("proposed").as_bool();
  }
  EXPECT_TRUE(proposed);
  EXPECT_EQ(o.at("report").at("description").as_string(), body_marker);  // untouched

  // Submitted for approval; a handler cannot approve, a supervisor does.
  EXPECT_EQ(Api(s, token, "POST", r_path + "/submission", R"({"recipients":["NOPE"]})").status,
            400);
  ASSERT_EQ(
      Api(s, token, "POST", r_path + "/submission", R"({"recipients":["SUFFOLK-POLICE"]})").status,
      200);
  EXPECT_EQ(Api(s, token, "POST", r_path + "/approval").status, 403);
  std::string sup_token = Login(s, supervisor);
  ASSERT_EQ(Api(s, sup_token, "POST", r_path + "/approval").status, 200);
  EXPECT_EQ(json::parse(Api(s, sup_token, "GET", r_path).body).at("status").as_string(),
            "disseminated");

  // The officer reads the package: the sanitised text, and nothing else of it.
  std::string off_token = Login(s, officer);
  HttpResult inbox = Api(s, off_token, "GET", "/api/v1/agency/packages");
  ASSERT_EQ(inbox.status, 200);
  json::array packages = json::parse(inbox.body).as_array();
  ASSERT_EQ(packages.size(), 1u);
  const std::string pid(packages[0].at("id").as_string());
  const std::string p_path = "/api/v1/agency/packages/" + pid;
  HttpResult package = Api(s, off_token, "GET", p_path);
  ASSERT_EQ(package.status, 200);
  EXPECT_NE(package.body.find(sanitised_marker), std::string::npos);
  for (const auto& m : {body_marker, question_marker, answer_marker, receipt, id}) {
    EXPECT_EQ(package.body.find(m), std::string::npos) << m;
  }
  EXPECT_EQ(Api(s, off_token, "GET", r_path).status, 403);
  EXPECT_EQ(Api(s, off_token, "GET", "/api/v1/handler/reports").status, 403);
  EXPECT_EQ(Api(s, off_token, "POST", p_path + "/acknowledge").status, 200);

  // The agency asks; the handler relays to the reporter, who answers with the
  // receipt; the handler sends the agency a sanitised answer.
  ASSERT_EQ(Api(s, off_token, "POST", p_path + "/questions",
                R"({"text":")" + agency_question_marker + R"("})")
                .status,
            200);
  o = json::parse(Api(s, token, "GET", r_path).body).as_object();
  ASSERT_EQ(o.at("packages").as_array().size(), 1u);
  EXPECT_TRUE(o.at("packages").at(0).at("question_open").as_bool());
  EXPECT_NE(json::serialize(o.at("packages")).find(agency_question_marker), std::string::npos);
  ASSERT_EQ(
      Api(s, token, "POST", r_path + "/messages", R"({"text":")" + relay_marker + R"("})").status,
      200);
  self = GetSelf(s.port(), receipt);
  EXPECT_NE(self.body.find(relay_marker), std::string::npos);
  EXPECT_EQ(self.body.find(agency_question_marker), std::string::npos);  // never shown as such
  ASSERT_EQ(PostJson(s.port(), "/api/v1/reports/self/messages",
                     R"({"text":")" + second_answer_marker + R"("})", receipt)
                .status,
            201);
  HttpResult answered = Api(s, token, "POST", r_path + "/packages/" + pid + "/answers",
                            R"({"text":")" + agency_answer_marker + R"("})");
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_TRUE(json::parse(answered.body).at("sent").as_bool()) << answered.body;
  package = Api(s, off_token, "GET", p_path);
  EXPECT_NE(package.body.find(agency_answer_marker), std::string::npos);
  EXPECT_EQ(package.body.find(second_answer_marker), std::string::npos);

  // The outcome: validated, then recorded and visible to the service.
  EXPECT_EQ(Api(s, off_token, "POST", p_path + "/outcome", R"({"kind":"seizure"})").status, 400);
  ASSERT_EQ(Api(s, off_token, "POST", p_path + "/outcome",
                R"({"kind":"seizure","seizure_type":"drugs","quantity":"40 kg","note":")" +
                    outcome_marker + R"("})")
                .status,
            200);
  o = json::parse(Api(s, sup_token, "GET", r_path).body).as_object();
  EXPECT_EQ(o.at("packages").at(0).at("outcome").at("note").as_string(), outcome_marker);
  EXPECT_EQ(o.at("packages").at(0).at("outcome").at("kind").as_string(), "seizure");

  // Signed out, the tokens are worthless.
  for (const auto& t : {token, sup_token, off_token}) {
    EXPECT_EQ(Api(s, t, "DELETE", "/api/v1/session").status, 200);
  }
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 401);
  EXPECT_EQ(Api(s, off_token, "GET", p_path).status, 401);

  // With nobody signed in, neither the database nor the key files nor the
  // log show any of it: report, thread, grade, package, questions, outcome.
  const std::vector<std::string> markers = {
      body_marker,          question_marker,        answer_marker, conditions_marker,
      sanitised_marker,     agency_question_marker, relay_marker,  second_answer_marker,
      agency_answer_marker, outcome_marker};
  for (const auto& m : markers) ExpectNowhere(s, m);
  EXPECT_EQ(s.Stop(), 0);
  for (const auto& m : markers) ExpectNowhere(s, m);

  EXPECT_EQ(RunPortsafe({"audit", "verify", "--data", s.data_dir()}, &out), 0) << out;
  EXPECT_NE(out.find("intact"), std::string::npos) << out;
  // The log names staff by id, never by e-mail address, and holds no content.
  {
    auto conn = store::SqliteConn::Open(s.data_dir() + "/portsafe.db", false);
    ASSERT_TRUE(conn.ok());
    std::unique_ptr<store::SqliteConn> c(std::move(*conn));
    auto st = c->Prepare("SELECT entry FROM audit ORDER BY seq");
    ASSERT_TRUE(st.ok());
    store::Stmt q(*st);
    int n = 0;
    while (q.Step() == store::kRow) {
      ++n;
      EXPECT_EQ(q.Text(0).find("@test.invalid"), std::string::npos) << q.Text(0);
    }
    EXPECT_GE(n, 6);
    // Change one byte of one entry.
    ASSERT_TRUE(c->Exec("UPDATE audit SET entry = replace(entry, 'report.graded', "
                        "'report.gradee') WHERE entry LIKE '%report.graded%'")
                    .ok());
  }
  EXPECT_EQ(RunPortsafe({"audit", "verify", "--data", s.data_dir()}, &out), 1);
  EXPECT_NE(out.find("tampered: entry"), std::string::npos) << out;
}

TEST_F(StaffTest, HtmlSignInQueueAndReportPageWithoutJavaScript) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  Staff sup = AddUser(s, dir_, "supervisor", "sup@test.invalid",
                      {"--recovery-key-file", s.recovery_key_path()});
  const std::string marker = Unique("HTMLSTAFF");
  ASSERT_EQ(
      PostJson(s.port(), "/api/v1/reports", R"({"port":"GBFXT","description":")" + marker + R"("})")
          .status,
      201);
  HttpResult login =
      PostSignInForm(s, {{"email", sup.email},
                         {"password", kPassword},
                         {"totp", crypto::TotpCode(sup.totp, SystemClock::Get()->UnixSeconds())}});
  ASSERT_EQ(login.status, 303) << login.body;
  std::string cookie = login.Header("set-cookie");
  ASSERT_NE(cookie.find("HttpOnly"), std::string::npos);
  cookie = cookie.substr(0, cookie.find(';'));
  HttpResult queue = Send(s.port(), {"GET", "/handle", {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(queue.Header("cache-control"), "no-store");
  size_t at = queue.body.find("/handle/reports/");
  ASSERT_NE(at, std::string::npos);
  std::string link = queue.body.substr(at, queue.body.find('"', at) - at);
  HttpResult page = Send(s.port(), {"GET", link, {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(marker), std::string::npos);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  // Without the cookie: back to sign-in, and no content.
  HttpResult anon = Send(s.port(), {"GET", link, {}, "", ""});
  EXPECT_EQ(anon.status, 303);
  EXPECT_EQ(anon.body.find(marker), std::string::npos);
}

TEST_F(StaffTest, UserAndAgencyCommands) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  std::string out;
  for (const char* cmd : {"user", "agency", "audit"}) {
    EXPECT_EQ(RunPortsafe({cmd, "--help"}, &out), 0) << cmd;
  }
  EXPECT_EQ(RunPortsafe({"user", "add", "--help"}, &out), 0);
  EXPECT_NE(out.find("--recovery-key-file"), std::string::npos);
  EXPECT_EQ(RunPortsafe({"agency", "add", "--help"}, &out), 0);
  EXPECT_NE(out.find("--recovery-key-out"), std::string::npos);

  const std::string agency_key = dir_.path() + "/suffolk.key";
  ASSERT_EQ(RunPortsafe({"agency", "add", "--data", s.data_dir(), "--code", "SUFFOLK-POLICE",
                         "--name", "Suffolk Constabulary", "--port", "GBFXT", "GBIPS",
                         "--recovery-key-out", agency_key},
                        &out),
            0)
      << out;
  struct stat st {};
  ASSERT_EQ(::stat(agency_key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string before = ReadAll(agency_key);
  EXPECT_EQ(RunPortsafe({"agency", "add", "--data", s.data_dir(), "--code", "OTHER", "--name", "X",
                         "--recovery-key-out", agency_key},
                        &out),
            1);
  EXPECT_EQ(ReadAll(agency_key), before);
  EXPECT_EQ(RunPortsafe({"agency", "add", "--data", s.data_dir(), "--code", "bad code", "--name",
                         "X", "--recovery-key-out", dir_.path() + "/x.key"},
                        &out),
            2);
  EXPECT_EQ(RunPortsafe({"agency", "add", "--data", s.data_dir(), "--code", "X", "--name", "X",
                         "--port", "ZZZZZ", "--recovery-key-out", dir_.path() + "/y.key"},
                        &out),
            2);
  EXPECT_NE(out.find("no such port"), std::string::npos);

  // An officer given the agency key signs in holding it, and not the service key.
  Staff officer = AddUser(s, dir_, "agency", "officer@test.invalid",
                          {"--agency", "SUFFOLK-POLICE", "--recovery-key-file", agency_key});
  std::string token = Login(s, officer);
  HttpResult me = Api(s, token, "GET", "/api/v1/session");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body).at("holds_agency_key").as_bool(), true);
  EXPECT_EQ(json::parse(me.body).at("holds_service_key").as_bool(), false);
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 403);

  const std::string pw = dir_.path() + "/pw";
  FILE* f = std::fopen(pw.c_str(), "w");
  std::fputs("a long staff password\n", f);
  std::fclose(f);
  auto add = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"user", "add", "--data", s.data_dir(), "--password-file", pw};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunPortsafe(args, &out);
  };
  EXPECT_EQ(add({"--role", "pilot", "--email", "a@test.invalid"}), 2);
  EXPECT_EQ(add({"--role", "agency", "--email", "b@test.invalid"}), 2);
  EXPECT_NE(out.find("--agency"), std::string::npos);
  EXPECT_EQ(add({"--role", "port-manager", "--email", "c@test.invalid", "--facility", "NOPE"}), 2);
  EXPECT_EQ(add({"--role", "handler", "--email", "not-an-address"}), 2);
  // The agency's key is not the service key: refused, and no user is made.
  EXPECT_EQ(
      add({"--role", "handler", "--email", "d@test.invalid", "--recovery-key-file", agency_key}),
      1);
  EXPECT_NE(out.find("another key"), std::string::npos);
  EXPECT_EQ(add({"--role", "admin", "--email", "officer@test.invalid"}), 1);
  EXPECT_NE(out.find("exists"), std::string::npos);
  FILE* g = std::fopen(pw.c_str(), "w");
  std::fputs("short\n", g);
  std::fclose(g);
  EXPECT_EQ(add({"--role", "admin", "--email", "e@test.invalid"}), 2);
  EXPECT_NE(out.find("at least 12"), std::string::npos);
  // The address that failed can still be used (nothing half-made).
  g = std::fopen(pw.c_str(), "w");
  std::fputs("a long staff password\n", g);
  std::fclose(g);
  EXPECT_EQ(add({"--role", "handler", "--email", "d@test.invalid"}), 0) << out;
  EXPECT_NE(out.find("no key was given"), std::string::npos);
}

}  // namespace
}  // namespace portsafe::testing

namespace portsafe::testing {
namespace {

// `portsafe user add` without --holder-chose-password: the operator's
// password opens only the way to change it, on the real server, until the
// holder chooses their own.
TEST_F(StaffTest, AFirstPasswordFromTheOperatorMustBeChangedBeforeAnythingElse) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  const std::string pw = dir_.path() + "/first-pw";
  std::ofstream(pw) << kPassword << "\n";
  const std::string email = "first@test.invalid";
  std::string out;
  ASSERT_EQ(
      RunPortsafe({"user", "add", "--data", s.data_dir(), "--role", "supervisor", "--email", email,
                   "--password-file", pw, "--recovery-key-file", s.recovery_key_path()},
                  &out),
      0)
      << out;
  EXPECT_NE(out.find("chooses their own at first sign-in"), std::string::npos) << out;
  const size_t at = out.find("otpauth://");
  ASSERT_NE(at, std::string::npos);
  auto secret = crypto::TotpSecretFromUri(out.substr(at, out.find('\n', at) - at));
  ASSERT_TRUE(secret.ok());
  ASSERT_EQ(RunPortsafe({"user", "list", "--data", s.data_dir()}, &out), 0);
  EXPECT_NE(out.find(email + "\tsupervisor\tfirst-password\t"), std::string::npos) << out;

  const std::string token = Login(s, {email, *secret});
  HttpResult me = Api(s, token, "GET", "/api/v1/session");
  EXPECT_EQ(json::parse(me.body).at("must_change_password").as_bool(), true) << me.body;
  HttpResult queue = Api(s, token, "GET", "/api/v1/handler/reports");
  EXPECT_EQ(queue.status, 403);
  EXPECT_NE(queue.body.find("choose your own password first"), std::string::npos) << queue.body;
  // The page session, the same: every page but the account page leads there.
  const std::string cookie = PageLogin(s, {email, *secret});
  HttpResult page = Send(s.port(), {"GET", "/handle", {{"Cookie", cookie}}, "", ""});
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.Header("location"), "/account");

  // The password given cannot be kept; one of the holder's own frees the
  // session at once.
  const auto change = [&](const std::string& to) {
    return Api(s, token, "POST", "/api/v1/account/password",
               json::serialize(json::object{{"old_password", kPassword}, {"new_password", to}}));
  };
  EXPECT_EQ(change(kPassword).status, 400);
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 403);
  EXPECT_EQ(change("a password the holder chose").status, 200);
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/handler/reports").status, 200);
  EXPECT_EQ(json::parse(Api(s, token, "GET", "/api/v1/session").body)
                .at("must_change_password")
                .as_bool(),
            false);
  ASSERT_EQ(RunPortsafe({"user", "list", "--data", s.data_dir()}, &out), 0);
  EXPECT_NE(out.find(email + "\tsupervisor\tactive\t"), std::string::npos) << out;
}

TEST_F(StaffTest, PurgeCommandListsThenDeletesLongClosedReports) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid",
                          {"--recovery-key-file", s.recovery_key_path()});
  const std::string token = Login(s, handler);
  std::vector<std::string> receipts;
  for (int i = 0; i < 2; ++i) {
    HttpResult r = PostJson(s.port(), "/api/v1/reports",
                            R"({"port":"GBFXT","category":"drugs","description":"purge me"})");
    ASSERT_EQ(r.status, 201);
    receipts.emplace_back(json::parse(r.body).at("receipt").as_string());
  }
  json::array items = json::parse(Api(s, token, "GET", "/api/v1/handler/reports").body).as_array();
  ASSERT_EQ(items.size(), 2u);
  for (const auto& it : items) {
    ASSERT_EQ(Api(s, token, "POST",
                  "/api/v1/handler/reports/" + std::string(it.at("id").as_string()) + "/close",
                  R"({"reason":"no_further_action"})")
                  .status,
              200);
  }
  // One was closed long ago (the clock cannot be moved in the binary).
  const std::string old_id(items[0].at("id").as_string());
  {
    auto conn = store::SqliteConn::Open(s.data_dir() + "/portsafe.db", false);
    ASSERT_TRUE(conn.ok());
    std::unique_ptr<store::SqliteConn> c(std::move(*conn));
    const std::string sql =
        "UPDATE handling SET closed_on='2020-01-01' WHERE report_id='" + old_id + "'";
    ASSERT_TRUE(c->Exec(sql.c_str()).ok());
  }
  std::string out;
  EXPECT_EQ(RunPortsafe({"purge", "--help"}, &out), 0);
  EXPECT_NE(out.find("--dry-run"), std::string::npos);
  EXPECT_EQ(RunPortsafe({"purge", "--data", s.data_dir(), "--months", "0"}, &out), 2);
  EXPECT_EQ(RunPortsafe({"purge", "--data", s.data_dir(), "--dry-run"}, &out), 0) << out;
  EXPECT_NE(out.find(old_id + " closed 2020-01-01"), std::string::npos) << out;
  EXPECT_NE(out.find("would purge 1 report"), std::string::npos) << out;
  EXPECT_EQ(
      GetSelf(s.port(), receipts[0]).status == 200 || GetSelf(s.port(), receipts[1]).status == 200,
      true);
  EXPECT_EQ(RunPortsafe({"purge", "--data", s.data_dir()}, &out), 0) << out;
  EXPECT_NE(out.find("purged 1 report"), std::string::npos) << out;
  // Gone for the handler and for the reporter; the other stays.
  EXPECT_EQ(Api(s, token, "GET", "/api/v1/handler/reports/" + old_id).status, 404);
  int found = 0;
  for (const auto& r : receipts) found += GetSelf(s.port(), r).status == 200 ? 1 : 0;
  EXPECT_EQ(found, 1);
  EXPECT_EQ(RunPortsafe({"purge", "--data", s.data_dir()}, &out), 0);
  EXPECT_NE(out.find("purged 0 reports"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe({"audit", "verify", "--data", s.data_dir()}, &out), 0) << out;
}

}  // namespace
}  // namespace portsafe::testing

namespace portsafe::testing {
namespace {

TEST_F(StaffTest, StaffAreToldByEmailThroughARealSmtpServerWithoutContent) {
  SmtpSink smtp(dir_.path());
  ASSERT_TRUE(smtp.ok()) << "python3-aiosmtpd (scripts/install_deps.sh test) did not start";
  ServerProcess s(dir_.path(), {"--smtp-url", smtp.url(), "--smtp-plain-loopback", "--smtp-from",
                                "portsafe@service.test.invalid", "--notify-every", "1"});
  ASSERT_TRUE(s.ok());
  AddUser(s, dir_, "handler", "handler@test.invalid",
          {"--recovery-key-file", s.recovery_key_path()});
  const std::string marker = Unique("MAILBODY");
  HttpResult created =
      PostJson(s.port(), "/api/v1/reports",
               R"({"port":"GBFXT","category":"firearms","description":")" + marker + R"("})");
  ASSERT_EQ(created.status, 201);
  const std::string receipt(json::parse(created.body).at("receipt").as_string());
  auto mails = smtp.WaitFor(1, 20);
  ASSERT_EQ(mails.size(), 1u) << ReadAll(s.log_path());
  const std::string& m = mails[0];
  EXPECT_NE(m.find("X-RcptTo: handler@test.invalid"), std::string::npos) << m;
  EXPECT_NE(m.find("From: PortSafe <portsafe@service.test.invalid>"), std::string::npos) << m;
  EXPECT_NE(m.find("New reports are waiting"), std::string::npos) << m;
  // Nothing of the report: not its text, category, receipt or id.
  EXPECT_EQ(m.find(marker), std::string::npos);
  EXPECT_EQ(m.find("firearms"), std::string::npos);
  EXPECT_EQ(m.find(receipt), std::string::npos);
  auto conn = store::SqliteConn::Open(s.data_dir() + "/portsafe.db", true);
  ASSERT_TRUE(conn.ok());
  std::unique_ptr<store::SqliteConn> c(std::move(*conn));
  auto st = c->Prepare("SELECT id FROM reports");
  ASSERT_TRUE(st.ok());
  store::Stmt q(*st);
  ASSERT_EQ(q.Step(), store::kRow);
  EXPECT_EQ(m.find(q.Text(0)), std::string::npos);
  // The log names no address.
  EXPECT_EQ(ReadAll(s.log_path()).find("handler@test.invalid"), std::string::npos);

  // Bad settings are refused before serving.
  std::string out;
  EXPECT_EQ(RunPortsafe({"serve", "--data", s.data_dir(), "--smtp-url", "http://x"}, &out), 2);
  EXPECT_EQ(RunPortsafe({"serve", "--data", s.data_dir(), "--smtp-url", smtp.url()}, &out), 2);
  EXPECT_NE(out.find("--smtp-from"), std::string::npos);
  EXPECT_EQ(RunPortsafe({"serve", "--data", s.data_dir(), "--smtp-url", "smtp://192.0.2.1:25",
                         "--smtp-from", "p@test.invalid", "--smtp-plain-loopback"},
                        &out),
            2);
  EXPECT_NE(out.find("any other needs TLS"), std::string::npos) << out;
}

// Invitation links travel by mail: a relay that offers no STARTTLS is
// refused (nothing is sent in the clear a network attacker could strip to),
// unless it is on loopback and a plain local relay was asked for.
TEST_F(StaffTest, MailNeedsTlsUnlessAPlainLoopbackRelayWasAskedFor) {
  SmtpSink smtp(dir_.path());  // aiosmtpd: no STARTTLS
  ASSERT_TRUE(smtp.ok());
  ManualClock clock;
  const service::Mail m{"handler@test.invalid", "PortSafe", "x\n"};
  service::SmtpMailSender strict({smtp.url(), "portsafe@test.invalid"}, &clock);
  Status refused = strict.Send(m);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  service::SmtpMailSender plain({smtp.url(), "portsafe@test.invalid", 30, true}, &clock);
  ASSERT_TRUE(plain.Send(m).ok());
  EXPECT_EQ(smtp.WaitFor(1, 10).size(), 1u);  // the refused one never arrived
  for (const char* url :
       {"smtp://127.0.0.1:25", "smtp://127.1.2.3", "smtps://localhost:465", "smtp://[::1]:25"}) {
    EXPECT_TRUE(service::IsLoopbackSmtp(url)) << url;
  }
  for (const char* url : {"smtp://192.0.2.1:25", "smtp://127.0.0.1.example.org:25",
                          "smtp://localhost.example.org", "http://127.0.0.1", "smtp://[::2]:25"}) {
    EXPECT_FALSE(service::IsLoopbackSmtp(url)) << url;
  }
}

}  // namespace
}  // namespace portsafe::testing
