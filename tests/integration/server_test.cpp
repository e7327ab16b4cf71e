// Integration tests: the real `portsafe` binary, a fresh instance, a real
// socket on port 0. These prove the anonymity and security promises of issue
// #2 end to end: markers never reach the disk or logs in clear, client
// addresses and user agents are never written, headers are strict, limits
// answer 4xx, and an acknowledged report survives a crash.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "core/limits.h"
#include "integration/helpers.h"
#include "store/sql_store.h"
#include "support/eventually.h"
#include "support/http_client.h"
#include "support/images.h"
#include "support/server_process.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

HttpResult PostFiles(std::uint16_t port, const std::string& receipt, MultipartBuilder& mb) {
  return Send(port, {"POST",
                     "/api/v1/reports/self/files",
                     {{"Content-Type", mb.ContentType()}, {"Authorization", "Receipt " + receipt}},
                     mb.Finish(),
                     ""});
}

// Sends a report at Felixstowe through the HTML form.
HttpResult SendFormReport(int port, const std::string& description) {
  MultipartBuilder mb;
  mb.Field("lang", "en").Field("port", "felixstowe").Field("category", "drugs");
  mb.Field("description", description).Field("how_known", "saw");
  mb.Field("action", "send");
  return Send(port, {"POST", "/report", {{"Content-Type", mb.ContentType()}}, mb.Finish(), ""});
}

class ServerTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(ServerTest, HtmlFormsReportAndFollowUpWithoutJavaScript) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  HttpResult form = Send(s.port(), {"GET", "/report?lang=lt", {}, "", ""});
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Rasti uostą"), std::string::npos);

  HttpResult sent = SendFormReport(s.port(), "Bags moved from a reefer at night");
  ASSERT_EQ(sent.status, 200);
  std::string receipt = ReceiptIn(sent.body);
  ASSERT_EQ(receipt.size(), 24u) << sent.body;
  EXPECT_EQ(sent.Header("cache-control"), "no-store");

  std::string open = FormEncode({{"lang", "en"}, {"action", "open"}, {"receipt", receipt}});
  HttpResult view = Send(
      s.port(),
      {"POST", "/followup", {{"Content-Type", "application/x-www-form-urlencoded"}}, open, ""});
  ASSERT_EQ(view.status, 200);
  EXPECT_NE(view.body.find("Bags moved from a reefer at night"), std::string::npos);
  EXPECT_NE(view.body.find("Felixstowe (GBFXT)"), std::string::npos);
  // The receipt is only ever in POST bodies, never in a link or form action.
  EXPECT_EQ(std::regex_search(view.body, std::regex("(href|action)=\"[^\"]*" + receipt)), false);

  std::string reply =
      FormEncode({{"action", "message"}, {"receipt", receipt}, {"text", "It was a blue van"}});
  HttpResult replied = Send(
      s.port(),
      {"POST", "/followup", {{"Content-Type", "application/x-www-form-urlencoded"}}, reply, ""});
  EXPECT_EQ(replied.status, 200);
  EXPECT_NE(replied.body.find("It was a blue van"), std::string::npos);

  MultipartBuilder files;
  files.Field("action", "files").Field("receipt", receipt);
  files.File("files", "p.png", "image/png", PngWithMetadata(8, 8, "PNG-META"));
  HttpResult added = Send(
      s.port(), {"POST", "/followup", {{"Content-Type", files.ContentType()}}, files.Finish(), ""});
  EXPECT_EQ(added.status, 200);
  EXPECT_NE(added.body.find("photo-1.png"), std::string::npos);

  // The page's one form sends a message and files together, the message
  // first; a refused message keeps its text and asks for the files again,
  // so nothing typed is lost and nothing is half sent.
  MultipartBuilder both;
  both.Field("action", "send").Field("receipt", receipt).Field("text", "The van came back");
  both.File("files", "q.png", "image/png", PngWithMetadata(8, 8, "PNG-META"));
  HttpResult sent_both = Send(
      s.port(), {"POST", "/followup", {{"Content-Type", both.ContentType()}}, both.Finish(), ""});
  EXPECT_EQ(sent_both.status, 200) << sent_both.body;
  EXPECT_NE(sent_both.body.find("The van came back"), std::string::npos);
  EXPECT_NE(sent_both.body.find("photo-2.png"), std::string::npos);
  EXPECT_NE(sent_both.body.find("Your files have been added."), std::string::npos);
  const std::string too_long(20000, 'x');
  MultipartBuilder refused;
  refused.Field("action", "send").Field("receipt", receipt).Field("text", too_long);
  refused.File("files", "r.png", "image/png", PngWithMetadata(8, 8, "PNG-META"));
  HttpResult kept =
      Send(s.port(),
           {"POST", "/followup", {{"Content-Type", refused.ContentType()}}, refused.Finish(), ""});
  EXPECT_EQ(kept.status, 400) << kept.body;
  EXPECT_NE(kept.body.find(">" + too_long + "</textarea>"), std::string::npos);
  EXPECT_NE(kept.body.find("please choose them again"), std::string::npos);
  EXPECT_EQ(kept.body.find("photo-3.png"), std::string::npos);

  std::string wrong = FormEncode({{"action", "open"}, {"receipt", "AAAA-AAAA-AAAA-AAAA-AAAA"}});
  HttpResult nf = Send(
      s.port(),
      {"POST", "/followup", {{"Content-Type", "application/x-www-form-urlencoded"}}, wrong, ""});
  EXPECT_EQ(nf.status, 404);
}

