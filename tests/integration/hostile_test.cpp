// The hostile input corpus (issue #7): hundreds of requests built from
// tests/testdata/hostile/payloads.txt (script and markup, SQL, template and
// format strings, path traversal, header injection, invalid and overlong
// UTF-8, control characters) put in every report field of the JSON API and
// the HTML form, in path segments, queries, receipts, credentials, session
// tokens and cookies, and CSRF fields; plus raw requests (malformed heads,
// smuggling attempts, bad chunking, oversized parts) and slow clients. Run
// against the real server: no answer is a 5xx or missing, every refusal is a
// 4xx with a message, the server never stops, and the script payloads come
// back escaped on every page that shows them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include <sodium.h>

#include "crypto/sodium.h"
#include "integration/helpers.h"
#include "store/sqlite_conn.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

std::vector<std::string> Payloads() {
  std::ifstream in(std::string(PORTSAFE_TESTDATA) + "/hostile/payloads.txt");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string v;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '\\' || i + 1 == line.size()) {
        v += line[i];
        continue;
      }
      char c = line[++i];
      if (c == 'x' && i + 2 < line.size()) {
        v += static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        v += c == 'r' ? '\r' : c == 'n' ? '\n' : c == 't' ? '\t' : c;
      }
    }
    out.push_back(v);
  }
  out.push_back(std::string(25000, 'A'));           // over every text limit
  out.push_back(std::string(300, '<') + "script");  // long markup
  return out;
}

// A JSON string literal holding `s` byte for byte (invalid UTF-8 stays invalid).
std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// `s` as the templates escape text (& < > " ').
std::string HtmlEscaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path());
    ASSERT_TRUE(server_->ok());
    // Two handlers: a TOTP code works once, so each signs in once (one with
    // the page cookie, one through the API).
    handler_ = AddUser(*server_, dir_, "handler", "handler@test.invalid",
                       {"--recovery-key-file", server_->recovery_key_path()});
    api_handler_ = AddUser(*server_, dir_, "handler", "api-handler@test.invalid",
                           {"--recovery-key-file", server_->recovery_key_path()});
    aged_handler_ = AddUser(*server_, dir_, "handler", "aged-handler@test.invalid",
                            {"--recovery-key-file", server_->recovery_key_path()});
  }
  // Moves the session of `token` back in time by `seconds` in the running
  // server's database (column last_seen or created_at); the row is found by
  // the hash of its token, as the server finds it.
  void AgeSession(const std::string& token, const std::string& column, int seconds) {
    std::string hash(32, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                       reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                       0);
    auto conn = store::SqliteConn::Open(server_->data_dir() + "/portsafe.db", false);
    ASSERT_TRUE(conn.ok());
    std::unique_ptr<store::SqliteConn> c(std::move(*conn));
    const std::string sql = "UPDATE sessions SET " + column + " = " + column + " - " +
                            std::to_string(seconds) + " WHERE token_hash = X'" +
                            crypto::ToHex(hash) + "'";
    ASSERT_TRUE(c->Exec(sql.c_str()).ok());
    EXPECT_EQ(c->Changes(), 1) << column;
  }
  // Every answer: present, not a 5xx, and a refusal says why.
  void Check(const std::string& what, const HttpResult& r) {
    ++requests_;
    EXPECT_NE(r.status, 0) << what << ": no answer";
    EXPECT_LT(r.status, 500) << what << ": " << r.body.substr(0, 200);
    if (r.status >= 400) {
      EXPECT_FALSE(r.body.empty()) << what << ": a refusal without a message";
    }
  }
  // A raw request's answer: a 4xx, or with `may_pass` any answer but a 5xx
  // (a request HTTP allows to be read leniently).
  void CheckRaw(const std::string& what, const std::string& raw, bool may_pass) {
    ++requests_;
    const int status = raw.size() >= 12 ? std::atoi(raw.substr(9, 3).c_str()) : 0;
    EXPECT_TRUE(status >= (may_pass ? 200 : 400) && status < 500)
        << what << ": " << raw.substr(0, 120);
  }
  std::string CookieLogin() {
    cookie_code_ = crypto::TotpCode(handler_.totp, SystemClock::Get()->UnixSeconds());
    HttpResult login = PostSignInForm(
        *server_, {{"email", handler_.email}, {"password", kPassword}, {"totp", cookie_code_}});
    EXPECT_EQ(login.status, 303) << login.body;
    std::string cookie = login.Header("set-cookie");
    return cookie.substr(0, cookie.find(';'));
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  Staff handler_, api_handler_, aged_handler_;
  std::string cookie_code_;  // the one-time code the page session signed in with
  int requests_ = 0;
};

