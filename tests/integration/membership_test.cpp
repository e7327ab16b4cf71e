// Integration tests of membership and figures with the real binary: a
// facility applies on /join, the admin approves over the API, the invitation
// arrives through a real SMTP server, the security officer sets a password
// and TOTP, signs in and downloads posters whose QR code a real decoder
// reads; the facility commands; and a tiny facility whose four reports no
// page, CSV or API answer reveals.
#include <gtest/gtest.h>

#include <filesystem>

#include <cstdio>
#include <fstream>
#include <future>
#include <regex>

#include "common/fs.h"
#include "core/handling.h"
#include "integration/helpers.h"
#include "service/reporting_service_impl.h"
#include "store/sql_store.h"
#include "support/qr_decode.h"
#include "support/smtp_sink.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

std::string CookieFrom(const HttpResult& r) {
  std::string c = r.Header("set-cookie");
  return c.substr(0, c.find(';'));
}

HttpResult Get(const ServerProcess& s, const std::string& target, const std::string& cookie = "") {
  HttpCall c;
  c.target = target;
  if (!cookie.empty()) c.headers = {{"Cookie", cookie}};
  return Send(s.port(), c);
}

// Writes `bytes` to a file under `dir` and returns its path.
std::string Save(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir.path() + "/" + name;
  EXPECT_TRUE(fs::ReplaceFile(path, bytes, 0600).ok());
  return path;
}

class MembershipTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
  TempDir dir_;
};

