// Router, catalogue, templates and JSON API handlers, driven in process with
// a mock reporting service (no network).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/assets.h"
#include "core/port_directory.h"
#include "service/mock_reporting_service.h"
#include "support/temp_dir.h"
#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/app.h"
#include "web/figures_view.h"
#include "web/i18n.h"
#include "web/json_body.h"
#include "web/security_headers.h"
#include "web/staff_view.h"
#include "web/templates.h"

namespace portsafe::web {
namespace {

using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::ReturnRef;

Response Call(const Router& r, Request req) {
  std::optional<Response> out;
  r.Dispatch(req, [&out](Response res) { out = std::move(res); });
  EXPECT_TRUE(out.has_value());
  return out.value_or(Response{});
}

Request Req(std::string method, std::string path, std::string body = "",
            std::string content_type = "") {
  Request r;
  r.method = std::move(method);
  size_t q = path.find('?');
  r.path = path.substr(0, q);
  if (q != std::string::npos) r.query = path.substr(q + 1);
  r.body = std::move(body);
  if (!content_type.empty()) r.headers.emplace_back("content-type", content_type);
  return r;
}

class WebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = Catalogue::LoadEmbedded();
    ASSERT_TRUE(c.ok());
    catalogue_ = std::move(*c);
    ON_CALL(svc_, ports()).WillByDefault(ReturnRef(ports_));
    ON_CALL(svc_, FindFacility(_)).WillByDefault(Return(std::optional<store::Facility>()));
    router_ = BuildRouter(WebContext{&svc_, &catalogue_});
  }
  core::PortDirectory ports_{
      {{"GBFXT", "Felixstowe", "SFK", "AF"}, {"GBHRW", "Harwich", "ESS", "AF"}}};
  Catalogue catalogue_;
  NiceMock<service::MockReportingService> svc_;
  std::unique_ptr<Router> router_;
};

TEST(RouterTest, MatchesParamsAndAnswers404And405) {
  Router r;
  std::string seen;
  r.Add("GET", "/r/{code}", [&seen](Request& req, Respond respond) {
    seen = req.params["code"];
    respond(Response{});
  });
  EXPECT_EQ(Call(r, Req("GET", "/r/GBFXT")).status, 200);
  EXPECT_EQ(seen, "GBFXT");
  EXPECT_EQ(Call(r, Req("HEAD", "/r/GBFXT")).status, 200);
  Response m = Call(r, Req("POST", "/r/GBFXT"));
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.headers.front().second, "GET");
  EXPECT_EQ(Call(r, Req("GET", "/r")).status, 404);
  EXPECT_EQ(Call(r, Req("GET", "/r/a/b")).status, 404);
}

TEST(RouterTest, AHandlerThatThrowsIsAnsweredOnceWithABare500) {
  Router r;
  r.Add("GET", "/boom", [](Request&, Respond) { throw std::runtime_error("secret detail"); });
  r.Add("GET", "/late", [](Request&, Respond respond) {
    respond(Response{});
    throw std::out_of_range("after answering");
  });
  Response boom = Call(r, Req("GET", "/boom"));
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.body.find("secret"), std::string::npos);
  int answers = 0;
  Request late = Req("GET", "/late");
  r.Dispatch(late, [&answers](Response res) {
    ++answers;
    EXPECT_EQ(res.status, 200);
  });
  EXPECT_EQ(answers, 1);
}

// The one mapping from an error to an HTTP status, for pages and API alike.
TEST(HttpStatusForTest, EveryErrorCodeHasItsStatus) {
  const std::pair<Error, int> cases[] = {
      {InvalidArgument("x"), 400},  {Unauthenticated("x"), 401}, {PermissionDenied("x"), 403},
      {NotFound("x"), 404},         {AlreadyExists("x"), 409},   {PayloadTooLarge("x"), 413},
      {UnsupportedMedia("x"), 415}, {RateLimited("x"), 429},     {Internal("x"), 500},
      {Unavailable("x"), 503},
  };
  for (const auto& [e, status] : cases) EXPECT_EQ(HttpStatusFor(e), status) << e.message();
}

