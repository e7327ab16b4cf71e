// Alerts back to the ports on the real server, with a real SMTP server: an
// alert to one port reaches that port's facility managers (page, e-mail and
// API) and no other facility's; acknowledging is recorded for the service;
// the drafter cannot approve; the identifying-content check holds a draft
// back; a TLP:CLEAR alert is drafted and approved through the pages without
// JavaScript and shows on the public site in a reporter language; the
// content is nowhere on disk or in the log in clear.
#include <gtest/gtest.h>

#include "core/handling.h"
#include "integration/helpers.h"
#include "support/smtp_sink.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

HttpResult Get(const ServerProcess& s, const std::string& target, const std::string& cookie = "") {
  HttpCall c;
  c.target = target;
  if (!cookie.empty()) c.headers = {{"Cookie", cookie}};
  return Send(s.port(), c);
}

// The CSRF token of the first form on a staff page.
std::string CsrfIn(const std::string& html) {
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const size_t from = at + marker.size();
  return html.substr(from, html.find('"', from) - from);
}

class AlertsTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }

  void AddFacility(const ServerProcess& s, const std::string& code, const std::string& port,
                   const std::string& name) {
    std::string out;
    ASSERT_EQ(RunPortsafe({"facility", "add", "--data", s.data_dir(), "--code", code, "--port",
                           port, "--name", name},
                          &out),
              0)
        << out;
  }

  TempDir dir_;
};