TEST_F(ServerTest, NoFollowUpActionAnswers5xxWithAValidReceipt) {
  // A scanner sent unknown actions with a valid receipt and got 500s.
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  HttpResult sent = SendFormReport(s.port(), "Copper cable cut from a crane");
  const std::string receipt = ReceiptIn(sent.body);
  ASSERT_EQ(receipt.size(), 24u) << sent.body;
  const std::vector<std::pair<std::string, int>> actions = {
      {"open", 200},    {"", 200},
      {"message", 400}, {"files", 400},
      {"send", 400},    {"find", 400},
      {"OPEN", 400},    {"message ", 400},
      {"x\r\n", 400},   {std::string("a\0b", 3), 400},
      {"<b>", 400},     {std::string(5000, 'a'), 400}};
  for (const auto& [action, want] : actions) {
    // "message" without text and "files" without files are refused as
    // empty; the rest as unknown.
    HttpResult r =
        Send(s.port(), {"POST",
                        "/followup",
                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                        FormEncode({{"lang", "en"}, {"action", action}, {"receipt", receipt}}),
                        ""});
    EXPECT_EQ(r.status, want) << "action '" << action.substr(0, 20) << "'";
    EXPECT_NE(r.body.find("Copper cable cut from a crane"), std::string::npos) << action;
  }
  EXPECT_EQ(Send(s.port(), {"GET", "/healthz", {}, "", ""}).status, 200);
}

// Keys live in the server's memory: it writes no core dump (its core limit
// is 0, and it marks itself not dumpable, so no core and no ptrace by
// another process of its user).
TEST_F(ServerTest, TheServerWritesNoCoreDump) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  const std::string limits = ReadAll("/proc/" + std::to_string(s.pid()) + "/limits");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(limits, m, std::regex("Max core file size +(\\S+) +(\\S+)")))
      << limits;
  EXPECT_EQ(m[1].str(), "0");
  EXPECT_EQ(m[2].str(), "0");
}

TEST_F(ServerTest, JsonApiTwin) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  HttpResult ports = Send(s.port(), {"GET", "/api/v1/ports?q=felix", {}, "", ""});
  EXPECT_EQ(ports.status, 200);
  EXPECT_NE(ports.body.find(R"({"code":"GBFXT","name":"Felixstowe"})"), std::string::npos);

  HttpResult created = PostJson(
      s.port(), "/api/v1/reports",
      R"({"port":"GBFXT","category":"cargo_theft","description":"Seals swapped","containers":"MSCU 123456 5"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string receipt(json::parse(created.body).at("receipt").as_string());

  EXPECT_EQ(
      PostJson(s.port(), "/api/v1/reports/self/messages", R"({"text":"Second seal too"})", receipt)
          .status,
      201);
  MultipartBuilder mb;
  mb.File("file", "IMG_0001.jpg", "image/jpeg", JpegWithMetadata(16, 16, "EXIF-GPS"));
  mb.File("file", "notes.pdf", "application/pdf",
          ReadAll(std::string(PORTSAFE_TESTDATA) + "/media/marked.pdf"));
  EXPECT_EQ(PostFiles(s.port(), receipt, mb).status, 201);

  HttpResult self = GetSelf(s.port(), receipt);
  ASSERT_EQ(self.status, 200);
  auto v = json::parse(self.body);
  EXPECT_EQ(v.at("status").as_string(), "new");
  EXPECT_EQ(v.at("report").at("description").as_string(), "Seals swapped");
  EXPECT_EQ(v.at("messages").as_array().size(), 1u);
  auto& f = v.at("files").as_array();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_TRUE(f[0].at("metadata_removed").as_bool());
  EXPECT_EQ(f[0].at("name").as_string(), "photo-1.jpg");
  EXPECT_TRUE(f[1].at("metadata_removed").as_bool());  // the PDF, drawn as a picture
  EXPECT_EQ(f[1].at("name").as_string(), "document-2.jpg");

  HttpResult bad_facility = PostJson(
      s.port(), "/api/v1/reports", R"({"port":"GBFXT","facility":"free text","description":"x"})");
  EXPECT_EQ(bad_facility.status, 400);
  EXPECT_NE(bad_facility.body.find("out of date"), std::string::npos);

  EXPECT_EQ(GetSelf(s.port(), "AAAA-AAAA-AAAA-AAAA-AAAA").status, 404);
  EXPECT_EQ(GetSelf(s.port(), "garbage").status, 404);
  EXPECT_EQ(GetSelf(s.port(), "garbage").body, GetSelf(s.port(), "AAAA-AAAA-AAAA-AAAA-AAAA").body);
  EXPECT_EQ(PostJson(s.port(), "/api/v1/reports/self/messages", R"({"text":"x"})",
                     "AAAA-AAAA-AAAA-AAAA-AAAA")
                .status,
            404);
}

