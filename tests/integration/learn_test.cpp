// Learning to recognise (/learn) with the real server: the lessons in every
// language without JavaScript or a cookie; a knowledge check answered with
// plain form posts, kept when incomplete and marked answer by answer; the
// JSON twin; and what is stored of it: a bare count per facility, month and
// lesson, nothing else.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "integration/helpers.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

struct LessonTally {
  std::string facility, port, month, key;
  std::int64_t count = 0;
};

// The lesson counts in the live database.
std::vector<LessonTally> LessonTallies(const ServerProcess& s) {
  std::vector<LessonTally> out;
  auto c = store::SqliteConn::Open(service::DatabasePath(s.data_dir()), true);
  if (!c.ok()) return out;
  std::unique_ptr<store::SqliteConn> conn(std::move(*c));
  (void)conn->Exec("PRAGMA busy_timeout=5000");
  auto q = conn->Prepare(
      "SELECT facility_code, port_code, month, key, count FROM tallies WHERE metric = 'lessons' "
      "ORDER BY key");
  if (!q.ok()) return out;
  store::Stmt st(*q);
  while (st.Step() == store::kRow) {
    out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4)});
  }
  return out;
}

class LearnTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(LearnTest, ALessonAndItsCheckWithoutJavaScriptOrACookieCountOnlyForTheFacility) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  std::string out;
  ASSERT_EQ(RunPortsafe({"facility", "add", "--data", s.data_dir(), "--code", "GBFXT-TRINITY",
                         "--port", "GBFXT", "--name", "Trinity Terminal"},
                        &out),
            0)
      << out;

  HttpResult index = Send(s.port(), {"GET", "/learn?lang=pl", {}, "", ""});
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("set-cookie"), "");
  EXPECT_NE(index.body.find(R"(<html lang="pl">)"), std::string::npos);
  EXPECT_NE(index.body.find("/learn/insider-kinds?lang=pl"), std::string::npos);
  // A facility's learning link, typed in lower case, leads to its lessons.
  HttpResult facility = Send(s.port(), {"GET", "/learn/gbfxt-trinity?lang=en", {}, "", ""});
  ASSERT_EQ(facility.status, 200);
  EXPECT_NE(facility.body.find("/learn/GBFXT-TRINITY/recruitment?lang=en"), std::string::npos);
  for (const char* missing : {"/learn/no-such-lesson", "/learn/GBFXT-NOWHERE/recruitment",
                              "/learn/GBFXT-TRINITY/no-such-lesson"}) {
    EXPECT_EQ(Send(s.port(), {"GET", missing, {}, "", ""}).status, 404) << missing;
  }
  HttpResult lesson = Send(s.port(), {"GET", "/learn/GBFXT-TRINITY/recruitment", {}, "", ""});
  ASSERT_EQ(lesson.status, 200);
  EXPECT_NE(lesson.body.find(R"(action="/learn/GBFXT-TRINITY/recruitment")"), std::string::npos);
  EXPECT_NE(lesson.body.find(R"(name="q4" value="b")"), std::string::npos);
  // It ends with the way to say "I was approached", through the facility.
  EXPECT_NE(lesson.body.find(R"(href="/approached/GBFXT-TRINITY?lang=en")"), std::string::npos);

  // Half answered: the check again, the answers given kept, 400.
  HttpResult half =
      PostForm(s, "/learn/GBFXT-TRINITY/recruitment", {{"lang", "en"}, {"q1", "c"}, {"q3", "a"}});
  EXPECT_EQ(half.status, 400);
  EXPECT_NE(half.body.find("Please answer every question"), std::string::npos);
  EXPECT_NE(half.body.find(R"(value="c" checked)"), std::string::npos);
  EXPECT_NE(half.body.find(R"(href="#q2")"), std::string::npos);
  EXPECT_NE(half.body.find(R"(href="#q4")"), std::string::npos);
  EXPECT_TRUE(LessonTallies(s).empty()) << "an incomplete check counts nothing";

  // Answered in full: each answer marked, with why.
  HttpResult done = PostForm(s, "/learn/GBFXT-TRINITY/recruitment",
                             {{"lang", "en"}, {"q1", "c"}, {"q2", "b"}, {"q3", "b"}, {"q4", "b"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Header("set-cookie"), "");
  EXPECT_NE(done.body.find("3 of 4 right"), std::string::npos);
  EXPECT_NE(done.body.find("Agreeing, even to find out more, can put you in danger."),
            std::string::npos);
  EXPECT_NE(done.body.find("The right answer:"), std::string::npos);
  EXPECT_NE(done.body.find("/learn/GBFXT-TRINITY/signs-on-port?lang=en"), std::string::npos)
      << "the next lesson, through the same link";
  // Without a facility's link: marked, not counted.
  EXPECT_EQ(PostForm(s, "/learn/recruitment", {{"q1", "c"}, {"q2", "a"}, {"q3", "b"}, {"q4", "b"}})
                .status,
            200);

  // The JSON twin.
  HttpResult list = Send(s.port(), {"GET", "/api/v1/learn?lang=uk", {}, "", ""});
  ASSERT_EQ(list.status, 200);
  const json::value lv = json::parse(list.body);
  EXPECT_EQ(lv.at("lang").as_string(), "uk");
  EXPECT_EQ(lv.at("lessons").as_array().size(), 6u);
  HttpResult one = Send(s.port(), {"GET", "/api/v1/learn/insider-kinds?lang=lt", {}, "", ""});
  ASSERT_EQ(one.status, 200);
  const json::value ov = json::parse(one.body);
  EXPECT_EQ(ov.at("then").as_string(), "approached");
  EXPECT_EQ(ov.at("questions").as_array().size(), 3u);
  EXPECT_EQ(ov.at("questions").as_array()[0].as_object().count("answer"), 0u)
      << "the right answers are not given away before answering";
  HttpResult marked = PostJson(s.port(), "/api/v1/learn/insider-kinds/answers",
                               R"({"lang":"pl","facility":"GBFXT-TRINITY",
                                   "answers":{"q1":"b","q2":"c","q3":"b"}})");
  ASSERT_EQ(marked.status, 200) << marked.body;
  const json::value mv = json::parse(marked.body);
  EXPECT_TRUE(mv.at("complete").as_bool());
  EXPECT_EQ(mv.at("right").as_int64(), 2);
  EXPECT_FALSE(mv.at("answers").as_array()[2].at("right").as_bool());
  EXPECT_EQ(mv.at("answers").as_array()[2].at("answer").as_string(), "a");
  for (const auto& [body, status] : std::vector<std::pair<std::string, int>>{
           {R"({"answers":{"q1":1}})", 400},
           {R"({"answers":["q1"]})", 400},
           {R"({"answers":{},"who":"me"})", 400},
           {R"({"facility":"GBFXT-NOWHERE","answers":{}})", 404},
           {"{broken", 400}}) {
    EXPECT_EQ(PostJson(s.port(), "/api/v1/learn/insider-kinds/answers", body).status, status)
        << body;
  }
  EXPECT_EQ(PostJson(s.port(), "/api/v1/learn/nope/answers", R"({"answers":{}})").status, 404);
  EXPECT_EQ(Send(s.port(), {"GET", "/api/v1/learn/nope", {}, "", ""}).status, 404);

  // What is stored: one count per facility, month and lesson.
  const auto tallies = LessonTallies(s);
  ASSERT_EQ(tallies.size(), 2u);
  EXPECT_EQ(tallies[0].key, "insider-kinds");
  EXPECT_EQ(tallies[1].key, "recruitment");
  for (const auto& t : tallies) {
    EXPECT_EQ(t.facility, "GBFXT-TRINITY");
    EXPECT_EQ(t.port, "GBFXT");
    EXPECT_TRUE(std::regex_match(t.month, std::regex("[0-9]{4}-[0-9]{2}"))) << t.month;
    EXPECT_EQ(t.count, 1);
  }
  EXPECT_EQ(s.Stop(), 0);
  // No time of day in the log, and nothing of the lessons taken.
  const std::string log = ReadAll(s.log_path());
  EXPECT_FALSE(std::regex_search(log, std::regex("[0-9]{2}:[0-9]{2}:[0-9]{2}")));
  EXPECT_EQ(log.find("recruitment"), std::string::npos);
  EXPECT_EQ(log.find("insider-kinds"), std::string::npos);
}

}  // namespace
}  // namespace portsafe::testing