TEST_F(AlertsTest, AnAlertToOnePortReachesOnlyItsManagersWhoAcknowledgeIt) {
  SmtpSink smtp(dir_.path());
  ASSERT_TRUE(smtp.ok()) << "python3-aiosmtpd (scripts/install_deps.sh test) did not start";
  ServerProcess s(dir_.path(), {"--smtp-url", smtp.url(), "--smtp-plain-loopback", "--smtp-from",
                                "alerts@service.test.invalid"});
  ASSERT_TRUE(s.ok());
  AddFacility(s, "GBFXT-TRINITY", "GBFXT", "Trinity Terminal");
  AddFacility(s, "GBSOU-CT", "GBSOU", "Southampton Container Terminal");
  const std::vector<std::string> key = {"--recovery-key-file", s.recovery_key_path()};
  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid", key);
  Staff sup = AddUser(s, dir_, "supervisor", "sup@test.invalid", key);
  Staff fxt = AddUser(s, dir_, "port-manager", "pfso@trinity.test.invalid",
                      {"--facility", "GBFXT-TRINITY"});
  Staff sou = AddUser(s, dir_, "port-manager", "pfso@sou.test.invalid", {"--facility", "GBSOU-CT"});
  const std::string h = Login(s, handler), v = Login(s, sup), f = Login(s, fxt), o = Login(s, sou);
  ASSERT_FALSE(h.empty() || v.empty() || f.empty() || o.empty());

  const std::string title = Unique("AlertTitle");
  const std::string text = Unique("AlertText") + " Hauliers were offered cash for release PINs.";
  const std::string body = R"({"title":")" + title + R"(","text":")" + text +
                           R"(","look_for":["Anyone asking for a PIN"],"tlp":"AMBER",)"
                           R"("targets":{"ports":["GBFXT"]},"expires_on":"2099-01-01"})";
  // Too far ahead: a year at most.
  HttpResult far = Api(s, h, "POST", "/api/v1/alerts", body);
  EXPECT_EQ(far.status, 400) << far.body;
  EXPECT_NE(far.body.find("expires_on"), std::string::npos) << far.body;
  // The expiry is about a month from the server's today. The server reads
  // the machine's clock (under faketime in the test command), so a date it
  // writes is the day before or after midnight when the test runs across it.
  const std::string today = SystemClock::Get()->Today();
  auto is_today = [&today](const std::string& date) {
    return date == today || date == SystemClock::Get()->Today();
  };
  std::string good = body;
  good.replace(good.find("2099-01-01"), 10, core::AddDays(today, 30));
  HttpResult drafted = Api(s, h, "POST", "/api/v1/alerts", good);
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  const json::value d = json::parse(drafted.body);
  EXPECT_EQ(d.at("status").as_string(), "awaiting_approval");
  const std::string id(d.at("id").as_string());

  // Bad input is a 4xx, never more.
  for (const std::string& bad :
       {std::string(R"({"title":"x"})"), std::string(R"({"tlp":"RED"})"),
        std::string(R"({"title":"x","text":"y","tlp":"GREEN","targets":{"moons":["x"]},)"
                    R"("expires_on":"2026-01-01"})"),
        std::string(R"({"title":1})"), std::string(R"([])"), std::string("{")}) {
    HttpResult r = Api(s, h, "POST", "/api/v1/alerts", bad);
    EXPECT_GE(r.status, 400) << bad;
    EXPECT_LT(r.status, 500) << bad;
  }
  // The identifying-content check holds a draft back until each warning is
  // acknowledged.
  std::string naming = good;
  naming.replace(naming.find(text), text.size(), "I saw John Smith take the PIN at 23:15.");
  HttpResult held = Api(s, h, "POST", "/api/v1/alerts", naming);
  EXPECT_EQ(held.status, 422) << held.body;
  EXPECT_NE(held.body.find("\"warnings\""), std::string::npos);

  // Nobody sees it before approval; the drafter's supervisor colleague
  // cannot approve their own draft.
  HttpResult none = Api(s, f, "GET", "/api/v1/facility/GBFXT-TRINITY/alerts");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.body, "[]");
  HttpResult own = Api(s, v, "POST", "/api/v1/alerts", good);
  ASSERT_EQ(own.status, 201) << own.body;
  const std::string own_id(json::parse(own.body).at("id").as_string());
  HttpResult self = Api(s, v, "POST", "/api/v1/alerts/" + own_id + "/approval");
  EXPECT_EQ(self.status, 403) << self.body;
  EXPECT_EQ(Api(s, h, "POST", "/api/v1/alerts/" + id + "/approval").status, 403);  // a handler

  HttpResult approved = Api(s, v, "POST", "/api/v1/alerts/" + id + "/approval");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json::parse(approved.body).at("mailed").as_int64(), 1);
  EXPECT_EQ(Api(s, v, "POST", "/api/v1/alerts/" + id + "/approval").status, 409);

  // The mail goes to Trinity's manager only, and an AMBER alert's text is
  // not in it.
  auto mail = smtp.WaitFor(1, 20);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].find("pfso@trinity.test.invalid"), std::string::npos);
  EXPECT_EQ(mail[0].find("pfso@sou.test.invalid"), std::string::npos);
  EXPECT_NE(mail[0].find("/facility/GBFXT-TRINITY"), std::string::npos);
  EXPECT_EQ(mail[0].find(title), std::string::npos);
  EXPECT_EQ(mail[0].find(text.substr(0, 20)), std::string::npos);

  HttpResult mine = Api(s, f, "GET", "/api/v1/facility/GBFXT-TRINITY/alerts");
  ASSERT_EQ(mine.status, 200);
  const json::array listed = json::parse(mine.body).as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("title").as_string(), title);
  EXPECT_EQ(listed[0].at("tlp").as_string(), "AMBER");
  EXPECT_EQ(listed[0].at("acknowledged_on").as_string(), "");
  HttpResult theirs = Api(s, o, "GET", "/api/v1/facility/GBSOU-CT/alerts");
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.body, "[]");
  EXPECT_EQ(Api(s, o, "GET", "/api/v1/facility/GBFXT-TRINITY/alerts").status, 403);
  EXPECT_EQ(Api(s, o, "POST", "/api/v1/facility/GBSOU-CT/alerts/" + id + "/acknowledgement").status,
            404);
  EXPECT_EQ(Api(s, h, "GET", "/api/v1/facility/GBFXT-TRINITY/alerts").status, 403);

  // The manager's page shows it; the other manager's does not.
  const std::string fxt_cookie = PageLogin(s, fxt), sou_cookie = PageLogin(s, sou);
  HttpResult page = Get(s, "/facility/GBFXT-TRINITY", fxt_cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(title), std::string::npos);
  EXPECT_NE(page.body.find("TLP:AMBER"), std::string::npos);
  HttpResult other_page = Get(s, "/facility/GBSOU-CT", sou_cookie);
  ASSERT_EQ(other_page.status, 200);
  EXPECT_EQ(other_page.body.find(title), std::string::npos);
  EXPECT_NE(other_page.body.find("No alerts for your facility"), std::string::npos);

  // Acknowledged on the page, without JavaScript; the service sees who.
  HttpResult ack = PostForm(s, "/facility/GBFXT-TRINITY/alerts/" + id + "/acknowledgement",
                            {{"csrf", CsrfIn(page.body)}}, fxt_cookie);
  EXPECT_EQ(ack.status, 303) << ack.body;
  EXPECT_NE(Get(s, "/facility/GBFXT-TRINITY", fxt_cookie).body.find("Acknowledged on "),
            std::string::npos);
  HttpResult seen = Api(s, h, "GET", "/api/v1/alerts/" + id);
  ASSERT_EQ(seen.status, 200);
  const json::array acks = json::parse(seen.body).at("acknowledgements").as_array();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].at("by").as_string(), "pfso@trinity.test.invalid");
  EXPECT_EQ(acks[0].at("facility").as_string(), "GBFXT-TRINITY");
  EXPECT_TRUE(is_today(std::string(acks[0].at("on").as_string()))) << acks[0];

  // Not on the public site (AMBER), and not in clear anywhere on disk.
  EXPECT_EQ(Get(s, "/alerts").body.find(title), std::string::npos);
  EXPECT_EQ(Get(s, "/api/v1/public/alerts").body, "[]");
  ExpectNowhere(s, title);
  ExpectNowhere(s, text.substr(0, 20));
}