TEST_F(ServerTest, MarkerIsEncryptedEverywhereAtRest) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  const std::string body_marker = Unique("BODYMARKER");
  const std::string msg_marker = Unique("MSGMARKER");
  const std::string file_marker = Unique("FILEMARKER");
  const std::string form_marker = Unique("FORMMARKER");
  HttpResult created =
      PostJson(s.port(), "/api/v1/reports",
               R"({"port":"GBFXT","description":")" + body_marker + R"(","people":")" +
                   body_marker + R"(","area":")" + body_marker + R"("})");
  ASSERT_EQ(created.status, 201);
  std::string receipt(json::parse(created.body).at("receipt").as_string());
  EXPECT_EQ(PostJson(s.port(), "/api/v1/reports/self/messages",
                     R"({"text":")" + msg_marker + R"("})", receipt)
                .status,
            201);
  MultipartBuilder mb;
  mb.File("file", file_marker + ".png", "image/png", PngWithMetadata(8, 8, file_marker));
  EXPECT_EQ(PostFiles(s.port(), receipt, mb).status, 201);
  MultipartBuilder html;
  html.Field("port", "GBDVR").Field("description", form_marker).Field("action", "send");
  EXPECT_EQ(
      Send(s.port(), {"POST", "/report", {{"Content-Type", html.ContentType()}}, html.Finish(), ""})
          .status,
      200);
  // While running (WAL not yet checkpointed) and after a clean stop.
  for (const auto& m : {body_marker, msg_marker, file_marker, form_marker}) ExpectNowhere(s, m);
  const std::string canonical = [&] {
    std::string c;
    for (char ch : receipt)
      if (ch != '-') c.push_back(ch);
    return c;
  }();
  EXPECT_EQ(s.Stop(), 0);
  for (const auto& m : {body_marker, msg_marker, file_marker, form_marker, receipt, canonical}) {
    ExpectNowhere(s, m);
  }
  // And the receipt still opens it after a restart.
  ServerProcess again(dir_.path(), {}, false);
  ASSERT_TRUE(again.ok());
  HttpResult self = GetSelf(again.port(), receipt);
  ASSERT_EQ(self.status, 200);
  EXPECT_NE(self.body.find(body_marker), std::string::npos);
}

TEST_F(ServerTest, ClientAddressUserAgentAndTimesAreNeverWritten) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  const std::string ua = "PortSafeTestAgent/9.9 (" + Unique("UA") + ")";
  const std::string xff = "203.0.113.77";
  std::vector<std::pair<std::string, std::string>> hdrs = {{"User-Agent", ua},
                                                           {"X-Forwarded-For", xff},
                                                           {"X-Real-IP", xff},
                                                           {"Content-Type", "application/json"}};
  HttpCall c{"POST", "/api/v1/reports", hdrs,
             R"({"port":"GBFXT","description":"from a distinctive address"})", "127.0.0.57"};
  HttpResult created = Send(s.port(), c);
  ASSERT_EQ(created.status, 201);
  std::string receipt(json::parse(created.body).at("receipt").as_string());
  HttpCall page{"GET", "/report", hdrs, "", "127.0.0.57"};
  EXPECT_EQ(Send(s.port(), page).status, 200);
  // "I was approached" and a lesson's check, from the same address.
  HttpCall approach{"POST", "/api/v1/approaches", hdrs,
                    R"({"port":"GBFXT","what_asked":["release_pin"],"handle":"@someone"})",
                    "127.0.0.57"};
  EXPECT_EQ(Send(s.port(), approach).status, 201);
  std::vector<std::pair<std::string, std::string>> form_hdrs = {
      {"User-Agent", ua},
      {"X-Forwarded-For", xff},
      {"Content-Type", "application/x-www-form-urlencoded"}};
  HttpCall lesson{"POST", "/learn/recruitment", form_hdrs, "q1=c&q2=a&q3=b&q4=b", "127.0.0.57"};
  EXPECT_EQ(Send(s.port(), lesson).status, 200);
  HttpCall approached{"POST", "/approached", form_hdrs,
                      "port=GBFXT&approach_asked=rosters&action=send", "127.0.0.57"};
  EXPECT_EQ(Send(s.port(), approached).status, 200);
  HttpCall bad{"POST", "/api/v1/reports", hdrs, "{broken", "127.0.0.57"};
  EXPECT_EQ(Send(s.port(), bad).status, 400);
  HttpCall self{"GET",
                "/api/v1/reports/self",
                {{"Authorization", "Receipt " + receipt}, {"User-Agent", ua}},
                "",
                "127.0.0.57"};
  EXPECT_EQ(Send(s.port(), self).status, 200);
  EXPECT_EQ(s.Stop(), 0);
  for (const std::string& needle :
       {std::string("127.0.0.57"), ua, std::string("PortSafeTestAgent"), xff}) {
    ExpectNowhere(s, needle);
  }
  // No clock time in the logs: only dates are kept, and only in the database.
  std::string log = ReadAll(s.log_path());
  EXPECT_FALSE(std::regex_search(log, std::regex("[0-9]{2}:[0-9]{2}:[0-9]{2}")));
  EXPECT_FALSE(std::regex_search(log, std::regex("\"(time|ts|timestamp|ip|remote|user_agent)\"")));
}

