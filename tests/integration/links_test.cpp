// Intelligence linking with the real server: reports filed over the API
// while nobody is signed in are indexed when a handler signs in; the
// handler sees at once that three reports name the same van and container
// (one with a mistyped check digit), through the JSON API, the report page,
// the queue and the link graph; a report arriving while the handler is
// signed in is indexed in the background; and no identifier is readable in
// the database, its WAL, the key files or the log.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <set>
#include <thread>

#include "integration/helpers.h"
#include "service/instance.h"
#include "support/eventually.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

std::string File(const ServerProcess& s, const std::string& description,
                 const std::string& vehicles = "") {
  json::object o{{"port", "GBFXT"}, {"category", "drugs"}, {"description", description}};
  if (!vehicles.empty()) o["vehicles"] = vehicles;
  HttpResult r = PostJson(s.port(), "/api/v1/reports", json::serialize(o));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(json::parse(r.body).at("receipt").as_string()) : "";
}

class LinksTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
  TempDir dir_;
};

TEST_F(LinksTest, ThreeReportsNamingTheSameVanAndContainerAreLinkedForTheHandler) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid",
                          {"--recovery-key-file", s.recovery_key_path()});
  const std::string marker = Unique("LINKBODY");
  File(s, marker + " Two men moved bags into container CSQU 305438 3.", "White van AB12 CDE");
  File(s, "The van ab12cde was back at gate 2 late at night.");
  File(s, "Seal swapped on csqu3054384 in stack C.");
  File(s, "A fishing boat came in without lights.");
  EXPECT_EQ(Waiting(s), 4);  // nobody holds the key: nothing can be indexed yet

  const std::string token = Login(s, handler);
  ASSERT_FALSE(token.empty());
  HttpResult queue = Api(s, token, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200) << queue.body;
  std::string first, van, typo, boat;
  const json::value listed = json::parse(queue.body);
  for (const auto& item : listed.as_array()) {
    const std::string id(item.at("id").as_string());
    HttpResult r = Api(s, token, "GET", "/api/v1/handler/reports/" + id);
    ASSERT_EQ(r.status, 200);
    const json::value v = json::parse(r.body);
    const std::string description(v.at("report").at("description").as_string());
    if (description.find(marker) != std::string::npos) first = id;
    if (description.find("ab12cde") != std::string::npos) van = id;
    if (description.find("csqu3054384") != std::string::npos) typo = id;
    if (description.find("fishing") != std::string::npos) boat = id;
  }
  ASSERT_FALSE(first.empty() || van.empty() || typo.empty() || boat.empty());
  // The queue puts the three linked reports before the unlinked one.
  json::array items = json::parse(queue.body).as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[3].at("id").as_string(), boat);
  EXPECT_EQ(items[3].at("linked_open").as_int64(), 0);
  for (size_t i = 0; i < 3; ++i) EXPECT_GE(items[i].at("linked_open").as_int64(), 1);
  EXPECT_EQ(Waiting(s), 0);
  // Two a page: the Link header leads to the rest, in the same order.
  json::array paged;
  int pages = 0;
  for (std::string next = "/api/v1/handler/reports?limit=2"; !next.empty(); ++pages) {
    HttpResult p = Api(s, token, "GET", next);
    ASSERT_EQ(p.status, 200) << p.body;
    const json::value v = json::parse(p.body);
    for (const auto& item : v.as_array()) paged.push_back(item);
    const std::string link = p.Header("link");
    if (link.empty()) break;
    ASSERT_EQ(link.substr(link.size() - 12), "; rel=\"next\"") << link;
    next = link.substr(1, link.find('>') - 1);
  }
  EXPECT_EQ(pages, 1);  // two pages: 0 and 1
  EXPECT_EQ(paged, items);
  // What no page gave, and bad page sizes or statuses, are a clear 400.
  for (const char* bad : {"?after=p2a.nonsense", "?sort=age&after=p2a.2026-11-01.0", "?limit=0",
                          "?limit=201", "?limit=ten", "?status=lost", "?after=%00"}) {
    HttpResult r = Api(s, token, "GET", std::string("/api/v1/handler/reports") + bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_TRUE(json::parse(r.body).is_object()) << bad;
  }
  HttpResult only_new = Api(s, token, "GET", "/api/v1/handler/reports?status=new&limit=200");
  ASSERT_EQ(only_new.status, 200);
  EXPECT_EQ(json::parse(only_new.body).as_array().size(), 4u);
  EXPECT_EQ(json::parse(Api(s, token, "GET", "/api/v1/handler/reports?status=closed").body)
                .as_array()
                .size(),
            0u);

  HttpResult links = Api(s, token, "GET", "/api/v1/handler/reports/" + first + "/links");
  ASSERT_EQ(links.status, 200) << links.body;
  json::object l = json::parse(links.body).as_object();
  std::set<std::string> values;
  for (const auto& e : l.at("identifiers").as_array()) {
    values.insert(std::string(e.at("value").as_string()));
  }
  EXPECT_EQ(values, (std::set<std::string>{"AB12CDE", "CSQU3054383"}));
  std::map<std::string, std::set<std::string>> matches;
  for (const auto& lr : l.at("links").as_array()) {
    for (const auto& sh : lr.at("shared").as_array()) {
      matches[std::string(lr.at("report").as_string())].insert(
          std::string(sh.at("match").as_string()) + ":" + std::string(sh.at("value").as_string()));
    }
  }
  ASSERT_EQ(matches.size(), 2u) << links.body;
  EXPECT_TRUE(matches[van].count("exact:AB12CDE")) << links.body;
  EXPECT_TRUE(matches[typo].count("near:CSQU3054383")) << links.body;
  EXPECT_EQ(matches.count(boat), 0u);

  HttpResult graph =
      Api(s, token, "GET", "/api/v1/handler/reports/" + first + "/links/graph?depth=2");
  ASSERT_EQ(graph.status, 200) << graph.body;
  std::set<std::string> drawn;
  const json::value g = json::parse(graph.body);
  for (const auto& n : g.at("nodes").as_array()) {
    if (n.at("type") == "report") drawn.insert(std::string(n.at("report").as_string()));
  }
  EXPECT_EQ(drawn, (std::set<std::string>{first, van, typo}));
  EXPECT_EQ(
      Api(s, token, "GET", "/api/v1/handler/reports/" + std::string(32, 'a') + "/links").status,
      404);
  EXPECT_EQ(Api(s, "", "GET", "/api/v1/handler/reports/" + first + "/links").status, 401);

  // The pages, with the session cookie and without JavaScript.
  const std::string cookie = PageLogin(s, handler);
  ASSERT_FALSE(cookie.empty());
  HttpResult page =
      Send(s.port(), {"GET", "/handle/reports/" + first, {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Linked reports"), std::string::npos);
  EXPECT_NE(page.body.find("/handle/reports/" + van), std::string::npos);
  EXPECT_NE(page.body.find("/handle/reports/" + typo), std::string::npos);
  EXPECT_NE(page.body.find("CSQU3054384"), std::string::npos) << "the mistyped code is named";
  EXPECT_NE(page.body.find("/handle/links/" + first), std::string::npos);
  HttpResult drawing =
      Send(s.port(), {"GET", "/handle/links/" + first + "?depth=2", {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(drawing.status, 200);
  EXPECT_NE(drawing.body.find("<svg"), std::string::npos);
  EXPECT_NE(drawing.body.find("href=\"/handle/reports/" + van + "\""), std::string::npos);
  EXPECT_EQ(drawing.body.find("<script"), std::string::npos);
  HttpResult queue_page = Send(s.port(), {"GET", "/handle", {{"Cookie", cookie}}, "", ""});
  EXPECT_NE(queue_page.body.find("linked to 2 open"), std::string::npos);
  EXPECT_NE(queue_page.body.find("New (4)"), std::string::npos);
  EXPECT_EQ(queue_page.body.find("rel=\"next\""), std::string::npos);  // one page
  HttpResult bad_page = Send(s.port(), {"GET", "/handle?after=x", {{"Cookie", cookie}}, "", ""});
  EXPECT_EQ(bad_page.status, 400);
  EXPECT_NE(bad_page.body.find("start again"), std::string::npos);

  // With a handler signed in, a new report is indexed in the background.
  File(s, "Saw the white van AB12 CDE again this morning.");
  EXPECT_TRUE(testing::Eventually([&] { return Waiting(s) == 0; }))
      << "the worker did not index the new report";

  // Nothing identifying at rest or in the log, before and after a stop.
  Api(s, token, "DELETE", "/api/v1/session");
  for (const char* needle :
       {"AB12CDE", "AB12 CDE", "ab12cde", "CSQU3054383", "CSQU 305438", "csqu3054384"}) {
    ExpectNowhere(s, needle);
  }
  ExpectNowhere(s, marker);
  ASSERT_EQ(s.Stop(), 0);
  for (const char* needle : {"AB12CDE", "CSQU3054383", "csqu3054384"}) ExpectNowhere(s, needle);
}

// A flood of one text (each with a word changed) is one group for the
// handler, in the API and the page, and one action closes it, audited;
// other reports are left alone, and bad input is a clear 4xx.
TEST_F(LinksTest, AFloodOfOneTextIsOneGroupThatTheHandlerClosesInOneAction) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid",
                          {"--recovery-key-file", s.recovery_key_path()});
  for (int i = 0; i < 8; ++i) {
    File(s,
         "The harbour master takes bribes from every ship that docks here, everyone knows "
         "it, do something now! Sent by " +
             std::to_string(1000 + i));
  }
  File(s, "A van at gate four loads boxes from a reefer at night.");
  File(s, "The crane driver was offered money to skip a seal check.");
  const std::string token = Login(s, handler);
  ASSERT_FALSE(token.empty());

  // The groups are complete once the worker has read the index in, which
  // the sign-in starts.
  json::object answer;
  ASSERT_TRUE(Eventually([&] {
    HttpResult r = Api(s, token, "GET", "/api/v1/handler/groups");
    if (r.status != 200) return false;
    answer = json::parse(r.body).as_object();
    return answer.at("complete").as_bool();
  }));
  const json::array& listed = answer.at("groups").as_array();
  ASSERT_EQ(listed.size(), 1u) << json::serialize(answer);
  const std::string group(listed[0].at("id").as_string());
  const std::string as_seen(listed[0].at("as_seen").as_string());
  EXPECT_EQ(listed[0].at("reports").as_int64(), 8);
  EXPECT_EQ(listed[0].at("newest").as_array().size(), 5u);
  for (const char* bad : {"?limit=0", "?limit=101", "?limit=many"}) {
    EXPECT_EQ(Api(s, token, "GET", std::string("/api/v1/handler/groups") + bad).status, 400) << bad;
  }
  EXPECT_EQ(Api(s, "", "GET", "/api/v1/handler/groups").status, 401);
  const std::string close = "/api/v1/handler/groups/" + group + "/close";
  const std::string seen = R"("as_seen":")" + as_seen + R"(")";
  EXPECT_EQ(Api(s, token, "POST", close, "{" + seen + R"(,"reason":"bored"})").status, 400);
  EXPECT_EQ(Api(s, token, "POST", close, "{" + seen + R"(,"reason":"malicious","extra":1})").status,
            400);
  EXPECT_EQ(Api(s, token, "POST", close, "not json").status, 400);
  EXPECT_EQ(Api(s, token, "POST", close, R"({"as_seen":"8.0","reason":"malicious"})").status,
            409);  // not the group as it is
  EXPECT_EQ(Api(s, token, "POST", "/api/v1/handler/groups/" + std::string(32, 'a') + "/close",
                "{" + seen + R"(,"reason":"malicious"})")
                .status,
            404);

  // The page lists the group with its close form.
  const std::string cookie = PageLogin(s, handler);
  ASSERT_FALSE(cookie.empty());
  HttpResult page = Send(s.port(), {"GET", "/handle/groups", {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("8 reports"), std::string::npos);
  EXPECT_NE(page.body.find("/handle/groups/" + group + "/close"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"" + as_seen + "\""), std::string::npos);
  const std::string field = "name=\"csrf\" value=\"";
  const size_t at = page.body.find(field);
  ASSERT_NE(at, std::string::npos);
  const size_t from = at + field.size();
  const std::string csrf = page.body.substr(from, page.body.find('"', from) - from);
  auto post = [&](const std::vector<std::pair<std::string, std::string>>& fields) {
    return Send(s.port(),
                {"POST",
                 "/handle/groups/" + group + "/close",
                 {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}},
                 FormEncode(fields),
                 ""});
  };
  // Unconfirmed, or another form's token: nothing closes.
  HttpResult unconfirmed = post({{"csrf", csrf}, {"as_seen", as_seen}, {"reason", "malicious"}});
  EXPECT_EQ(unconfirmed.status, 400);
  EXPECT_NE(unconfirmed.body.find("Tick the box"), std::string::npos);
  EXPECT_EQ(
      post({{"csrf", "x"}, {"as_seen", as_seen}, {"reason", "malicious"}, {"confirm", "1"}}).status,
      403);
  HttpResult done = post({{"csrf", csrf},
                          {"as_seen", as_seen},
                          {"reason", "malicious"},
                          {"confirm", "1"},
                          {"note", "Junk."}});
  ASSERT_EQ(done.status, 303) << done.body;
  const std::string location = done.Header("location");
  EXPECT_EQ(location.rfind("/handle/groups?closed=8&", 0), 0u) << location;
  HttpResult after = Send(s.port(), {"GET", location, {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("Closed 8 reports."), std::string::npos);
  EXPECT_NE(after.body.find("No open reports are near-identical"), std::string::npos);
  // Counts in the address that are not counts say nothing.
  HttpResult odd = Send(
      s.port(), {"GET", "/handle/groups?closed=x&left=99999999999", {{"Cookie", cookie}}, "", ""});
  EXPECT_EQ(odd.status, 200);
  EXPECT_EQ(odd.body.find("Closed"), std::string::npos);

  // What is left open is the two other reports; the close is in the log.
  HttpResult queue = Api(s, token, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(json::parse(queue.body).as_array().size(), 2u);
  EXPECT_EQ(json::parse(Api(s, token, "GET", "/api/v1/handler/groups").body)
                .at("groups")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(Api(s, token, "POST", close, "{" + seen + R"(,"reason":"malicious"})").status, 404);
  HttpResult closed = Api(s, token, "GET", "/api/v1/handler/reports/" + group);
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(json::parse(closed.body).at("status").as_string(), "closed");
  EXPECT_NE(closed.body.find("report.closed_in_group"), std::string::npos) << closed.body;
}

}  // namespace
}  // namespace portsafe::testing