TEST_F(AlertsTest, AClearAlertDraftedAndApprovedOnThePagesShowsOnThePublicSite) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  AddFacility(s, "GBFXT-TRINITY", "GBFXT", "Trinity Terminal");
  const std::vector<std::string> key = {"--recovery-key-file", s.recovery_key_path()};
  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid", key);
  Staff sup = AddUser(s, dir_, "supervisor", "sup@test.invalid", key);
  const std::string hc = PageLogin(s, handler), sc = PageLogin(s, sup);
  ASSERT_FALSE(hc.empty() || sc.empty());
  HttpResult form = Get(s, "/handle/alerts", hc);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Freeport East"), std::string::npos);  // the freeports to choose
  const std::string csrf = CsrfIn(form.body);
  const std::string title = Unique("PublicAlert");
  const std::string expires = core::AddDays(SystemClock::Get()->Today(), 10);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"csrf", csrf},
      {"title", title},
      {"text", "Look out for drones over the container stacks."},
      {"look_for", "A drone over the stacks\r\nSomeone flying one from the car park"},
      {"tlp", "GREEN"},
      {"freeport", "Freeport East"},
      {"expires_on", expires},
      {"public_site", "yes"}};
  // GREEN cannot go on the public site: refused, with what was typed kept.
  HttpResult refused = PostForm(s, "/handle/alerts", fields, hc);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("Only a TLP:CLEAR alert"), std::string::npos);
  EXPECT_NE(refused.body.find(title), std::string::npos);
  EXPECT_NE(refused.body.find("Someone flying one from the car park"), std::string::npos);
  fields[4].second = "CLEAR";
  HttpResult made = PostForm(s, "/handle/alerts", fields, hc);
  ASSERT_EQ(made.status, 303) << made.body;
  const std::string where = made.Header("location");
  ASSERT_EQ(where.rfind("/handle/alerts/", 0), 0u) << where;
  HttpResult view = Get(s, where, sc);
  ASSERT_EQ(view.status, 200);
  EXPECT_NE(view.body.find("Freeport East"), std::string::npos);
  EXPECT_EQ(Get(s, "/alerts").body.find(title), std::string::npos);  // not approved yet
  HttpResult approve = PostForm(s, where + "/approval", {{"csrf", CsrfIn(view.body)}}, sc);
  ASSERT_EQ(approve.status, 200) << approve.body;
  EXPECT_NE(approve.body.find("Approved"), std::string::npos);

  HttpResult pl = Get(s, "/alerts?lang=pl");
  ASSERT_EQ(pl.status, 200);
  EXPECT_NE(pl.body.find("Alerty dla portów"), std::string::npos);
  EXPECT_NE(pl.body.find(title), std::string::npos);
  EXPECT_NE(pl.body.find("A drone over the stacks"), std::string::npos);
  HttpResult api = Get(s, "/api/v1/public/alerts");
  ASSERT_EQ(api.status, 200);
  EXPECT_NE(api.body.find(title), std::string::npos);
  // The home page leads to it in every language.
  EXPECT_NE(Get(s, "/?lang=uk").body.find("/alerts?lang=uk"), std::string::npos);
}

}  // namespace
}  // namespace portsafe::testing