TEST_F(ServerTest, SecurityHeadersOnEveryKindOfResponse) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  for (const char* target : {"/", "/report", "/followup", "/r/GBFXT", "/nowhere",
                             "/api/v1/ports?q=a", "/api/v1/nothing", "/static/style.css"}) {
    HttpResult r = Send(s.port(), {"GET", target, {}, "", ""});
    EXPECT_NE(r.status, 0) << target;
    EXPECT_NE(r.Header("content-security-policy").find("default-src 'self'"), std::string::npos)
        << target;
    EXPECT_EQ(r.Header("content-security-policy").find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(r.Header("referrer-policy"), "no-referrer") << target;
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(r.Header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(r.Header("strict-transport-security"), "") << target;
    EXPECT_EQ(r.Header("server"), "");
    EXPECT_EQ(r.Header("set-cookie"), "") << target;
    if (std::string(target) != "/static/style.css") {
      EXPECT_EQ(r.Header("cache-control"), "no-store") << target;
    }
    // API answers (found or not) are downloads if opened as a page.
    const bool api = std::string(target).starts_with("/api/");
    EXPECT_EQ(r.Header("content-disposition"), api ? "attachment; filename=\"api.json\"" : "")
        << target;
  }
  EXPECT_EQ(Send(s.port(), {"GET", "/r/GBFXT", {}, "", ""}).status, 200);
  EXPECT_EQ(Send(s.port(), {"GET", "/r/NOPE1", {}, "", ""}).status, 404);
  s.Stop();
  TempDir tls;
  ServerProcess behind_tls(tls.path(), {"--hsts"});
  ASSERT_TRUE(behind_tls.ok());
  EXPECT_NE(Send(behind_tls.port(), {"GET", "/", {}, "", ""})
                .Header("strict-transport-security")
                .find("max-age="),
            std::string::npos);
}

TEST_F(ServerTest, LimitsAnswer4xxAndStoreNothingHalfWay) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  const std::uint16_t p = s.port();
  auto status_of = [](const std::string& raw) {
    return raw.size() >= 12 ? std::atoi(raw.substr(9, 3).c_str()) : 0;
  };
  // Body too large for its type (form/JSON bodies are capped lower than multipart).
  HttpResult big = PostJson(p, "/api/v1/reports", std::string(300 * 1024, ' '));
  EXPECT_EQ(big.status, 413);
  // Header bytes and header count.
  std::string huge = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  EXPECT_EQ(status_of(SendRaw(p, huge)), 431);
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 80; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(status_of(SendRaw(p, many + "\r\n")), 431);
  EXPECT_EQ(status_of(SendRaw(p, "NONSENSE\r\n\r\n")), 400);
  EXPECT_EQ(status_of(SendRaw(p,
                              "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                              "chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n")),
            400);
  // A file over the limit, too many files, a broken image: 4xx and no report.
  MultipartBuilder toolarge;
  toolarge.Field("port", "GBFXT").Field("description", "x").Field("action", "send");
  toolarge.File("files", "big.bin", "application/octet-stream",
                std::string(5 * 1024 * 1024 + 1, 'x'));
  EXPECT_EQ(
      Send(p,
           {"POST", "/report", {{"Content-Type", toolarge.ContentType()}}, toolarge.Finish(), ""})
          .status,
      400);
  MultipartBuilder toomany;
  toomany.Field("port", "GBFXT").Field("description", "x").Field("action", "send");
  for (int i = 0; i < 5; ++i) toomany.File("files", "f.txt", "text/plain", "x");
  EXPECT_EQ(
      Send(p, {"POST", "/report", {{"Content-Type", toomany.ContentType()}}, toomany.Finish(), ""})
          .status,
      400);
  MultipartBuilder video;
  video.Field("port", "GBFXT").Field("description", "x").Field("action", "send");
  video.File("files", "p.jpg", "image/jpeg",
             std::string("\0\0\0\x18"
                         "ftypmp42\0\0\0\0isom",
                         20));
  EXPECT_EQ(
      Send(p, {"POST", "/report", {{"Content-Type", video.ContentType()}}, video.Finish(), ""})
          .status,
      415);
  // A photo that does not decode is left out, and the report is kept (the
  // receipt says which file was not kept): the one report before "fine".
  MultipartBuilder broken;
  broken.Field("port", "GBFXT").Field("description", "x").Field("action", "send");
  broken.File("files", "p.jpg", "image/jpeg", std::string("\xFF\xD8\xFF\xE0garbage", 11));
  HttpResult kept =
      Send(p, {"POST", "/report", {{"Content-Type", broken.ContentType()}}, broken.Finish(), ""});
  EXPECT_EQ(kept.status, 200);
  EXPECT_NE(kept.body.find("could not be read, so it was not kept"), std::string::npos);
  EXPECT_EQ(Send(p, {"POST",
                     "/report",
                     {{"Content-Type", "multipart/form-data; boundary=zz"}},
                     "--zz\r\nbroken",
                     ""})
                .status,
            400);
  EXPECT_EQ(Send(p, {"POST", "/report", {{"Content-Type", "text/plain"}}, "x", ""}).status, 415);
  EXPECT_EQ(PostJson(p, "/api/v1/reports", "{\"port\":\"GBFXT\",\"description\":\"\xFF\"}").status,
            400);
  EXPECT_EQ(Send(p, {"DELETE", "/report", {}, "", ""}).status, 405);
  // None of the refused submissions left anything behind: besides the report
  // whose photo was left out, one good report is the only one.
  HttpResult ok = PostJson(p, "/api/v1/reports", R"({"port":"GBFXT","description":"fine"})");
  EXPECT_EQ(ok.status, 201);
  // The same process answered everything and stops cleanly: it never crashed.
  EXPECT_EQ(s.Stop(), 0);
  auto store = store::SqlStore::OpenSqlite(s.data_dir() + "/portsafe.db");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->reports().CountReports(), 2);
}

TEST_F(ServerTest, OverloadAnswers503WithRetryAfterInsteadOfFallingOver) {
  ServerProcess s(dir_.path(), {"--max-connections", "1", "--pressure-log-seconds", "1"});
  ASSERT_TRUE(s.ok());
  // Hold the only connection slot with a request whose body is on its way
  // (a request in hand is never closed to make room).
  int held =
      ConnectAndSend(s.port(),
                     "POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nport=");
  ASSERT_GE(held, 0);
  // Once the server has taken the held connection, the next one is refused.
  HttpResult busy;
  EXPECT_TRUE(testing::Eventually([&] {
    busy = Send(s.port(), {"GET", "/", {}, "", ""});
    return busy.status == 503;
  })) << busy.status;
  EXPECT_EQ(busy.Header("retry-after"), "5");
  // The operator sees it: a summary of what was turned away, counts only.
  std::string line;
  EXPECT_TRUE(testing::Eventually([&] {
    std::istringstream log(ReadAll(s.log_path()));
    for (std::string l; std::getline(log, l);) {
      if (l.find("\"turned away\"") != std::string::npos) line = l;
    }
    return !line.empty();
  }));
  EXPECT_NE(line.find("\"connections_full\":"), std::string::npos) << line;
  EXPECT_EQ(line.find("\"connections_full\":0"), std::string::npos) << line;
  EXPECT_EQ(line.find("127.0.0.1"), std::string::npos) << line;
  EXPECT_EQ(line.find("/"), std::string::npos) << line;  // no path
  ::close(held);
  // Once the server has seen it close, the slot is free again.
  EXPECT_TRUE(testing::Eventually([&] {
    return Send(s.port(), {"GET", "/", {}, "", ""}).status == 200;
  }));
}

// True once the server has closed `fd` (a read returns end of file or an
// error); waits at most `limit`.
bool ClosedByServer(int fd, std::chrono::milliseconds limit) {
  pollfd p{fd, POLLIN, 0};
  for (auto left = limit; left.count() > 0; left -= std::chrono::milliseconds(50)) {
    if (poll(&p, 1, 50) > 0) {
      char buf[4096];
      const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) return true;
    }
  }
  return false;
}