TEST_F(HostileTest, HundredsOfHostileRequestsGetClearAnswersAndScriptsStayText) {
  const std::uint16_t p = server_->port();
  const auto payloads = Payloads();
  ASSERT_GE(payloads.size(), 25u);

  // 1. Every report field of the JSON API.
  std::vector<std::pair<std::string, std::string>> accepted;  // receipt, payload
  for (const auto& field : {"port", "category", "facility", "area", "description", "when", "people",
                            "vehicles", "vessels", "containers", "how_known", "lang"}) {
    for (const auto& v : payloads) {
      std::string body = R"({"port":"GBFXT","category":"drugs","description":"fine")";
      body += std::string(",\"") + field + "\":" + JsonString(v) + "}";
      // A repeated member: the hostile one must be what counts, or be refused.
      HttpResult r = PostJson(p, "/api/v1/reports", body);
      Check(std::string("JSON field ") + field, r);
      EXPECT_TRUE(r.status == 201 || r.status == 400) << field << " " << r.status;
      if (r.status == 201 && std::string(field) == "description") {
        accepted.emplace_back(std::string(json::parse(r.body).at("receipt").as_string()), v);
      }
    }
  }
  // 2. The HTML form, field by field.
  for (const auto& field : {"port", "description", "area", "people", "how_known", "lang"}) {
    for (const auto& v : payloads) {
      std::vector<std::pair<std::string, std::string>> form = {
          {"port", "GBFXT"}, {"category", "drugs"}, {"description", "fine"}, {"action", "send"}};
      for (auto& [k, val] : form) {
        if (k == field) val = v;
      }
      if (std::string(field) != "port" && std::string(field) != "description") {
        form.emplace_back(field, v);
      }
      Check(std::string("form field ") + field,
            Send(p, {"POST",
                     "/report",
                     {{"Content-Type", "application/x-www-form-urlencoded"}},
                     FormEncode(form),
                     ""}));
    }
  }
  // 3. Paths, queries, receipts, credentials, session tokens and cookies.
  for (const auto& v : payloads) {
    for (const std::string& target :
         {"/r/" + UrlEncode(v), "/static/" + UrlEncode(v), "/figures/" + UrlEncode(v),
          "/handle/reports/" + UrlEncode(v), "/api/v1/ports?q=" + UrlEncode(v),
          "/report?lang=" + UrlEncode(v), "/facility/" + UrlEncode(v)}) {
      Check("GET " + target.substr(0, 40), Send(p, {"GET", target, {}, "", ""}));
    }
    Check("receipt header", GetSelf(p, v.size() < 2000 ? v : v.substr(0, 2000)));
    Check("receipt form", Send(p, {"POST",
                                   "/followup",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}},
                                   FormEncode({{"action", "open"}, {"receipt", v}}),
                                   ""}));
    HttpResult login = PostJson(p, "/api/v1/session",
                                R"({"email":)" + JsonString(v) + R"(,"password":)" + JsonString(v) +
                                    R"(,"totp":)" + JsonString(v) + "}");
    Check("sign-in", login);
    EXPECT_TRUE(login.status == 400 || login.status == 401) << login.status;
    HttpResult bearer = Api(*server_, v.substr(0, 2000), "GET", "/api/v1/handler/reports");
    Check("forged bearer", bearer);
    EXPECT_TRUE(bearer.status == 400 || bearer.status == 401) << bearer.status;
    if (v.find_first_of("\r\n") == std::string::npos) {  // a header value cannot carry them
      HttpResult cookie =
          Send(p, {"GET", "/handle", {{"Cookie", "__Host-portsafe=" + v.substr(0, 2000)}}, "", ""});
      Check("forged cookie", cookie);
      EXPECT_NE(cookie.status, 200);
    }
  }

  // 4. Sessions and CSRF: wrong and replayed codes, forged CSRF tokens, a
  // signed-out session (expired ones at the end).
  const std::string cookie = CookieLogin();
  ASSERT_FALSE(cookie.empty());
  for (const auto& v : payloads) {
    HttpResult forged =
        Send(p, {"POST",
                 "/logout",
                 {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}},
                 FormEncode({{"csrf", v}}),
                 ""});
    Check("forged CSRF", forged);
    EXPECT_EQ(forged.status, 403);
  }
  // The code the page session used, again (the clock may have moved to the
  // next step since: the code is then refused as used or as too old).
  HttpResult replayed = PostJson(p, "/api/v1/session",
                                 R"({"email":")" + handler_.email + R"(","password":")" +
                                     kPassword + R"(","totp":")" + cookie_code_ + R"("})");
  Check("replayed TOTP", replayed);
  EXPECT_EQ(replayed.status, 401);
  HttpResult wrong = PostJson(
      p, "/api/v1/session",
      R"({"email":")" + handler_.email + R"(","password":")" + kPassword + R"(","totp":"000000"})");
  Check("wrong TOTP", wrong);
  EXPECT_TRUE(wrong.status == 401 || wrong.status == 429);

  // 5. Raw requests: malformed heads, smuggling, chunking, sizes.
  // RFC 9112 lets a server read a folded header line as a space: that one may
  // pass; every other is refused.
  const std::vector<std::pair<std::string, std::string>> raw = {
      {"no version", "GET /\r\n\r\n"},
      {"bad method", "G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"HTTP/9", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"},
      {"space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"absolute target", "GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"folded header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"},
      {"header without colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n"},
      {"NUL in header", std::string("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 38)},
      {"two lengths",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}"},
      {"length and chunked",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"negative length", "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"},
      {"huge length",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 99999999999999999999\r\n\r\n"},
      {"bad chunk size",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Transfer-Encoding: chunked\r\n\r\nZZ\r\n"},
      {"chunk size overflow",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n"},
      {"chunk without CRLF",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n"},
      {"unknown coding",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"},
      {"huge header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + std::string(40000, 'a') + "\r\n\r\n"},
      {"huge target", "GET /" + std::string(40000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"too many headers",
       [] {
         std::string s = "GET / HTTP/1.1\r\nHost: x\r\n";
         for (int i = 0; i < 200; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
         return s + "\r\n";
       }()},
      {"body too large",
       "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 900000\r\n\r\n"},
  };
  for (const auto& [name, bytes] : raw) {
    CheckRaw(name, SendRaw(p, bytes), name == std::string("folded header"));
  }

  // 6. Slow clients hold connections, but others are still served.
  std::vector<int> slow;
  for (int i = 0; i < 50; ++i) {
    int fd = ConnectAndSend(p, "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Le");
    if (fd >= 0) slow.push_back(fd);
  }
  EXPECT_EQ(slow.size(), 50u);
  HttpResult served = PostJson(p, "/api/v1/reports", R"({"port":"GBFXT","description":"ok"})");
  Check("beside slow clients", served);
  EXPECT_EQ(served.status, 201);
  for (int fd : slow) ::close(fd);

  // 7. Script payloads come back as text on every page that shows them.
  ASSERT_FALSE(accepted.empty());
  const std::string& staff_cookie = cookie;
  HttpResult queue = Send(p, {"GET", "/handle", {{"Cookie", staff_cookie}}, "", ""});
  ASSERT_EQ(queue.status, 200);
  const std::string token = Login(*server_, api_handler_);
  // Every report, page by page as the Link header leads.
  json::array items;
  for (std::string next = "/api/v1/handler/reports?limit=200"; !next.empty();) {
    HttpResult list = Api(*server_, token, "GET", next);
    ASSERT_EQ(list.status, 200);
    const json::value page = json::parse(list.body);
    for (const auto& item : page.as_array()) items.push_back(item);
    const std::string link = list.Header("link");
    next = link.empty() ? "" : link.substr(1, link.find('>') - 1);
  }
  std::map<std::string, std::string> id_of_description;  // reports are found by their text
  for (const auto& item : items) {
    const std::string id(item.at("id").as_string());
    HttpResult r = Api(*server_, token, "GET", "/api/v1/handler/reports/" + id);
    if (r.status == 200) {
      id_of_description[std::string(
          json::parse(r.body).at("report").at("description").as_string())] = id;
    }
  }
  int pages = 0;
  for (const auto& [receipt, v] : accepted) {
    if (v.find_first_of("<>\"") == std::string::npos) continue;  // nothing to escape
    HttpResult reporter = Send(p, {"POST",
                                   "/followup",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}},
                                   FormEncode({{"action", "open"}, {"receipt", receipt}}),
                                   ""});
    ASSERT_EQ(reporter.status, 200);
    auto id = id_of_description.find(v);
    ASSERT_NE(id, id_of_description.end()) << v;
    HttpResult staff =
        Send(p, {"GET", "/handle/reports/" + id->second, {{"Cookie", staff_cookie}}, "", ""});
    ASSERT_EQ(staff.status, 200);
    HttpResult graph =
        Send(p, {"GET", "/handle/links/" + id->second, {{"Cookie", staff_cookie}}, "", ""});
    for (const HttpResult* page : {&reporter, &staff, &graph, &queue}) {
      EXPECT_EQ(page->body.find(v), std::string::npos) << "raw payload on a page: " << v;
      // No element of a payload became markup (as text, "onerror=" may show).
      for (const char* tag : {"<script", "<img src=x", "<svg/", "<a href=\"javascript"}) {
        EXPECT_EQ(page->body.find(tag), std::string::npos) << tag;
      }
      ++pages;
    }
    // Shown, as text.
    EXPECT_NE(reporter.body.find(HtmlEscaped(v)), std::string::npos) << v;
    EXPECT_NE(staff.body.find(HtmlEscaped(v)), std::string::npos) << v;
  }
  EXPECT_GE(pages, 20);

  // An ended session (signed out) is refused like a forged one.
  Check("sign-out", Api(*server_, token, "DELETE", "/api/v1/session"));
  HttpResult ended = Api(*server_, token, "GET", "/api/v1/handler/reports");
  Check("ended session", ended);
  EXPECT_EQ(ended.status, 401);

  // Expired sessions: the page session left idle past the idle timeout (30
  // minutes), and an API session older than the longest a session lives (12
  // hours). The server runs on the real clock, so the rows are aged in the
  // database instead; each works until then.
  const std::string aged_token = Login(*server_, aged_handler_);
  ASSERT_EQ(Api(*server_, aged_token, "GET", "/api/v1/handler/reports").status, 200);
  ASSERT_EQ(Send(p, {"GET", "/handle", {{"Cookie", cookie}}, "", ""}).status, 200);
  AgeSession(cookie.substr(cookie.find('=') + 1), "last_seen", 31 * 60);
  AgeSession(aged_token, "created_at", 12 * 60 * 60 + 60);
  HttpResult idle = Send(p, {"GET", "/handle", {{"Cookie", cookie}}, "", ""});
  ++requests_;
  EXPECT_EQ(idle.status, 303) << "an idle session must send the browser to sign in";
  EXPECT_EQ(idle.Header("location"), "/login");
  HttpResult idle_again = Send(p, {"GET", "/handle/phone", {{"Cookie", cookie}}, "", ""});
  ++requests_;
  EXPECT_EQ(idle_again.status, 303);
  HttpResult old = Api(*server_, aged_token, "GET", "/api/v1/handler/reports");
  Check("session past its age", old);
  EXPECT_EQ(old.status, 401);
  HttpResult old_again = Api(*server_, aged_token, "GET", "/api/v1/handler/reports");
  Check("session past its age, again", old_again);
  EXPECT_EQ(old_again.status, 401);

  std::cout << "hostile corpus: " << requests_ << " requests, " << pages
            << " pages checked for escaping\n";
  RecordProperty("requests", requests_);
  EXPECT_GE(requests_, 300);
  EXPECT_EQ(server_->Stop(), 0);  // the same process answered everything
}

}  // namespace
}  // namespace portsafe::testing
