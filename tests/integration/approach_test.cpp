// "I was approached" with the real server: the path's page in English and
// Polish without JavaScript; a refused approach keeps every answer; the
// JSON twin and its clear 400s; the handler sees approaches marked as such,
// with their own fields, and two that name the same account (typed two
// ways) linked by its handle; and the handle is never on disk in clear.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/text.h"
#include "integration/helpers.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

class ApproachTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
  TempDir dir_;
};

TEST_F(ApproachTest, FiledWithoutJavaScriptAndLinkedByTheHandleForTheHandler) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  HttpResult en = Send(s.port(), {"GET", "/approached?lang=en", {}, "", ""});
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(en.body.find("does not get you into trouble"), std::string::npos);
  EXPECT_NE(en.body.find("call 999"), std::string::npos);
  EXPECT_NE(en.body.find(R"(name="approach_asked" value="release_pin")"), std::string::npos);
  HttpResult pl = Send(s.port(), {"GET", "/approached?lang=pl", {}, "", ""});
  ASSERT_EQ(pl.status, 200);
  EXPECT_EQ(pl.body.find("does not get you into trouble"), std::string::npos);
  EXPECT_NE(pl.body.find("999"), std::string::npos);
  // The home page and the report form lead to it; a facility's link keeps
  // the facility's port.
  EXPECT_NE(Send(s.port(), {"GET", "/?lang=en", {}, "", ""}).body.find("/approached?lang=en"),
            std::string::npos);
  EXPECT_NE(Send(s.port(), {"GET", "/report", {}, "", ""}).body.find("/approached"),
            std::string::npos);
  HttpResult by_port = Send(s.port(), {"GET", "/approached/gbfxt", {}, "", ""});
  EXPECT_EQ(by_port.status, 200);
  EXPECT_NE(by_port.body.find("Felixstowe"), std::string::npos);
  EXPECT_EQ(Send(s.port(), {"GET", "/approached/NOWHERE", {}, "", ""}).status, 404);
  // The report form offers no approach category: that is this path's.
  EXPECT_EQ(Send(s.port(), {"GET", "/report", {}, "", ""}).body.find(R"(value="approach")"),
            std::string::npos);

  const std::string handle_marker = Unique("dockmate");
  // Nothing asked: refused, every answer kept.
  HttpResult refused = PostForm(s, "/approached",
                                {{"lang", "en"},
                                 {"port", "Felixstowe"},
                                 {"approach_how", "social_media"},
                                 {"approach_handle", "@" + handle_marker},
                                 {"approach_offered", "money"},
                                 {"people", "Tall, forties"},
                                 {"action", "send"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("Choose at least one thing they asked you to do."),
            std::string::npos);
  EXPECT_NE(refused.body.find(R"(value="@)" + handle_marker + "\""), std::string::npos);
  EXPECT_NE(refused.body.find(R"(value="money" checked)"), std::string::npos);
  EXPECT_NE(refused.body.find(R"(value="social_media" checked)"), std::string::npos);
  EXPECT_NE(refused.body.find("Tall, forties</textarea>"), std::string::npos);
  // A choice that is not one is refused too.
  HttpResult bad_choice = PostForm(s, "/approached",
                                   {{"port", "GBFXT"},
                                    {"approach_asked", "release_pin"},
                                    {"approach_when", "yesterday at 14:05"},
                                    {"action", "send"}});
  EXPECT_EQ(bad_choice.status, 400);

  HttpResult sent = PostForm(s, "/approached",
                             {{"lang", "en"},
                              {"port", "Felixstowe"},
                              {"approach_how", "social_media"},
                              {"approach_handle", "@" + handle_marker},
                              {"approach_offered", "money"},
                              {"approach_offered", "debt_relief"},
                              {"approach_asked", "release_pin"},
                              {"approach_asked", "pass_or_access"},
                              {"approach_when", "last_week"},
                              {"people", "Tall, forties"},
                              {"approach_ongoing", "yes"},
                              {"approach_danger", "unsure"},
                              {"action", "send"}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  const std::string receipt = ReceiptIn(sent.body);
  ASSERT_EQ(receipt.size(), 24u) << sent.body;
  // The follow-up page gives the answers back in words.
  HttpResult view = PostForm(s, "/followup", {{"action", "open"}, {"receipt", receipt}});
  ASSERT_EQ(view.status, 200);
  for (const char* words : {"Lend my pass, or let someone in, Give a release PIN", "Last week",
                            "Money, To clear a debt", "On social media"}) {
    EXPECT_NE(view.body.find(words), std::string::npos) << words;
  }

  // The JSON twin: the same account as a profile address, and another.
  HttpResult api = PostJson(
      s.port(), "/api/v1/approaches",
      json::serialize(json::object{{"port", "GBFXT"},
                                   {"how", "social_media"},
                                   {"handle", "https://instagram.example/" + handle_marker + "/"},
                                   {"what_asked", json::array{"move_a_box"}},
                                   {"offered", json::array{"threats"}},
                                   {"when", "this_month"},
                                   {"in_danger", "yes"}}));
  ASSERT_EQ(api.status, 201) << api.body;
  EXPECT_EQ(json::parse(api.body).at("receipt").as_string().size(), 24u);
  HttpResult other = PostJson(s.port(), "/api/v1/approaches",
                              R"({"port":"GBFXT","how":"social_media","handle":"@someone_else",
                                  "what_asked":["rosters"]})");
  ASSERT_EQ(other.status, 201) << other.body;
  HttpResult report =
      PostJson(s.port(), "/api/v1/reports", R"({"port":"GBFXT","description":"A van at gate 4"})");
  ASSERT_EQ(report.status, 201);
  // Clear 400s.
  const std::map<std::string, std::string> refusals = {
      {R"({"port":"GBFXT"})", "what_asked"},
      {R"({"port":"GBFXT","what_asked":"rosters"})", "must be an array"},
      {R"({"port":"GBFXT","what_asked":["rosters,look_away"]})", "must be an array"},
      {R"({"port":"GBFXT","what_asked":["bribe"]})", "what_asked"},
      {R"({"what_asked":["rosters"]})", "port"},
      {R"({"port":"GBFXT","what_asked":["rosters"],"category":"drugs"})", "unknown field"},
      {R"({"port":"GBFXT","what_asked":["rosters"],"when":"2026-11-03 21:00"})", "when"},
  };
  for (const auto& [body, says] : refusals) {
    HttpResult r = PostJson(s.port(), "/api/v1/approaches", body);
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << body << " " << r.body;
  }
  // The report API takes no approach answers.
  EXPECT_EQ(PostJson(s.port(), "/api/v1/reports",
                     R"({"port":"GBFXT","description":"x","approach_how":"in_person"})")
                .status,
            400);
  EXPECT_EQ(PostJson(s.port(), "/api/v1/reports",
                     R"({"port":"GBFXT","description":"x","category":"approach"})")
                .status,
            400);

  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid",
                          {"--recovery-key-file", s.recovery_key_path()});
  const std::string token = Login(s, handler);
  ASSERT_FALSE(token.empty());
  HttpResult queue = Api(s, token, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200) << queue.body;
  std::map<std::string, std::string> kinds, priorities;  // by id
  const json::value listed = json::parse(queue.body);
  for (const auto& item : listed.as_array()) {
    kinds[std::string(item.at("id").as_string())] = item.at("kind").as_string();
    priorities[std::string(item.at("id").as_string())] = item.at("priority").as_string();
  }
  ASSERT_EQ(kinds.size(), 4u);
  std::string form_id, api_id, other_id, report_id;
  for (const auto& [id, kind] : kinds) {
    HttpResult r = Api(s, token, "GET", "/api/v1/handler/reports/" + id);
    ASSERT_EQ(r.status, 200);
    const json::value v = json::parse(r.body);
    const auto& f = v.at("report");
    if (kind == "report") {
      report_id = id;
      continue;
    }
    EXPECT_EQ(kind, "approach");
    EXPECT_EQ(f.at("category").as_string(), "approach");
    if (f.at("approach_asked") == "pass_or_access,release_pin") {
      form_id = id;
      EXPECT_EQ(f.at("approach_offered").as_string(), "money,debt_relief");
      EXPECT_EQ(f.at("approach_when").as_string(), "last_week");
      EXPECT_EQ(f.at("approach_danger").as_string(), "unsure");
      EXPECT_EQ(f.at("people").as_string(), "Tall, forties");
    } else if (f.at("approach_asked") == "move_a_box") {
      api_id = id;
    } else {
      other_id = id;
    }
  }
  ASSERT_FALSE(form_id.empty() || api_id.empty() || other_id.empty() || report_id.empty());
  // Someone who feels in danger is seen first; "not sure" is not raised.
  EXPECT_EQ(priorities[api_id], "high");
  EXPECT_EQ(priorities[form_id], "normal");
  // The two that name one account are linked by its handle; the others not.
  HttpResult links = Api(s, token, "GET", "/api/v1/handler/reports/" + form_id + "/links");
  ASSERT_EQ(links.status, 200) << links.body;
  std::set<std::string> linked;
  const json::value found = json::parse(links.body);
  for (const auto& l : found.at("links").as_array()) {
    linked.insert(std::string(l.at("report").as_string()));
    for (const auto& sh : l.at("shared").as_array()) {
      EXPECT_EQ(sh.at("kind").as_string(), "social_handle") << links.body;
      EXPECT_EQ(sh.at("value").as_string(), text::Lower(handle_marker)) << links.body;
    }
  }
  EXPECT_EQ(linked, std::set<std::string>{api_id}) << links.body;

  // The pages mark it and give its answers in words.
  const std::string cookie = PageLogin(s, handler);
  ASSERT_FALSE(cookie.empty());
  HttpResult q = Send(s.port(), {"GET", "/handle", {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(q.status, 200);
  EXPECT_NE(q.body.find(R"(<span class="tag approach">approach</span>)"), std::string::npos);
  HttpResult page =
      Send(s.port(), {"GET", "/handle/reports/" + form_id, {{"Cookie", cookie}}, "", ""});
  ASSERT_EQ(page.status, 200);
  for (const char* words : {"I was approached", "Lend my pass, or let someone in",
                            "Money, To clear a debt", "Do you feel in danger?", "Not sure"}) {
    EXPECT_NE(page.body.find(words), std::string::npos) << words;
  }

  EXPECT_EQ(s.Stop(), 0);
  ExpectNowhere(s, handle_marker);
  ExpectNowhere(s, text::Lower(handle_marker));
}

}  // namespace
}  // namespace portsafe::testing