// Slowloris: every slot is held by a connection that never finishes its
// request's head. A reporter still gets in at once: the connection that
// has waited longest gives up its slot.
TEST_F(ServerTest, SlowHeadsGiveTheirSlotsToNewConnections) {
  ServerProcess s(dir_.path(), {"--max-connections", "4"});
  ASSERT_TRUE(s.ok());
  std::vector<int> slow;
  for (int i = 0; i < 4; ++i) {
    slow.push_back(ConnectAndSend(s.port(), "GET / HTTP/1.1\r\nX-a: b\r\n"));
    ASSERT_GE(slow.back(), 0);
    // One at a time, so that the server sees them in this order.
    ASSERT_TRUE(testing::Eventually([&] {
      return Send(s.port(), {"GET", "/healthz", {}, "", ""}).status == 200;
    }));
  }
  for (int round = 0; round < 6; ++round) {
    HttpResult page = Send(s.port(), {"GET", "/report", {}, "", ""});
    EXPECT_EQ(page.status, 200) << "round " << round;
  }
  // The oldest slow connection was closed to make room.
  EXPECT_TRUE(ClosedByServer(slow.front(), std::chrono::seconds(5)));
  for (int fd : slow) ::close(fd);
}

// Slow body and slow head: cut off once the head's deadline has passed, or
// once the body falls below the minimum rate.
TEST_F(ServerTest, SlowHeadsAndSlowBodiesAreCutOff) {
  ServerProcess s(dir_.path(), {"--header-timeout", "1", "--min-transfer-rate", "1024"});
  ASSERT_TRUE(s.ok());
  int head = ConnectAndSend(s.port(), "GET / HTTP/1.1\r\n");
  // A body of 2,000 bytes at 1 KiB/s must be in within 1 s + 2 s; this one
  // sends 10 bytes and stops.
  int body =
      ConnectAndSend(s.port(),
                     "POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\nport=GBFXT");
  ASSERT_GE(head, 0);
  ASSERT_GE(body, 0);
  EXPECT_TRUE(ClosedByServer(head, std::chrono::seconds(8)));
  EXPECT_TRUE(ClosedByServer(body, std::chrono::seconds(8)));
  ::close(head);
  ::close(body);
  EXPECT_EQ(Send(s.port(), {"GET", "/healthz", {}, "", ""}).status, 200);
}

// Uploads take their temporary storage from a budget as they arrive. A
// sender that declares a large upload and trickles it holds only what it
// has sent, so it keeps no reporter out; a body that finds the budget full
// waits, then is answered 503 (forms have a budget of their own and go on); once the
// uploads end, uploads are taken again.
TEST_F(ServerTest, UploadsTakeSpoolAsTheyArriveAndAFullBudgetAnswers503) {
  ServerProcess s(dir_.path(), {"--upload-spool", "1"});
  ASSERT_TRUE(s.ok());
  const std::string head =
      "POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
      "boundary=b\r\nContent-Length: " +
      std::to_string(limits::kMultipartBodyMax) + "\r\n\r\n--b\r\n";
  // Declares 20 MiB against a spool of 1 MiB, and sends five bytes.
  const int trickle = ConnectAndSend(s.port(), head);
  ASSERT_GE(trickle, 0);
  pollfd p{trickle, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 300), 0) << "the trickling upload was answered at once";
  // A reporter with a photo still gets in.
  MultipartBuilder mb;
  mb.Field("lang", "en").Field("port", "GBFXT").Field("category", "drugs");
  mb.Field("description", "with a photo").Field("how_known", "saw").Field("action", "send");
  mb.File("files", "a.jpg", "image/jpeg", testing::JpegWithMetadata(64, 48, "x"));
  HttpResult with_photo =
      Send(s.port(), {"POST", "/report", {{"Content-Type", mb.ContentType()}}, mb.Finish(), ""});
  EXPECT_EQ(with_photo.status, 200) << with_photo.body.substr(0, 200);
  // An upload that sends a whole mebibyte fills the budget, waits for room,
  // and is answered 503.
  const int filler = ConnectAndSend(s.port(), head + std::string(1 << 20, 'x'));
  ASSERT_GE(filler, 0);
  std::string refused;
  pollfd f{filler, POLLIN, 0};
  if (poll(&f, 1, 15000) > 0) {
    char buf[4096];
    const ssize_t n = recv(filler, buf, sizeof buf, 0);
    if (n > 0) refused.assign(buf, static_cast<size_t>(n));
  }
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  EXPECT_NE(refused.find("Retry-After: 30\r\n"), std::string::npos) << refused;
  // Forms have their own budget.
  HttpResult form =
      Send(s.port(), {"POST",
                      "/report",
                      {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "lang=en&port=GBFXT&category=drugs&description=words&action=send",
                      ""});
  EXPECT_EQ(form.status, 200);
  ::close(trickle);
  ::close(filler);
  EXPECT_TRUE(testing::Eventually([&] {
    MultipartBuilder again;
    again.Field("lang", "en").Field("port", "GBFXT").Field("category", "drugs");
    again.Field("description", "after").Field("how_known", "saw").Field("action", "send");
    again.File("files", "b.jpg", "image/jpeg", testing::JpegWithMetadata(64, 48, "y"));
    return Send(s.port(),
                {"POST", "/report", {{"Content-Type", again.ContentType()}}, again.Finish(), ""})
               .status == 200;
  }));
}

