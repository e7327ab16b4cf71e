// Helpers shared by the integration tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "common/clock.h"
#include "crypto/sodium.h"
#include "crypto/totp.h"
#include "service/instance.h"
#include "store/sqlite_conn.h"

#include "support/http_client.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace portsafe::testing {

// A marker string no test data contains by chance.
inline std::string Unique(const std::string& prefix) {
  static int n = 0;  // tests in one binary run one at a time
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + "-QZX";
}

// Every file in the data directory (database, WAL, key files) and the log.
inline void ExpectNowhere(const ServerProcess& s, const std::string& needle) {
  auto files = FilesBelow(s.data_dir());
  files.push_back(s.log_path());
  ASSERT_GE(files.size(), 3u);
  for (const auto& f : files) {
    EXPECT_EQ(ReadAll(f).find(needle), std::string::npos) << "'" << needle << "' found in " << f;
  }
}

inline HttpResult PostJson(std::uint16_t port, const std::string& target, const std::string& body,
                           const std::string& receipt = "") {
  HttpCall c;
  c.method = "POST";
  c.target = target;
  c.body = body;
  c.headers = {{"Content-Type", "application/json"}};
  if (!receipt.empty()) c.headers.push_back({"Authorization", "Receipt " + receipt});
  return Send(port, c);
}

// The receipt on the page a sent report answers with (its groups are each
// in an element of their own), or "".
inline std::string ReceiptIn(const std::string& html) {
  const size_t at = html.find("id=\"receipt\"");
  if (at == std::string::npos) return "";
  const size_t from = html.find('>', at);
  const size_t to = html.find("</p>", at);
  if (from == std::string::npos || to == std::string::npos || to < from) return "";
  std::string text;
  bool in_tag = false;
  for (char c : html.substr(from + 1, to - from - 1)) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') in_tag = false;
  }
  return text.size() == 24 ? text : "";
}

inline HttpResult GetSelf(std::uint16_t port, const std::string& receipt) {
  HttpCall c;
  c.target = "/api/v1/reports/self";
  c.headers = {{"Authorization", "Receipt " + receipt}};
  return Send(port, c);
}

// Staff accounts made with `portsafe user add`, signed in through the API.
inline constexpr const char* kPassword = "a long staff password";

struct Staff {
  std::string email;
  crypto::SecretBytes totp;
};

// Runs `portsafe user add` and keeps the TOTP secret it prints.
inline Staff AddUser(const ServerProcess& s, const TempDir& dir, const std::string& role,
                     const std::string& email, std::vector<std::string> extra = {}) {
  const std::string pw = dir.path() + "/pw-" + role;
  FILE* f = std::fopen(pw.c_str(), "w");
  std::fputs(kPassword, f);
  std::fputs("\n", f);
  std::fclose(f);
  // The tests' accounts keep kPassword (StaffTest.AFirstPasswordFromTheOperator-
  // MustBeChangedBeforeAnythingElse walks the change a first password needs).
  std::vector<std::string> args = {"user", "add", "--data", s.data_dir(), "--role", role};
  for (const std::string& more : {std::string("--email"), email, std::string("--password-file"), pw,
                                  std::string("--holder-chose-password")}) {
    args.push_back(more);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  std::string out;
  EXPECT_EQ(RunPortsafe(args, &out), 0) << out;
  size_t at = out.find("otpauth://");
  EXPECT_NE(at, std::string::npos) << out;
  std::string uri = out.substr(at, out.find('\n', at) - at);
  auto secret = crypto::TotpSecretFromUri(uri);
  EXPECT_TRUE(secret.ok()) << uri;
  return {email, secret.ok() ? *secret : crypto::SecretBytes()};
}

inline std::string Login(const ServerProcess& s, const Staff& who) {
  HttpResult r =
      PostJson(s.port(), "/api/v1/session",
               R"({"email":")" + who.email + R"(","password":")" + kPassword + R"(","totp":")" +
                   crypto::TotpCode(who.totp, SystemClock::Get()->UnixSeconds()) + R"("})");
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return {};
  return std::string(boost::json::parse(r.body).at("token").as_string());
}

// Posts the sign-in form as a browser does: GET /login for the form's
// cookie and token, then POST /login with both and `fields`.
inline HttpResult PostSignInForm(const ServerProcess& s,
                                 std::vector<std::pair<std::string, std::string>> fields) {
  HttpResult form = Send(s.port(), {"GET", "/login", {}, "", ""});
  EXPECT_EQ(form.status, 200);
  const std::string cookie = form.Header("set-cookie");
  const std::string marker = "name=\"login_csrf\" value=\"";
  const size_t at = form.body.find(marker);
  EXPECT_NE(at, std::string::npos) << form.body;
  if (at == std::string::npos) return form;
  const size_t from = at + marker.size();
  fields.emplace_back("login_csrf", form.body.substr(from, form.body.find('"', from) - from));
  return Send(s.port(), {"POST",
                         "/login",
                         {{"Content-Type", "application/x-www-form-urlencoded"},
                          {"Cookie", cookie.substr(0, cookie.find(';'))}},
                         FormEncode(fields),
                         ""});
}

// Signs `who` in on the pages (POST /login) with the one-time code of
// `totp_offset` seconds from now (a code not used yet: a sign-in over the
// API may have taken the current one); the session cookie ("name=value"),
// or "" when the sign-in failed.
inline std::string PageLogin(const ServerProcess& s, const Staff& who, int totp_offset = 30) {
  HttpResult login = PostSignInForm(
      s, {{"email", who.email},
          {"password", kPassword},
          {"totp", crypto::TotpCode(who.totp, SystemClock::Get()->UnixSeconds() + totp_offset)}});
  EXPECT_EQ(login.status, 303) << login.body;
  if (login.status != 303) return {};
  const std::string cookie = login.Header("set-cookie");
  return cookie.substr(0, cookie.find(';'));
}

inline HttpResult Api(const ServerProcess& s, const std::string& token, const std::string& method,
                      const std::string& target, const std::string& body = "") {
  HttpCall c;
  c.method = method;
  c.target = target;
  c.body = body;
  c.headers = {{"Authorization", "Bearer " + token}};
  if (!body.empty()) c.headers.push_back({"Content-Type", "application/json"});
  return Send(s.port(), c);
}

// Posts `fields` as an urlencoded form, as a browser without JavaScript
// does, with the session `cookie` ("name=value") when there is one.
inline HttpResult PostForm(const ServerProcess& s, const std::string& target,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& cookie = "") {
  HttpCall c;
  c.method = "POST";
  c.target = target;
  c.body = FormEncode(fields);
  c.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  if (!cookie.empty()) c.headers.push_back({"Cookie", cookie});
  return Send(s.port(), c);
}

// How many reports wait to be indexed, read from the live database.
inline std::int64_t Waiting(const ServerProcess& s) {
  auto c = store::SqliteConn::Open(service::DatabasePath(s.data_dir()), true);
  if (!c.ok()) return -1;
  std::unique_ptr<store::SqliteConn> conn(std::move(*c));
  (void)conn->Exec("PRAGMA busy_timeout=5000");
  auto q = conn->Prepare("SELECT COUNT(*) FROM link_pending");
  if (!q.ok()) return -1;
  store::Stmt st(*q);
  return st.Step() == store::kRow ? st.Int(0) : -1;
}

}  // namespace portsafe::testing