TEST_F(MembershipTest, ApplyApproveInvitationFirstSignInAndMaterials) {
  SmtpSink smtp(dir_.path());
  ASSERT_TRUE(smtp.ok()) << "python3-aiosmtpd (scripts/install_deps.sh test) did not start";
  ServerProcess s(dir_.path(), {"--smtp-url", smtp.url(), "--smtp-plain-loopback", "--smtp-from",
                                "members@service.test.invalid"});
  ASSERT_TRUE(s.ok());
  Staff admin = AddUser(s, dir_, "admin", "admin@test.invalid");

  // The facility applies through the public form.
  HttpResult applied = PostForm(s, "/join",
                                {{"operator", "Hutchison Ports"},
                                 {"port", "Felixstowe"},
                                 {"facility_name", "Landguard Terminal"},
                                 {"email", "pfso@landguard.test.invalid"},
                                 {"staff_count", "140"}});
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_NE(applied.body.find("Application received"), std::string::npos);
  // Every problem at once, each next to its field.
  HttpResult refused = PostForm(s, "/join", {{"operator", "x"}, {"email", "not an address"}});
  EXPECT_EQ(refused.status, 400);
  for (const char* field : {"port", "facility_name", "email", "staff_count"}) {
    EXPECT_NE(refused.body.find(std::string("id=\"e-") + field + "\""), std::string::npos) << field;
  }
  EXPECT_EQ(refused.body.find("id=\"e-operator\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"not an address\""), std::string::npos);
  HttpResult polish = PostForm(s, "/join", {{"lang", "pl"}});
  EXPECT_NE(polish.body.find("Podaj nazwę obiektu"), std::string::npos);

  // The admin approves it.
  const std::string token = Login(s, admin);
  HttpResult apps = Api(s, token, "GET", "/api/v1/admin/applications");
  ASSERT_EQ(apps.status, 200) << apps.body;
  auto list = json::parse(apps.body).as_array();
  ASSERT_EQ(list.size(), 1u);
  const std::string id(list[0].at("id").as_string());
  HttpResult approved =
      Api(s, token, "POST", "/api/v1/admin/applications/" + id + "/approve", R"({"code":""})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto a = json::parse(approved.body).as_object();
  EXPECT_EQ(a.at("facility_code").as_string(), "GBFXT-LANDGUARD");
  EXPECT_TRUE(a.at("mailed").as_bool());
  EXPECT_EQ(a.at("invitation_link").as_string(), "");

  // The invitation arrives by e-mail with a one-time link.
  auto mails = smtp.WaitFor(1, 20);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("X-RcptTo: pfso@landguard.test.invalid"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(mails[0], m, std::regex("https://portsafe\\.test(/invite/[0-9a-f]{40})")))
      << mails[0];
  const std::string invite = m[1];
  HttpResult form = Get(s, invite);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("GBFXT-LANDGUARD"), std::string::npos);
  HttpResult mismatch = PostForm(s, invite, {{"password", kPassword}, {"password_again", "other"}});
  EXPECT_EQ(mismatch.status, 400);
  HttpResult made = PostForm(s, invite, {{"password", kPassword}, {"password_again", kPassword}});
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.Header("cache-control"), "no-store");
  ASSERT_TRUE(std::regex_search(made.body, m, std::regex("(otpauth://[^<\"]+)")));
  auto secret =
      crypto::TotpSecretFromUri(std::regex_replace(std::string(m[1]), std::regex("&amp;"), "&"));
  ASSERT_TRUE(secret.ok()) << m[1];
  // Not live until one code from the app is typed; a wrong one is refused
  // next to its field, and the invitation waits.
  const std::string code = crypto::TotpCode(*secret, SystemClock::Get()->UnixSeconds());
  HttpResult early = PostSignInForm(
      s, {{"email", "pfso@landguard.test.invalid"}, {"password", kPassword}, {"totp", code}});
  EXPECT_EQ(early.status, 401) << early.body;
  HttpResult wrong =
      PostForm(s, invite + "/confirm", {{"code", code == "000000" ? "111111" : "000000"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("id=\"totp-error\""), std::string::npos) << wrong.body;
  HttpResult confirmed = PostForm(s, invite + "/confirm", {{"code", code}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_NE(confirmed.body.find("Your account is ready"), std::string::npos);
  EXPECT_EQ(Get(s, invite).status, 404);  // used up
  EXPECT_EQ(PostForm(s, invite + "/confirm", {{"code", code}}).status, 404);

  // First sign-in, on the staff pages.
  HttpResult login =
      PostSignInForm(s, {{"email", "pfso@landguard.test.invalid"},
                         {"password", kPassword},
                         {"totp", crypto::TotpCode(*secret, SystemClock::Get()->UnixSeconds())}});
  ASSERT_EQ(login.status, 303) << login.body;
  const std::string cookie = CookieFrom(login);
  HttpResult home = Get(s, "/staff", cookie);
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.Header("location"), "/facility/GBFXT-LANDGUARD");
  HttpResult page = Get(s, "/facility/GBFXT-LANDGUARD", cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("https://portsafe.test/r/GBFXT-LANDGUARD"), std::string::npos);
  EXPECT_EQ(Get(s, "/facility/GBFXT-OTHER", cookie).status, 403);

  // Materials: the poster's QR code, read from the rendered first page.
  const std::string link = "https://portsafe.test/r/GBFXT-LANDGUARD";
  for (const char* lang : {"en", "pl", "uk"}) {
    HttpResult pdf = Get(
        s, std::string("/facility/GBFXT-LANDGUARD/materials/") + lang + "/poster-a4.pdf", cookie);
    ASSERT_EQ(pdf.status, 200) << lang;
    EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
    const std::string png =
        RenderPdfPage(Save(dir_, std::string("poster-") + lang + ".pdf", pdf.body), 1, 100);
    ASSERT_FALSE(png.empty()) << lang;
    // Each language's QR code carries its language, and the page it opens
    // is in that language.
    // So does the second, to the facility's lessons.
    const std::string scanned = link + "?lang=" + lang;
    const std::string lessons =
        "https://portsafe.test/learn/GBFXT-LANDGUARD?lang=" + std::string(lang);
    auto codes = DecodeQrCodes(png);
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(codes, (std::vector<std::string>{lessons, scanned})) << lang;
    for (const std::string& opened : {scanned, lessons}) {
      HttpResult page = Get(s, opened.substr(std::string("https://portsafe.test").size()));
      ASSERT_EQ(page.status, 200) << opened;
      EXPECT_NE(page.body.find("<html lang=\"" + std::string(lang) + "\""), std::string::npos)
          << opened;
    }
  }
  HttpResult qr = Get(s, "/facility/GBFXT-LANDGUARD/materials/pl/qr.png", cookie);
  ASSERT_EQ(qr.status, 200);
  EXPECT_EQ(DecodeQrCodes(Save(dir_, "qr.png", qr.body)),
            std::vector<std::string>{link + "?lang=pl"});
  // The briefing pack is written in English only: no Polish one is made.
  EXPECT_EQ(Get(s, "/facility/GBFXT-LANDGUARD/materials/pl/briefing-pack.pdf", cookie).status, 404);
  EXPECT_EQ(Get(s, "/facility/GBFXT-LANDGUARD/materials/xx/qr.png", cookie).status, 404);
  HttpResult brief = Get(s, "/facility/GBFXT-LANDGUARD/materials/en/briefing-pack.pdf", cookie);
  ASSERT_EQ(brief.status, 200);
  EXPECT_GE(PdfPageCount(Save(dir_, "brief.pdf", brief.body)), 2);

  // The reporting link opens the report form for the facility.
  HttpResult r = Get(s, "/r/GBFXT-LANDGUARD");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("GBFXT-LANDGUARD"), std::string::npos);
  // The members' newsletter goes out through the same mail server.
  HttpResult sent = Api(s, token, "POST", "/api/v1/admin/newsletter/send",
                        R"({"subject":"Winter newsletter","markdown":"# Winter\n\nThank you."})");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(json::parse(sent.body).at("recipients").as_int64(), 1);
  mails = smtp.WaitFor(2, 20);
  ASSERT_EQ(mails.size(), 2u);
  const std::string& letter =
      mails[0].find("Winter newsletter") != std::string::npos ? mails[0] : mails[1];
  EXPECT_NE(letter.find("Subject: Winter newsletter"), std::string::npos) << letter;
  EXPECT_NE(letter.find("X-RcptTo: pfso@landguard.test.invalid"), std::string::npos) << letter;
  EXPECT_NE(letter.find("# Winter"), std::string::npos) << letter;
  // Both parts, read back by a real MIME parser (Python's email package):
  // the text is the Markdown, the HTML what the preview showed.
  {
    const std::string path = dir_.path() + "/letter.eml";
    {
      std::ofstream f(path, std::ios::binary);
      f << letter;
    }
    const std::string cmd =
        "python3 -c 'import email,sys\n"
        "m=email.message_from_binary_file(open(sys.argv[1],\"rb\"))\n"
        "for p in m.walk():\n"
        " print(\"PART\",p.get_content_type())\n"
        " if not p.is_multipart(): print(p.get_payload(decode=True).decode())\n' " +
        path;
    std::string parsed;
    FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) parsed.append(buf, n);
    ASSERT_EQ(pclose(pipe), 0) << parsed;
    const size_t alt = parsed.find("PART multipart/alternative");
    const size_t text = parsed.find("PART text/plain");
    const size_t html = parsed.find("PART text/html");
    ASSERT_NE(alt, std::string::npos) << parsed;
    ASSERT_TRUE(alt < text && text < html) << parsed;
    EXPECT_NE(parsed.substr(text, html - text).find("# Winter\n\nThank you."), std::string::npos)
        << parsed;
    EXPECT_NE(parsed.find("<h1>Winter</h1>", html), std::string::npos) << parsed;
    EXPECT_NE(parsed.find("<p>Thank you.</p>", html), std::string::npos) << parsed;
    EXPECT_NE(parsed.find("You receive it as the security officer", html), std::string::npos);
  }
  // The log names no address.
  EXPECT_EQ(ReadAll(s.log_path()).find("landguard.test.invalid"), std::string::npos);
}

TEST_F(MembershipTest, FacilityCommandsAndMaterialsFromTheCommandLine) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  std::string out;
  ASSERT_EQ(RunPortsafe({"facility", "add", "--data", s.data_dir(), "--code", "GBFXT-TRINITY",
                         "--port", "GBFXT", "--name", "Trinity Terminal"},
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("https://portsafe.test/r/GBFXT-TRINITY"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe({"facility", "add", "--data", s.data_dir(), "--code", "GBDVR-TRINITY",
                         "--port", "GBFXT", "--name", "Wrong port in the code"},
                        &out),
            2);
  EXPECT_EQ(RunPortsafe({"facility", "add", "--data", s.data_dir(), "--code", "GBFXT-TRINITY",
                         "--port", "GBFXT", "--name", "Again"},
                        &out),
            1);
  EXPECT_NE(out.find("exists"), std::string::npos) << out;
  ASSERT_EQ(
      RunPortsafe({"facility", "suspend", "--data", s.data_dir(), "--code", "GBFXT-TRINITY"}, &out),
      0);
  ASSERT_EQ(RunPortsafe({"facility", "list", "--data", s.data_dir()}, &out), 0);
  EXPECT_NE(out.find("GBFXT-TRINITY\tsuspended\tGBFXT\t"), std::string::npos) << out;
  EXPECT_NE(out.find("Hutchison Ports"), std::string::npos) << out;  // from the directory
  ASSERT_EQ(
      RunPortsafe({"facility", "resume", "--data", s.data_dir(), "--code", "GBFXT-TRINITY"}, &out),
      0);

  const std::string dir = dir_.path() + "/materials";
  ASSERT_EQ(RunPortsafe({"facility", "materials", "--data", s.data_dir(), "--code", "GBFXT-TRINITY",
                         "--lang", "ro", "--out", dir},
                        &out),
            0)
      << out;
  // For printing and sharing: readable by others, the directory too.
  EXPECT_EQ(std::filesystem::status(dir).permissions() & std::filesystem::perms::others_exec,
            std::filesystem::perms::others_exec);
  EXPECT_EQ(std::filesystem::status(dir + "/poster-a4.pdf").permissions() &
                std::filesystem::perms::others_read,
            std::filesystem::perms::others_read);
  const std::string link = "https://portsafe.test/r/GBFXT-TRINITY";
  // Posters carry a second code, to the facility's learning link.
  const std::string learn = "https://portsafe.test/learn/GBFXT-TRINITY?lang=ro";
  for (const char* pdf : {"poster-a4.pdf", "poster-a3.pdf", "leaflet-a5.pdf"}) {
    const std::string png = RenderPdfPage(dir + "/" + pdf, 1, 100);
    ASSERT_FALSE(png.empty()) << pdf;
    auto codes = DecodeQrCodes(png);
    std::sort(codes.begin(), codes.end());
    const bool poster = std::string(pdf).starts_with("poster");
    const std::vector<std::string> want = poster
                                              ? std::vector<std::string>{learn, link + "?lang=ro"}
                                              : std::vector<std::string>{link + "?lang=ro"};
    EXPECT_EQ(codes, want) << pdf;
  }
  EXPECT_EQ(DecodeQrCodes(dir + "/qr.png"), std::vector<std::string>{link + "?lang=ro"});
  EXPECT_EQ(DecodeQrCodes(RenderSvg(dir + "/qr.svg")), std::vector<std::string>{link + "?lang=ro"});
  // Refused, and said: the briefing pack is English only.
  EXPECT_FALSE(std::filesystem::exists(dir + "/briefing-pack.pdf"));
  EXPECT_NE(out.find("English only"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe({"facility", "materials", "--data", s.data_dir(), "--code", "GBFXT-TRINITY",
                         "--lang", "xx", "--out", dir},
                        &out),
            2);
  EXPECT_EQ(RunPortsafe({"facility", "materials", "--data", s.data_dir(), "--code", "GBFXT-NONE",
                         "--out", dir},
                        &out),
            1);
  EXPECT_EQ(RunPortsafe({"facility", "frobnicate"}, &out), 2);
  EXPECT_EQ(RunPortsafe({"facility", "--help"}, &out), 0);
  EXPECT_NE(out.find("materials"), std::string::npos);
}

// Every count a page, CSV file or JSON answer shows: the numbers in table
// cells, chart labels, CSV count columns and JSON "count" members.
std::vector<long> CountsIn(const std::string& body) {
  std::vector<long> out;
  for (const char* pattern : {"<td>([0-9]+)</td>", "fill=\"#1a1a1a\">([0-9]+)</text>",
                              ",([0-9]+)\\r\\n", "\"count\":([0-9]+)"}) {
    std::regex re(pattern);
    for (auto it = std::sregex_iterator(body.begin(), body.end(), re); it != std::sregex_iterator();
         ++it) {
      out.push_back(std::stol((*it)[1]));
    }
  }
  return out;
}

TEST_F(MembershipTest, FourReportsAtATinyFacilityAreNeverRevealed) {
  {
    ServerProcess s(dir_.path());
    ASSERT_TRUE(s.ok());
    std::string out;
    ASSERT_EQ(
        RunPortsafe({"facility", "add", "--data", s.data_dir(), "--code", "GBABA-QUAY", "--port",
                     "GBABA", "--name", "Aberaeron Quay", "--operator", "Tiny Quay Ltd"},
                    &out),
        0)
        << out;
    ASSERT_EQ(s.Stop(), 0);
  }
  // Reports from two months ago, published by now: 20 at Felixstowe and 20
  // at Dover; and from three months ago 4 at the tiny facility (3 drugs, 1
  // firearms), so that on any day of the month (the month just ended is
  // published on its 14th day after) the tiny facility's month is a row of
  // its own. Figures count the clear columns only, so the rows' sealed parts
  // do not matter here. The month comes from the clock the server reads too
  // (the suite runs under faketime at several dates).
  const std::string today = SystemClock::Get()->Today();
  const std::string month = core::AddMonths(today, -2).substr(0, 7);
  const std::string earlier = core::AddMonths(today, -3).substr(0, 7);
  {
    auto store = store::SqlStore::OpenSqlite(dir_.path() + "/data/portsafe.db");
    ASSERT_TRUE(store.ok());
    int n = 0;
    auto add = [&](const std::string& port, const std::string& facility,
                   const std::string& category, const std::string& in_month) {
      store::ReportRow r;
      r.id = "report" + std::to_string(++n);
      r.lookup_id = "lookup" + std::to_string(n);
      r.port_code = port;
      r.facility_code = facility;
      r.category = category;
      r.status = core::ReportStatus::kNew;
      r.received_on = in_month + "-10";
      r.sealed_key = r.receipt_wrapped_key = r.body = "sealed";
      std::promise<Status> p;
      (*store)->reports().CreateReport(r, {}, [&p](Status st) { p.set_value(std::move(st)); });
      ASSERT_TRUE(p.get_future().get().ok());
    };
    for (int i = 0; i < 20; ++i) add("GBFXT", "", "drugs", month);
    for (int i = 0; i < 20; ++i) add("GBDVR", "", "cargo_theft", month);
    for (int i = 0; i < 3; ++i) add("GBABA", "GBABA-QUAY", "drugs", earlier);
    add("GBABA", "GBABA-QUAY", "firearms", earlier);
  }
  ServerProcess s(dir_.path(), {}, false);
  ASSERT_TRUE(s.ok());
  Staff manager =
      AddUser(s, dir_, "port-manager", "pfso@quay.test.invalid", {"--facility", "GBABA-QUAY"});
  HttpResult login = PostSignInForm(
      s, {{"email", manager.email},
          {"password", kPassword},
          {"totp", crypto::TotpCode(manager.totp, SystemClock::Get()->UnixSeconds())}});
  ASSERT_EQ(login.status, 303);
  const std::string cookie = CookieFrom(login);

  std::vector<std::string> targets = {"/figures", "/figures?lang=pl", "/api/v1/figures",
                                      "/facility/GBABA-QUAY"};
  for (const char* id : {"reports-by-month", "reports-by-freeport", "reports-by-operator",
                         "reports-by-port", "reports-by-category", "outcomes-by-kind"}) {
    targets.push_back(std::string("/figures/") + id + ".csv");
  }
  for (const char* id : {"reports-by-month", "reports-by-category", "reports-by-insider-type",
                         "disseminations-by-agency", "outcomes-by-kind"}) {
    targets.push_back(std::string("/facility/GBABA-QUAY/figures/") + id + ".csv");
  }
  // A second manager signs in to the API (a separate sign-in, so a separate
  // TOTP code).
  Staff second =
      AddUser(s, dir_, "port-manager", "deputy@quay.test.invalid", {"--facility", "GBABA-QUAY"});
  const std::string bearer = Login(s, second);
  ASSERT_FALSE(bearer.empty());
  bool saw_published_count = false;
  for (const auto& target : targets) {
    HttpResult r = Get(s, target, target.rfind("/facility", 0) == 0 ? cookie : "");
    ASSERT_EQ(r.status, 200) << target;
    for (long c : CountsIn(r.body)) {
      EXPECT_GE(c, 5) << target << " shows a count of " << c;
      saw_published_count = true;
    }
    const bool polish = target.find("lang=pl") != std::string::npos;
    EXPECT_NE(r.body.find(polish ? "mniej niż 5" : "fewer than 5"), std::string::npos) << target;
  }
  HttpResult api = Api(s, bearer, "GET", "/api/v1/facility/GBABA-QUAY");
  ASSERT_EQ(api.status, 200) << api.body;
  for (long c : CountsIn(api.body)) EXPECT_GE(c, 5) << "the facility API shows " << c;
  EXPECT_NE(api.body.find("fewer than 5"), std::string::npos);
  // The rules still let the big ports' figures through.
  EXPECT_TRUE(saw_published_count);
}

}  // namespace
}  // namespace portsafe::testing