// The server's descriptors open on files under `dir`, as /proc shows them
// to someone who can read the process: link and target.
std::vector<std::pair<std::string, std::string>> OpenUnder(pid_t pid, const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  for (const auto& e :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    std::error_code lec;
    const std::string target = std::filesystem::read_symlink(e.path(), lec).string();
    if (!lec && target.starts_with(dir + "/")) out.emplace_back(e.path().string(), target);
  }
  return out;
}

// Someone who can read the server's disk, or its open files, while a
// reporter's upload is on its way: the upload is in the spool directory
// as a file with no name, holding none of the reporter's words or photo in
// the clear, and once the answer is written it is gone.
TEST_F(ServerTest, AnUploadOnItsWayIsStoredNamelessAndEncryptedAndGoneOnceAnswered) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  const std::string spool_dir =
      std::filesystem::canonical(std::filesystem::path(s.data_dir()) / "spool").string();
  const std::string marker = "SPOOLMARK-harbour-gate-7";
  MultipartBuilder mb;
  mb.Field("lang", "en").Field("port", "GBFXT").Field("category", "drugs");
  mb.Field("description", "Seen at " + marker).Field("how_known", "saw").Field("action", "send");
  std::string photo = testing::JpegWithMetadata(64, 48, marker);
  // Bytes after the picture's end, as some cameras write: enough of them
  // that the server must write several chunks before the body is whole.
  for (int i = 0; photo.size() < (400u << 10); ++i) photo += marker + std::to_string(i);
  mb.File("files", "IMG_20261204_0412.jpg", "image/jpeg", photo);
  const std::string body = mb.Finish();
  const std::string head = "POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: " + mb.ContentType() +
                           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  // All but the last bytes: the upload is on its way.
  const int fd = ConnectAndSend(s.port(), head + body.substr(0, body.size() - 16));
  ASSERT_GE(fd, 0);
  std::string spooled;
  ASSERT_TRUE(testing::Eventually([&] {
    auto open = OpenUnder(s.pid(), spool_dir);
    if (open.size() != 1) return false;
    spooled = ReadAll(open[0].first);
    return spooled.size() >= (256u << 10);
  })) << "no spool of the expected size was open";
  for (const auto& [link, target] : OpenUnder(s.pid(), spool_dir)) {
    EXPECT_NE(target.find("(deleted)"), std::string::npos) << target;
  }
  EXPECT_TRUE(std::filesystem::is_empty(spool_dir)) << "the spool has a name";
  EXPECT_EQ(spooled.find(marker), std::string::npos);
  EXPECT_EQ(spooled.find("SPOOLMARK"), std::string::npos);
  EXPECT_EQ(spooled.find("IMG_2026"), std::string::npos);
  EXPECT_EQ(spooled.find("form-data"), std::string::npos);
  // Nor is the body anywhere else the server has open.
  for (const auto& [link, target] : OpenUnder(s.pid(), "")) {
    if (target.find("(deleted)") != std::string::npos || !std::filesystem::is_regular_file(link)) {
      continue;
    }
    EXPECT_EQ(ReadAll(link).find(marker), std::string::npos) << target;
  }
  // The rest of the body; the answer; then no spool at all.
  ASSERT_EQ(send(fd, body.data() + body.size() - 16, 16, MSG_NOSIGNAL), 16);
  std::string answer;
  pollfd p{fd, POLLIN, 0};
  ASSERT_GT(poll(&p, 1, 20000), 0);
  char buf[4096];
  const ssize_t n = recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 0);
  answer.assign(buf, static_cast<size_t>(n));
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer.substr(0, 300);
  ::close(fd);
  EXPECT_TRUE(testing::Eventually([&] { return OpenUnder(s.pid(), spool_dir).empty(); }));
  EXPECT_TRUE(std::filesystem::is_empty(spool_dir));
  // Every file of the instance (the database and its journal, made by
  // `init` and the running server) is its user's alone.
  for (const auto& f : FilesBelow(s.data_dir())) {
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0) << f;
    EXPECT_EQ(st.st_mode & 077, 0u) << f;
  }
}