TEST(CatalogueTest, EveryLanguageIsComplete) {
  auto c = Catalogue::LoadEmbedded();
  ASSERT_TRUE(c.ok());
  ASSERT_GE(c->languages().size(), 6u);
  EXPECT_EQ(c->languages().front().code, "en");
  for (const auto& l : c->languages()) {
    EXPECT_TRUE(c->MissingKeys(l.code).empty())
        << l.code << " misses " << c->MissingKeys(l.code).front();
  }
  EXPECT_EQ(c->Pick("pl"), "pl");
  EXPECT_EQ(c->Pick("xx"), "en");
  EXPECT_EQ(c->Pick("../en"), "en");
  EXPECT_NE(c->T("pl", "send_report"), c->T("en", "send_report"));
}

TEST(CatalogueTest, FileSizesAreInKilobytesAndMegabytesInTheReadersLanguage) {
  auto c = Catalogue::LoadEmbedded();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->FileSize("en", 0), "0 bytes");
  EXPECT_EQ(c->FileSize("en", 999), "999 bytes");
  EXPECT_EQ(c->FileSize("en", 1000), "1 KB");
  EXPECT_EQ(c->FileSize("en", 182'400), "182 KB");
  EXPECT_EQ(c->FileSize("en", 999'499), "999 KB");
  EXPECT_EQ(c->FileSize("en", 999'999), "1.0 MB");
  EXPECT_EQ(c->FileSize("en", 3'449'999), "3.4 MB");
  EXPECT_EQ(c->FileSize("en", 12'600'000), "13 MB");
  EXPECT_EQ(c->FileSize("pl", 3'449'999), "3,4 MB");
  EXPECT_EQ(c->FileSize("pl", 812), "812 B");
  EXPECT_EQ(c->FileSize("uk", 182'400), "182 КБ");
  for (const auto& l : c->languages()) {
    if (l.code != "en") EXPECT_EQ(c->FileSize(l.code, 500).find("bytes"), std::string::npos);
    EXPECT_NE(c->FileSize(l.code, 5'000'000).find('5'), std::string::npos) << l.code;
  }
}

TEST(CatalogueTest, TheBrowsersLanguageIsTheOneItRanksHighestThatWeHave) {
  auto c = Catalogue::LoadEmbedded();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->FromAcceptLanguage("pl-PL,pl;q=0.9,en-GB;q=0.8,en;q=0.7"), "pl");
  EXPECT_EQ(c->FromAcceptLanguage("de-DE,de;q=0.9,uk;q=0.8,en;q=0.7"), "uk");
  EXPECT_EQ(c->FromAcceptLanguage("en;q=0.5, RO"), "ro");
  EXPECT_EQ(c->FromAcceptLanguage("lt;q=0.25,pt-BR;q=0.3"), "pt");
  EXPECT_EQ(c->FromAcceptLanguage("pl;q=0"), "");
  EXPECT_EQ(c->FromAcceptLanguage("de, fr"), "");
  EXPECT_EQ(c->FromAcceptLanguage(""), "");
  EXPECT_EQ(c->FromAcceptLanguage(",,;;q=,-"), "");
}

TEST(AttachmentDispositionTest, AStoredNameKeepsItsExtensionAndAnythingOddIsRefused) {
  EXPECT_EQ(AttachmentDisposition("file-2.txt"), "attachment; filename=\"file-2.txt\"");
  EXPECT_EQ(AttachmentDisposition("photo-1.jpg"), "attachment; filename=\"photo-1.jpg\"");
  for (std::string_view odd :
       {"", ".htaccess", "a\"b.txt", "a b.txt", "a/b.txt", "ä.txt", "x.txt\r\nSet-Cookie: a=b"}) {
    EXPECT_EQ(AttachmentDisposition(odd), "attachment; filename=\"report-file\"") << odd;
  }
}

TEST_F(WebTest, EveryPageRendersInEveryLanguage) {
  for (const auto& l : catalogue_.languages()) {
    for (const char* path : {"/", "/report", "/followup", "/r/GBFXT", "/nowhere"}) {
      Response res = Call(*router_, Req("GET", std::string(path) + "?lang=" + l.code));
      EXPECT_EQ(res.body.find("template"), std::string::npos) << path;
      EXPECT_NE(res.body.find("<html lang=\"" + l.code + "\">"), std::string::npos) << path;
      // No key left untranslated in the output (keys look like word_word).
      EXPECT_EQ(res.body.find("home_title"), std::string::npos);
      EXPECT_EQ(res.body.find("error."), std::string::npos) << path;
    }
    // "Before you report" on the home page and above the form, in the
    // reader's language.
    for (const char* path : {"/", "/report", "/r/GBFXT"}) {
      Response res = Call(*router_, Req("GET", std::string(path) + "?lang=" + l.code));
      for (const char* key : {"safety_title", "safety_own_phone", "safety_private", "safety_kept",
                              "safety_tell_nobody"}) {
        EXPECT_NE(res.body.find(catalogue_.T(l.code, key)), std::string::npos) << path << key;
        if (l.code != "en") EXPECT_NE(catalogue_.T(l.code, key), catalogue_.T("en", key)) << key;
      }
      EXPECT_LT(res.body.find("class=\"safety\""), res.body.find("<form")) << path;
    }
  }
}

TEST_F(WebTest, PagesLoadNothingFromElsewhereAndHaveNoInlineScript) {
  for (const char* path : {"/", "/report", "/followup"}) {
    Response res = Call(*router_, Req("GET", path));
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body.find("http://"), std::string::npos) << path;
    EXPECT_EQ(res.body.find("https://"), std::string::npos) << path;
    EXPECT_EQ(res.body.find("<script"), std::string::npos) << path;
    EXPECT_EQ(res.body.find(" style="), std::string::npos) << path;
  }
}

TEST_F(WebTest, ReportFormKeepsEverythingTypedWhenInvalidAndEscapesIt) {
  std::string body =
      "lang=pl&port=Atlantis&description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&when=wtorek&action="
      "send";
  EXPECT_CALL(svc_, Submit(_, _, _)).Times(0);
  Response res = Call(*router_, Req("POST", "/report", body, "application/x-www-form-urlencoded"));
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(res.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(res.body.find("value=\"wtorek\""), std::string::npos);
  EXPECT_NE(res.body.find(catalogue_.T("pl", "error.port_unknown")), std::string::npos);
}

TEST_F(WebTest, FindPortOffersCandidatesWithoutJavaScript) {
  // A typo is offered as the port it was meant for.
  Response res =
      Call(*router_, Req("POST", "/report", "port=Felixtowe&action=find&description=keep+me",
                         "application/x-www-form-urlencoded"));
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("value=\"GBFXT\""), std::string::npos);
  EXPECT_EQ(res.body.find("value=\"GBHRW\""), std::string::npos);
  EXPECT_NE(res.body.find("keep me"), std::string::npos);
}

TEST_F(WebTest, ValidReportShowsReceipt) {
  EXPECT_CALL(svc_, Submit(_, _, _))
      .WillOnce([](core::ReportSubmission s, std::vector<core::FileUpload>,
                   service::ReportingService::SubmitDone done) {
        EXPECT_EQ(s.port, "GBFXT");
        EXPECT_EQ(s.lang, "ro");
        done(service::Submitted{"AAAA-BBBB-CCCC-DDDD-EEEE", {}});
      });
  Response res = Call(
      *router_, Req("POST", "/report", "lang=ro&port=Harwich+(GBHRW)&port_pick=GBFXT&description=x",
                    "application/x-www-form-urlencoded"));
  EXPECT_EQ(res.status, 200);
  // Each group whole, the receipt one piece of text.
  EXPECT_NE(res.body.find("<span>AAAA-</span><span>BBBB-</span><span>CCCC-</span><span>DDDD-</span>"
                          "<span>EEEE</span>"),
            std::string::npos);
  // Nothing in the header leads away from a code that is not shown again,
  // and the one link on the page comes after a warning.
  EXPECT_EQ(res.body.find("hreflang="), std::string::npos);
  EXPECT_EQ(res.body.find("href=\"/?lang="), std::string::npos);
  const size_t warning = res.body.find(catalogue_.T("ro", "receipt_leave_warning"));
  ASSERT_NE(warning, std::string::npos);
  EXPECT_LT(warning, res.body.find("href=\"/followup"));
  // Every other page keeps the language links.
  Response form = Call(*router_, Req("GET", "/report?lang=ro"));
  EXPECT_NE(form.body.find("hreflang=\"pl\""), std::string::npos);
}

TEST_F(WebTest, ALinkNamingNoLanguageUsesTheBrowsersAndALinkThatNamesOneWins) {
  Request polish = Req("GET", "/report");
  polish.headers.emplace_back("accept-language", "pl-PL,pl;q=0.9,en;q=0.8");
  Response res = Call(*router_, polish);
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("<html lang=\"pl\">"), std::string::npos);
  Request named = Req("GET", "/report?lang=en");
  named.headers.emplace_back("accept-language", "pl");
  EXPECT_NE(Call(*router_, named).body.find("<html lang=\"en\">"), std::string::npos);
  Request unknown = Req("GET", "/");
  unknown.headers.emplace_back("accept-language", "de");
  EXPECT_NE(Call(*router_, unknown).body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(WebTest, FacilityLinkPrefillsAndStaleFacilityIsDropped) {
  EXPECT_CALL(svc_, FindFacility(std::string("GBFXT-TRINITY")))
      .WillOnce(Return(std::optional<store::Facility>(
          store::Facility{"GBFXT-TRINITY", "GBFXT", "Trinity Terminal"})));
  Response link = Call(*router_, Req("GET", "/r/GBFXT-TRINITY"));
  EXPECT_EQ(link.status, 200);
  EXPECT_NE(link.body.find("name=\"facility\" value=\"GBFXT-TRINITY\""), std::string::npos);
  EXPECT_NE(link.body.find("value=\"Felixstowe (GBFXT)\""), std::string::npos);
  EXPECT_NE(link.body.find("value=\"Trinity Terminal\""), std::string::npos);
  // As a phone's keyboard types it: the same facility.
  EXPECT_CALL(svc_, FindFacility(std::string("GBFXT-TRINITY")))
      .WillOnce(Return(std::optional<store::Facility>(
          store::Facility{"GBFXT-TRINITY", "GBFXT", "Trinity Terminal"})));
  Response lower = Call(*router_, Req("GET", "/r/gbfxt-trinity"));
  EXPECT_EQ(lower.status, 200);
  EXPECT_NE(lower.body.find("name=\"facility\" value=\"GBFXT-TRINITY\""), std::string::npos);
  // The language links lead back to the facility's link.
  EXPECT_NE(lower.body.find("href=\"/r/GBFXT-TRINITY?lang=pl\""), std::string::npos);
  EXPECT_EQ(lower.body.find("href=\"/report?lang=pl\""), std::string::npos);

  EXPECT_CALL(svc_, Submit(_, _, _))
      .WillOnce([](core::ReportSubmission, std::vector<core::FileUpload>,
                   service::ReportingService::SubmitDone done) {
        done(InvalidField("facility", "the reporting link is out of date")
                 .WithKey("error.facility_unknown"));
      });
  Response res = Call(
      *router_, Req("POST", "/report", "port=GBFXT&facility=GBFXT-GONE&area=Berth+9&description=x",
                    "application/x-www-form-urlencoded"));
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find(catalogue_.T("en", "error.facility_unknown")), std::string::npos);
  EXPECT_NE(res.body.find("name=\"facility\" value=\"\""), std::string::npos);
  EXPECT_NE(res.body.find("value=\"Berth 9\""), std::string::npos);
}

TEST_F(WebTest, OverloadAnswers503WithRetryAfter) {
  EXPECT_CALL(svc_, Submit(_, _, _))
      .WillRepeatedly(
          [](core::ReportSubmission, std::vector<core::FileUpload>,
             service::ReportingService::SubmitDone done) { done(Unavailable("busy")); });
  Response api = Call(*router_, Req("POST", "/api/v1/reports",
                                    R"({"port":"GBFXT","description":"x"})", "application/json"));
  EXPECT_EQ(api.status, 503);
  bool retry = false;
  for (auto& [k, v] : api.headers) retry |= k == "Retry-After";
  EXPECT_TRUE(retry);
  Response page = Call(*router_, Req("POST", "/report", "port=GBFXT&description=x",
                                     "application/x-www-form-urlencoded"));
  EXPECT_EQ(page.status, 503);
}

// Too many files being cleaned: the form comes back in the reporter's
// language with every word kept, 503 with Retry-After, and the way to send
// without the files.
TEST_F(WebTest, FilesBusyKeepsTheWordsAndSaysWhatToDoInTheReportersLanguage) {
  EXPECT_CALL(svc_, Submit(_, _, _))
      .WillOnce([](core::ReportSubmission, std::vector<core::FileUpload>,
                   service::ReportingService::SubmitDone done) {
        done(Unavailable("too many files are being cleaned")
                 .WithField("files")
                 .WithKey("error.files_busy"));
      });
  Response page = Call(*router_, Req("POST", "/report",
                                     "lang=pl&port=GBFXT&description=Paczki+w+kontenerze&when=noc",
                                     "application/x-www-form-urlencoded"));
  EXPECT_EQ(page.status, 503);
  std::string retry;
  for (auto& [k, v] : page.headers) {
    if (k == "Retry-After") retry = v;
  }
  EXPECT_EQ(retry, "30");
  EXPECT_NE(page.body.find(catalogue_.T("pl", "error.files_busy")), std::string::npos);
  EXPECT_NE(page.body.find("Paczki w kontenerze"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"noc\""), std::string::npos);
  EXPECT_NE(page.body.find("<form"), std::string::npos);
}

TEST_F(WebTest, ApiRejectsBadInputWithClear4xx) {
  struct Case {
    std::string body, type;
    int status;
    std::string error_part;
  } cases[] = {
      {R"({"port":"GBFXT"})", "application/json", 400, "description"},
      {R"({"port":"GBFXT","description":"x","colour":"red"})", "application/json", 400,
       "unknown field"},
      {R"({"port":"GBFXT","description":5})", "application/json", 400, "must be a string"},
      {R"({"port":"GBNOPE","description":"x"})", "application/json", 400, "port"},
      {R"([1,2])", "application/json", 400, "JSON object"},
      {R"({"port":)", "application/json", 400, "not valid JSON"},
      {R"([[[[[[[[[[[[1]]]]]]]]]]]])", "application/json", 400, "not valid JSON"},
      {R"({"port":"GBFXT","description":"x"})", "text/plain", 415, "application/json"},
      {"{\"port\":\"GBFXT\",\"description\":\"\xC3\x28\"}", "application/json", 400, ""},
  };
  EXPECT_CALL(svc_, Submit(_, _, _)).Times(0);
  for (const auto& c : cases) {
    Response res = Call(*router_, Req("POST", "/api/v1/reports", c.body, c.type));
    EXPECT_EQ(res.status, c.status) << c.body;
    EXPECT_EQ(res.content_type, "application/json");
    auto v = boost::json::parse(res.body);
    EXPECT_NE(std::string(v.at("error").as_string()).find(c.error_part), std::string::npos)
        << res.body;
  }
}

TEST_F(WebTest, ApiSelfNeedsReceiptHeader) {
  EXPECT_CALL(svc_, Open(std::string_view("")))
      .WillOnce(Return(Result<service::ReportView>(NotFound("error.receipt_not_found"))));
  Response res = Call(*router_, Req("GET", "/api/v1/reports/self"));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, R"({"error":"no report matches that receipt"})");
}

TEST_F(WebTest, PortsApiAndUnknownApiPath) {
  Response res = Call(*router_, Req("GET", "/api/v1/ports?q=felix"));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"([{"code":"GBFXT","name":"Felixstowe"}])");
  EXPECT_EQ(Call(*router_, Req("GET", "/api/v1/nothing")).status, 404);
  EXPECT_EQ(Call(*router_, Req("GET", "/api/v1/ports?q=%FF")).status, 400);
}

TEST_F(WebTest, StaticFilesAreCacheableAndTraversalIsRefused) {
  Response css = Call(*router_, Req("GET", "/static/style.css"));
  EXPECT_EQ(css.status, 200);
  EXPECT_TRUE(css.cacheable);
  EXPECT_EQ(Call(*router_, Req("GET", "/static/..%2F..%2Fetc%2Fpasswd")).status, 404);
  EXPECT_EQ(Call(*router_, Req("GET", "/static/nope.css")).status, 404);
}

TEST(SecurityHeadersTest, StrictByDefaultHstsOnRequest) {
  const std::string page = SecurityHeaderBlock(false, {});
  for (const char* line : {"Cache-Control: no-store\r\n", "Referrer-Policy: no-referrer\r\n",
                           "X-Frame-Options: DENY\r\n", "X-Content-Type-Options: nosniff\r\n",
                           "X-XSS-Protection: 0\r\n"}) {
    EXPECT_NE(page.find(line), std::string::npos) << line;
  }
  EXPECT_NE(page.find("Content-Security-Policy: default-src 'self'"), std::string::npos);
  EXPECT_EQ(page.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(page.find("Strict-Transport-Security"), std::string::npos);
  EXPECT_NE(SecurityHeaderBlock(true, {}).find("Cache-Control: public, max-age=86400\r\n"),
            std::string::npos);
  EXPECT_NE(SecurityHeaderBlock(false, {.hsts = true}).find("Strict-Transport-Security: max-age="),
            std::string::npos);
}

// A figures CSV opened in a spreadsheet runs no formula: a field that
// starts with any character a spreadsheet reads as one (a tab or carriage
// return before it included) is made text.
TEST(HistoryInWordsTest, OneLineAnActionAndReadsFoldedTogether) {
  using E = service::AuditLog::Entry;
  auto entry = [](std::string on, std::string who, std::string role, std::string action) {
    return E{0, std::move(on), {std::move(who), std::move(role), std::move(action), "r1"}};
  };
  const std::vector<E> log = {
      entry("2026-12-01", "aaaa1111bbbb2222", "handler", "report.read"),
      entry("2026-12-01", "aaaa1111bbbb2222", "handler", "report.read"),
      entry("2026-12-02", "cccc3333dddd4444", "supervisor", "file.read"),
      entry("2026-12-03", "aaaa1111bbbb2222", "handler", "report.read"),
      entry("2026-12-03", "aaaa1111bbbb2222", "handler", "report.graded"),
      entry("2026-12-04", "cccc3333dddd4444", "supervisor", "report.read"),
      entry("2026-12-05", "eeee5555ffff6666", "agency", "package.outcome_recorded"),
      entry("2026-12-05", "cli", "operator", "report.something_new"),
  };
  const auto lines = HistoryInWords(log, {{"aaaa1111bbbb2222", "ann@example.org"}});
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].on, "2026-12-01 to 2026-12-03");
  EXPECT_EQ(lines[0].text, "read by 2 people, 4 times");
  EXPECT_EQ(lines[1].on, "2026-12-03");
  EXPECT_EQ(lines[1].text, "graded by ann@example.org");
  EXPECT_EQ(lines[2].text, "read by a supervisor (cccc3333)");
  EXPECT_EQ(lines[3].text, "outcome recorded by an agency officer (eeee5555)");
  EXPECT_EQ(lines[4].text, "report.something_new by the operator");
}

TEST(FigureTablesTest, MonthsWhoseEveryCountIsHiddenSayItInOneSentence) {
  auto cat = Catalogue::LoadEmbedded();
  ASSERT_TRUE(cat.ok());
  core::FigureTable by_port{"reports-by-port", "Reports by port", core::Dimension::kPort, {},
                            "2026-10",         "2026-11"};
  for (const char* port : {"GBFXT", "GBDVR", "GBSOU"}) {
    by_port.rows.push_back({port, port, core::CellState::kBelowMinimum, 0});
  }
  core::FigureTable freeports{"reports-by-freeport",
                              "Reports by freeport",
                              core::Dimension::kFreeport,
                              {},
                              "2026-10",
                              "2026-11"};
  freeports.rows.push_back({"Thames", "Thames", core::CellState::kProtectsAnother, 0});
  for (const char* lang : {"en", "pl", "uk"}) {
    const std::string html = RenderFigureTables(*cat, lang, {by_port, freeports}, "/figures");
    EXPECT_NE(html.find(cat->T(lang, "figures_all_hidden")), std::string::npos) << lang;
    EXPECT_EQ(html.find("<table"), std::string::npos) << lang;
    EXPECT_EQ(html.find(cat->T(lang, "figures_none")), std::string::npos) << lang;
  }
  // One count shown: the tables, and what a freeport is under its own.
  freeports.rows.push_back({"Solent", "Solent", core::CellState::kShown, 9});
  const std::string html = RenderFigureTables(*cat, "en", {by_port, freeports}, "/figures");
  EXPECT_EQ(html.find(cat->T("en", "figures_all_hidden")), std::string::npos);
  EXPECT_NE(html.find("<table"), std::string::npos);
  EXPECT_NE(html.find("A freeport is an area"), std::string::npos);
  // Nothing published at all: one sentence.
  const std::string none = RenderFigureTables(*cat, "en", {}, "/figures");
  EXPECT_NE(none.find(cat->T("en", "figures_none")), std::string::npos);
  EXPECT_EQ(none.find("<table"), std::string::npos);
}

TEST(FigureCsvTest, TheHeaderIsInTheReadersLanguage) {
  auto cat = Catalogue::LoadEmbedded();
  ASSERT_TRUE(cat.ok());
  core::FigureTable t{"reports-by-port", "Reports by port", core::Dimension::kPort, {}, "", ""};
  t.rows.push_back({"GBFXT", "Felixstowe", core::CellState::kShown, 7});
  const std::string en = FigureCsv(t, {"Felixstowe"}, {"7"}, FigureCsvHeader(*cat, "en", t));
  EXPECT_EQ(en.substr(0, en.find("\r\n")), "Port,Reports,State,Shown as");
  const std::string pl = FigureCsv(t, {"Felixstowe"}, {"7"}, FigureCsvHeader(*cat, "pl", t));
  EXPECT_EQ(pl.substr(0, pl.find("\r\n")), cat->T("pl", "figures_col_port") + "," +
                                               cat->T("pl", "figures_count") + ",Stan," +
                                               "Pokazano jako");
}

TEST(FigureCsvTest, NoFieldStartsAsAFormula) {
  core::FigureTable t;
  t.dimension = core::Dimension::kPort;
  const std::vector<std::string> labels = {"=1+1",   "+1",     "-1",        "@SUM(A1)",
                                           "\t=1+1", "\r=1+1", "Felixstowe"};
  for (size_t i = 0; i < labels.size(); ++i) {
    t.rows.push_back({"k" + std::to_string(i), "", core::CellState::kShown, 7});
  }
  const std::string csv = FigureCsv(t, labels, std::vector<std::string>(labels.size(), "=cmd"));
  size_t line_start = csv.find("\r\n") + 2;  // after the header
  for (size_t i = 0; i < labels.size(); ++i) {
    // The label, unquoted or quoted, and the text field after the state.
    std::string_view line(csv.data() + line_start, csv.size() - line_start);
    const std::string_view field = line.substr(line[0] == '"' ? 1 : 0);
    if (i + 1 < labels.size()) {
      EXPECT_EQ(field[0], '\'') << i;
    } else {
      EXPECT_EQ(field.substr(0, 10), "Felixstowe");
    }
    const size_t end = csv.find(",shown,", line_start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ(csv.substr(end + 7, 5), "'=cmd") << i;
    line_start = csv.find("\r\n", end) + 2;
  }
}

}  // namespace
}  // namespace portsafe::web