// Clients that ask before they send a large body (curl does) are told to go
// on, uploads and forms alike, and their report is taken.
TEST_F(ServerTest, BodiesThatAskToContinueAreToldToAndTaken) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  MultipartBuilder mb;
  mb.Field("lang", "en").Field("port", "GBFXT").Field("category", "drugs");
  mb.Field("description", "asked first").Field("how_known", "saw").Field("action", "send");
  mb.File("files", "a.jpg", "image/jpeg", testing::JpegWithMetadata(64, 48, "x"));
  const std::string upload = mb.Finish();
  const std::string form = "lang=en&port=GBFXT&category=drugs&description=asked&action=send";
  for (const auto& [type, body] :
       {std::pair<std::string, std::string>{mb.ContentType(), upload},
        std::pair<std::string, std::string>{"application/x-www-form-urlencoded", form}}) {
    const int fd =
        ConnectAndSend(s.port(), "POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: " + type +
                                     "\r\nContent-Length: " + std::to_string(body.size()) +
                                     "\r\nExpect: 100-continue\r\n\r\n");
    ASSERT_GE(fd, 0);
    pollfd p{fd, POLLIN, 0};
    ASSERT_GT(poll(&p, 1, 5000), 0) << type << ": no answer to Expect";
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    ASSERT_GT(n, 0);
    EXPECT_EQ(std::string(buf, static_cast<size_t>(n)).rfind("HTTP/1.1 100 Continue", 0), 0u)
        << type;
    ASSERT_EQ(send(fd, body.data(), body.size(), MSG_NOSIGNAL), static_cast<ssize_t>(body.size()));
    std::string answer;
    while (answer.find("\r\n\r\n") == std::string::npos && poll(&p, 1, 10000) > 0) {
      n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      answer.append(buf, static_cast<size_t>(n));
    }
    // The interim answer may arrive in the same read as the final one.
    const size_t final_at = answer.find("HTTP/1.1 2");
    EXPECT_NE(final_at, std::string::npos) << type << ": " << answer.substr(0, 200);
    EXPECT_EQ(answer.find("HTTP/1.1 200", final_at == std::string::npos ? 0 : final_at), final_at)
        << type;
    ::close(fd);
  }
}

// One receipt cannot make its thread, and so the page that shows it, grow
// without bound (a page built for every open, and held for a slow reader):
// the reporter's messages stop at a total size, and the page stays under
// 2 MiB even when every character must be escaped.
TEST_F(ServerTest, AReportsThreadAndItsPageStayBounded) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  HttpResult first = PostJson(s.port(), "/api/v1/reports",
                              R"({"port":"GBFXT","category":"drugs","description":"first"})");
  ASSERT_EQ(first.status, 201);
  const std::string receipt(json::parse(first.body).at("receipt").as_string());
  // Quotes become &quot; on the page: six bytes for one.
  const std::string quotes(9000, '"');
  int stored = 0, refused = 0;
  for (int i = 0; i < 40 && refused == 0; ++i) {
    json::object m{{"text", quotes}};
    HttpResult r = PostJson(s.port(), "/api/v1/reports/self/messages", json::serialize(m), receipt);
    if (r.status == 201) ++stored;
    if (r.status == 400) ++refused;
  }
  EXPECT_GE(stored, 10);
  EXPECT_EQ(refused, 1);
  HttpResult page = Send(s.port(), {"POST",
                                    "/followup",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}},
                                    "lang=en&action=open&receipt=" + receipt,
                                    ""});
  EXPECT_EQ(page.status, 200);
  EXPECT_LT(page.body.size(), size_t{2} << 20);
  // The reporter is told why, in their language.
  HttpResult more = Send(
      s.port(), {"POST",
                 "/followup",
                 {{"Content-Type", "application/x-www-form-urlencoded"}},
                 "lang=pl&action=message&receipt=" + receipt + "&text=" + std::string(9000, 'x'),
                 ""});
  EXPECT_EQ(more.status, 400);
  EXPECT_NE(more.body.find("ma już tyle Twoich wiadomości"), std::string::npos);
}

// A flood of new reports: beyond the admission rate they wait their turn,
// then are refused in the reporter's language with every word kept, while
// a follow-up with a receipt goes straight through.
TEST_F(ServerTest, NewReportsBeyondTheAdmissionRateWaitThenAreRefusedAndFollowUpsGoFirst) {
  ServerProcess s(dir_.path(), {"--new-reports-per-second", "1", "--new-reports-burst", "1"});
  ASSERT_TRUE(s.ok());
  HttpResult first = PostJson(s.port(), "/api/v1/reports",
                              R"({"port":"GBFXT","category":"drugs","description":"first"})");
  ASSERT_EQ(first.status, 201);
  const std::string receipt(json::parse(first.body).at("receipt").as_string());
  std::vector<std::thread> flood;
  std::atomic<int> taken{0}, refused{0};
  std::string refused_page;
  std::mutex mu;
  for (int i = 0; i < 8; ++i) {
    flood.emplace_back([&, i] {
      HttpResult r = Send(s.port(), {"POST",
                                     "/report",
                                     {{"Content-Type", "application/x-www-form-urlencoded"}},
                                     "lang=pl&port=GBFXT&category=drugs&action=send&description="
                                     "Ciezarowka+numer+" +
                                         std::to_string(i),
                                     ""});
      if (r.status == 200) ++taken;
      if (r.status == 503) {
        ++refused;
        std::lock_guard lock(mu);
        if (r.Header("retry-after") == "60") refused_page = r.body;
      }
    });
  }
  // While the new reports wait, a follow-up is answered at once.
  HttpResult followup =
      PostJson(s.port(), "/api/v1/reports/self/messages", R"({"text":"one more thing"})", receipt);
  EXPECT_EQ(followup.status, 201) << followup.body;
  for (auto& t : flood) t.join();
  // One a second, for at most three seconds of waiting: some wait and are
  // taken, the rest are refused; none is lost without a word.
  EXPECT_GE(taken.load(), 1);
  EXPECT_GE(refused.load(), 1);
  EXPECT_EQ(taken.load() + refused.load(), 8);
  EXPECT_NE(refused_page.find("napływa bardzo wiele zgłoszeń"), std::string::npos) << refused_page;
  EXPECT_NE(refused_page.find("Ciezarowka numer"), std::string::npos);
}

// A body declared larger than any request may be is answered 413 (it was
// 400, "malformed", when the head arrived with the first of the body),
// while the client is still sending.
TEST_F(ServerTest, ABodyDeclaredOverEveryLimitIs413EvenWhileItIsSent) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  for (int round = 0; round < 5; ++round) {
    const std::string head =
        "POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        "Content-Length: 40000000\r\n\r\n";
    const std::string answer = SendRaw(s.port(), head + std::string(2 << 20, 'x'), 5000);
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << round << ": " << answer.substr(0, 80);
  }
}

// CPU time (user + system, in clock ticks) the process has used so far.
long CpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // state .. cmajflt
  long utime = 0, stime = 0;
  fields >> utime >> stime;
  return utime + stime;
}

size_t OpenDescriptors(pid_t pid) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++n;
  }
  return n;
}

// Run out of descriptors (as a unit with a low LimitNOFILE does under
// slow-body connections): the accept loop must wait, not spin at 100% CPU,
// and the server must serve again once connections close.
TEST_F(ServerTest, OutOfDescriptorsTheAcceptLoopWaitsAndTheServerRecovers) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(Send(s.port(), {"GET", "/healthz", {}, "", ""}).status, 200);
  // Leave the running server room for a dozen more descriptors only.
  rlimit old_limit{};
  ASSERT_EQ(prlimit(s.pid(), RLIMIT_NOFILE, nullptr, &old_limit), 0);
  const rlim_t tight = OpenDescriptors(s.pid()) + 12;
  rlimit low{tight, old_limit.rlim_max};
  ASSERT_EQ(prlimit(s.pid(), RLIMIT_NOFILE, &low, nullptr), 0);
  std::vector<int> held;
  for (int i = 0; i < 60; ++i) {
    int fd = ConnectAndSend(s.port(), "POST /report HTTP/1.1\r\nContent-Length: 5000\r\n");
    if (fd >= 0) held.push_back(fd);
  }
  EXPECT_GE(held.size(), 40u);  // the rest wait in the listen queue
  // Let the server reach its limit, then watch it for two seconds: a loop
  // retrying accept() at once would use about two seconds of CPU here.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const long before = CpuTicks(s.pid());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const long used = CpuTicks(s.pid()) - before;
  EXPECT_LT(used, sysconf(_SC_CLK_TCK) / 2) << "ticks of CPU while out of descriptors";
  for (int fd : held) ::close(fd);
  ASSERT_EQ(prlimit(s.pid(), RLIMIT_NOFILE, &old_limit, nullptr), 0);
  EXPECT_TRUE(testing::Eventually([&] {
    return Send(s.port(), {"GET", "/healthz", {}, "", ""}).status == 200;
  }));
}

TEST_F(ServerTest, AcknowledgedReportSurvivesSigkill) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  std::vector<std::string> receipts;
  for (int i = 0; i < 20; ++i) {
    HttpResult r =
        PostJson(s.port(), "/api/v1/reports",
                 R"({"port":"GBFXT","description":"durable )" + std::to_string(i) + R"("})");
    ASSERT_EQ(r.status, 201);
    receipts.emplace_back(json::parse(r.body).at("receipt").as_string());
  }
  s.Kill();
  ServerProcess again(dir_.path(), {}, false);
  ASSERT_TRUE(again.ok());
  for (size_t i = 0; i < receipts.size(); ++i) {
    HttpResult self = GetSelf(again.port(), receipts[i]);
    ASSERT_EQ(self.status, 200) << i;
    EXPECT_NE(self.body.find("durable " + std::to_string(i)), std::string::npos);
  }
}

TEST_F(ServerTest, CommandLine) {
  std::string out;
  EXPECT_EQ(RunPortsafe({"--help"}, &out), 0);
  EXPECT_NE(out.find("init"), std::string::npos);
  for (const char* cmd : {"init", "serve", "demo"}) {
    EXPECT_EQ(RunPortsafe({cmd, "--help"}, &out), 0) << cmd;
    EXPECT_NE(out.find("Usage: portsafe"), std::string::npos) << cmd;
  }
  EXPECT_EQ(RunPortsafe({"bogus"}, &out), 2);
  EXPECT_EQ(RunPortsafe({"init"}, &out), 2);
  EXPECT_NE(out.find("--data"), std::string::npos);
  EXPECT_EQ(RunPortsafe({"serve", "--data", dir_.path() + "/none"}, &out), 1);
  EXPECT_NE(out.find("not a PortSafe instance"), std::string::npos);

  const std::string data = dir_.path() + "/inst", key = dir_.path() + "/rk";
  ASSERT_EQ(RunPortsafe({"init", "--data", data, "--recovery-key-out", key}, &out), 0);
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((data + "/instance.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(ReadAll(key).find("private: "), std::string::npos);
  // The private key is in the recovery file only: not in the data directory.
  std::string priv = ReadAll(key).substr(ReadAll(key).find("private: ") + 9, 44);
  for (const auto& f : FilesBelow(data)) EXPECT_EQ(ReadAll(f).find(priv), std::string::npos) << f;
  // Refuses to overwrite the instance or the key file.
  std::string before = ReadAll(key);
  EXPECT_EQ(RunPortsafe({"init", "--data", data, "--recovery-key-out", dir_.path() + "/rk2"}, &out),
            1);
  EXPECT_NE(out.find("refusing to overwrite"), std::string::npos);
  EXPECT_EQ(
      RunPortsafe({"init", "--data", dir_.path() + "/inst2", "--recovery-key-out", key}, &out), 1);
  EXPECT_EQ(ReadAll(key), before);
}

}  // namespace
}  // namespace portsafe::testing
