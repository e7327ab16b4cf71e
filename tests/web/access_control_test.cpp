// Walks every route the router knows with no session and with a session of
// every role, against the real services, and checks each answer against the
// table below: docs/architecture.md's "People and what each may see". A route missing
// from the table fails the test, so a new route cannot ship unclassified.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "service/staff_world.h"
#include "support/temp_dir.h"
#include "web/app.h"
#include "web/staff_auth.h"

namespace portsafe::web {
namespace {

using core::Role;

constexpr const char* kPublic = "public";
constexpr const char* kStaff = "any staff";
constexpr const char* kReaders = "handler, supervisor";
constexpr const char* kSupervisor = "supervisor";
constexpr const char* kOfficer = "agency officer";
constexpr const char* kTeam = "supervisor, agency officer, admin";
constexpr const char* kGivers = "supervisor, agency officer";
constexpr const char* kAdmin = "admin";
constexpr const char* kFacility = "port manager (own facility), admin";
constexpr const char* kManager = "port manager (own facility)";

// Who may call each route. Reporters have no account: public routes are
// theirs (and anyone's). Agency officers see only their agency's packages;
// port managers and programme admins see no report content (their pages
// see membership and figures only).
const std::map<std::string, std::string>& AccessTable() {
  static const std::map<std::string, std::string> kTable = {
      {"GET /", kPublic},
      {"GET /report", kPublic},
      {"POST /report", kPublic},
      {"GET /r/{code}", kPublic},
      {"GET /approached", kPublic},
      {"GET /approached/{code}", kPublic},
      {"POST /approached", kPublic},
      {"GET /learn", kPublic},
      {"GET /learn/{x}", kPublic},
      {"GET /learn/{facility}/{lesson}", kPublic},
      {"POST /learn/{lesson}", kPublic},
      {"POST /learn/{facility}/{lesson}", kPublic},
      {"GET /api/v1/learn", kPublic},
      {"GET /api/v1/learn/{lesson}", kPublic},
      {"POST /api/v1/learn/{lesson}/answers", kPublic},
      {"GET /followup", kPublic},
      {"POST /followup", kPublic},
      {"GET /api/v1/ports", kPublic},
      {"GET /api/v1/categories", kPublic},
      {"POST /api/v1/reports", kPublic},
      {"POST /api/v1/approaches", kPublic},
      {"GET /api/v1/reports/self", kPublic},
      {"POST /api/v1/reports/self/messages", kPublic},
      {"POST /api/v1/reports/self/files", kPublic},
      {"GET /static/{name}", kPublic},
      {"GET /healthz", kPublic},
      {"GET /login", kPublic},
      {"POST /login", kPublic},
      {"POST /api/v1/session", kPublic},
      {"GET /login/recover", kPublic},
      {"POST /login/recover", kPublic},
      {"POST /api/v1/account/recovery", kPublic},
      {"GET /team", kTeam},
      {"POST /team/{user}/key", kGivers},
      {"POST /team/{user}/key/take-back", kGivers},
      {"POST /team/{user}/account", kAdmin},
      {"GET /api/v1/team", kTeam},
      {"POST /api/v1/team/{user}/key", kGivers},
      {"POST /api/v1/team/{user}/key/take-back", kGivers},
      {"POST /logout", kStaff},
      {"GET /staff", kStaff},
      {"GET /account", kStaff},
      {"POST /account/password", kStaff},
      {"POST /account/sessions", kStaff},
      {"GET /api/v1/session", kStaff},
      {"DELETE /api/v1/session", kStaff},
      {"POST /api/v1/account/password", kStaff},
      {"GET /handle", kReaders},
      {"GET /handle/phone", kReaders},
      {"POST /handle/phone", kReaders},
      {"GET /handle/reports/{id}", kReaders},
      {"POST /handle/reports/{id}", kReaders},
      {"GET /handle/reports/{id}/files/{seq}", kReaders},
      {"GET /handle/links/{id}", kReaders},
      {"GET /handle/groups", kReaders},
      {"POST /handle/groups/{id}/close", kReaders},
      {"GET /api/v1/handler/groups", kReaders},
      {"POST /api/v1/handler/groups/{id}/close", kReaders},
      {"GET /api/v1/handler/reports/{id}/links", kReaders},
      {"GET /api/v1/handler/reports/{id}/links/graph", kReaders},
      {"GET /api/v1/handler/reports", kReaders},
      {"GET /api/v1/handler/reports/{id}", kReaders},
      {"GET /api/v1/handler/reports/{id}/files/{seq}", kReaders},
      {"GET /api/v1/handler/outcomes", kReaders},
      {"POST /api/v1/handler/reports/{id}/assign", kReaders},
      {"POST /api/v1/handler/reports/{id}/messages", kReaders},
      {"POST /api/v1/handler/reports/{id}/priority", kReaders},
      {"POST /api/v1/handler/reports/{id}/classification", kReaders},
      {"POST /api/v1/handler/reports/{id}/grade", kReaders},
      {"POST /api/v1/handler/reports/{id}/close", kReaders},
      {"POST /api/v1/handler/phone-reports", kReaders},
      {"POST /api/v1/handler/reports/{id}/sanitised", kReaders},
      {"POST /api/v1/handler/reports/{id}/submission", kReaders},
      {"POST /api/v1/handler/reports/{id}/attachments", kReaders},
      {"POST /api/v1/handler/reports/{id}/approval", kSupervisor},
      {"POST /api/v1/handler/reports/{id}/send-back", kSupervisor},
      {"POST /api/v1/handler/reports/{id}/packages/{package}/answers", kReaders},
      {"GET /agency", kOfficer},
      {"GET /agency/packages/{id}", kOfficer},
      {"POST /agency/packages/{id}", kOfficer},
      {"GET /api/v1/agency/packages", kOfficer},
      {"GET /api/v1/agency/packages/{id}", kOfficer},
      {"POST /api/v1/agency/packages/{id}/acknowledge", kOfficer},
      {"POST /api/v1/agency/packages/{id}/questions", kOfficer},
      {"POST /api/v1/agency/packages/{id}/alert-request", kOfficer},
      {"GET /api/v1/agency/packages/{id}/stix", kOfficer},
      {"GET /api/v1/agency/packages/{id}/files/{seq}", kOfficer},
      {"GET /agency/packages/{id}/files/{seq}", kOfficer},
      {"GET /agency/packages/{id}/package.pdf", kOfficer},
      {"GET /api/v1/agency/packages/{id}/pdf", kOfficer},
      {"GET /api/v1/agency/packages/{id}/misp", kOfficer},
      {"GET /agency/packages/{id}/stix.json", kOfficer},
      {"GET /agency/packages/{id}/misp.json", kOfficer},
      {"POST /api/v1/agency/packages/{id}/outcome", kOfficer},
      {"GET /figures", kPublic},
      {"GET /figures/{file}", kPublic},
      {"GET /api/v1/figures", kPublic},
      {"GET /api/v1/figures/months/{month}", kPublic},
      {"GET /join", kPublic},
      {"POST /join", kPublic},
      {"POST /api/v1/join", kPublic},
      {"GET /invite/{token}", kPublic},
      {"POST /invite/{token}", kPublic},
      {"POST /api/v1/invitations/{token}", kPublic},
      {"POST /invite/{token}/confirm", kPublic},
      {"POST /api/v1/invitations/{token}/confirmation", kPublic},
      {"GET /facility", kFacility},
      {"GET /facility/{code}", kFacility},
      {"GET /facility/{code}/figures/{file}", kFacility},
      {"GET /facility/{code}/materials/{lang}/{file}", kFacility},
      {"GET /api/v1/facility/{code}", kFacility},
      {"GET /api/v1/facility/{code}/figures/months/{month}", kFacility},
      {"GET /alerts", kPublic},
      {"GET /api/v1/public/alerts", kPublic},
      {"GET /handle/alerts", kReaders},
      {"POST /handle/alerts", kReaders},
      {"GET /handle/alerts/{id}", kReaders},
      {"POST /handle/alerts/{id}/approval", kSupervisor},
      {"POST /api/v1/alerts", kReaders},
      {"GET /api/v1/alerts", kReaders},
      {"GET /api/v1/alerts/{id}", kReaders},
      {"POST /api/v1/alerts/{id}/approval", kSupervisor},
      {"POST /facility/{code}/alerts/{id}/acknowledgement", kManager},
      {"GET /api/v1/facility/{code}/alerts", kManager},
      {"POST /api/v1/facility/{code}/alerts/{id}/acknowledgement", kManager},
      {"GET /admin", kAdmin},
      {"POST /admin/applications/{id}/approve", kAdmin},
      {"POST /admin/applications/{id}/decline", kAdmin},
      {"POST /admin/facilities/{code}/status", kAdmin},
      {"GET /admin/newsletter", kAdmin},
      {"POST /admin/newsletter", kAdmin},
      {"GET /api/v1/admin/applications", kAdmin},
      {"POST /api/v1/admin/applications/{id}/approve", kAdmin},
      {"POST /api/v1/admin/applications/{id}/decline", kAdmin},
      {"GET /api/v1/admin/facilities", kAdmin},
      {"POST /api/v1/admin/facilities/{code}/status", kAdmin},
      {"POST /api/v1/admin/newsletter/preview", kAdmin},
      {"POST /api/v1/admin/newsletter/send", kAdmin},
  };
  return kTable;
}

bool RoleAllowed(const std::string& rule, Role r) {
  if (rule == kStaff) return true;
  if (rule == kReaders) return r == Role::kHandler || r == Role::kSupervisor;
  if (rule == kSupervisor) return r == Role::kSupervisor;
  if (rule == kOfficer) return r == Role::kAgency;
  if (rule == kTeam) return r == Role::kSupervisor || r == Role::kAgency || r == Role::kAdmin;
  if (rule == kGivers) return r == Role::kSupervisor || r == Role::kAgency;
  if (rule == kAdmin) return r == Role::kAdmin;
  if (rule == kFacility) return r == Role::kPortManager || r == Role::kAdmin;
  if (rule == kManager) return r == Role::kPortManager;
  return false;
}

Response Call(const Router& router, Request req) {
  Response out;
  out.status = -1;
  router.Dispatch(req, [&out](Response res) { out = std::move(res); });
  return out;
}

std::string LocationOf(const Response& r) {
  for (const auto& [k, v] : r.headers) {
    if (k == "Location") return v;
  }
  return {};
}

class AccessControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = Catalogue::LoadEmbedded();
    ASSERT_TRUE(c.ok());
    catalogue_ = std::move(*c);
    ctx_ =
        WebContext{w_.reporting_, &catalogue_, nullptr,     w_.auth_,       w_.handling_,
                   w_.agency_,    w_.team_,    w_.figures_, w_.membership_, "https://portsafe.test",
                   w_.links_,     w_.learn_};
    ctx_.alerts = w_.alerts_;
    router_ = BuildRouter(ctx_);
    // A package for Suffolk from a first report, then the report under test.
    w_.Submit("MARKER-ORIGINAL of the disseminated report");
    auto handler = w_.Session(w_.Login(Role::kHandler));
    const std::string sent = w_.LastReportId();
    ASSERT_TRUE(w_.handling_->SaveSanitised(*handler, sent, "MARKER-PACKAGE sanitised").ok());
    ASSERT_TRUE(w_.handling_->Grade(*handler, sent, {"2", "B", "P", ""}).ok());
    ASSERT_TRUE(w_.handling_->SubmitForApproval(*handler, sent, {"SUFFOLK-POLICE"}, {}).ok());
    ASSERT_TRUE(w_.handling_->Approve(*w_.Session(w_.Login(Role::kSupervisor)), sent).ok());
    auto packages = w_.store_->staff().ListPackagesForReport(sent);
    ASSERT_TRUE(packages.ok() && packages->size() == 1u);
    package_id_ = packages->front().id;
    w_.Submit("MARKER-ACCESS report content");
    report_id_ = w_.LastReportId();
  }

  // A request for `route` ("METHOD /pattern") with its parameters filled in.
  // Whether the audit log says `user_id` was refused `path`.
  bool DeniedTo(const std::string& user_id, const std::string& path) {
    auto entries = w_.audit_->EntriesFor(path);
    if (!entries.ok()) return false;
    for (const auto& e : *entries) {
      if (e.event.action == "access.denied" && e.event.actor_id == user_id) return true;
    }
    return false;
  }
  Request Build(const std::string& route, const std::string& token,
                const std::shared_ptr<const service::StaffSession>& session) {
    Request req;
    req.method = route.substr(0, route.find(' '));
    std::string path = route.substr(route.find(' ') + 1);
    const bool agency = path.find("/agency") != std::string::npos;
    for (auto [param, value] :
         std::map<std::string, std::string>{{"{id}", agency ? package_id_ : report_id_},
                                            {"{package}", package_id_},
                                            {"{user}", "0000000000000000"},
                                            {"{seq}", "1"},
                                            {"{code}", "GBFXT-TRINITY"},
                                            {"{file}", "reports-by-month.csv"},
                                            {"{lang}", "en"},
                                            {"{token}", std::string(40, '0')},
                                            {"{name}", "style.css"},
                                            {"{x}", "recruitment"},
                                            {"{facility}", "GBFXT-TRINITY"},
                                            {"{lesson}", "recruitment"}}) {
      for (size_t at; (at = path.find(param)) != std::string::npos;) {
        path.replace(at, param.size(), value);
      }
    }
    req.path = path;
    const bool api = path.rfind("/api/", 0) == 0;
    if (!token.empty()) {
      if (api) {
        req.headers.emplace_back("authorization", "Bearer " + token);
      } else {
        req.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + token);
      }
    }
    if (req.method == "POST") {
      if (api) {
        req.headers.emplace_back("content-type", "application/json");
        req.body = "{}";
      } else {
        req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        // A valid CSRF token, so the role (not the token) decides.
        req.body = "csrf=" + (session ? session->csrf : std::string("none"));
      }
    }
    return req;
  }

  testing::StaffWorld w_;
  Catalogue catalogue_;
  WebContext ctx_;
  std::unique_ptr<Router> router_;
  std::string report_id_, package_id_;
};

TEST_F(AccessControlTest, EveryRouteWithEveryRoleAndWithoutASession) {
  const auto& table = AccessTable();
  std::set<std::string> seen;
  std::map<Role, std::string> tokens;
  for (const std::string& route : router_->Routes()) {
    seen.insert(route);
    auto rule = table.find(route);
    ASSERT_NE(rule, table.end()) << route << " is not in the access table";
    const bool api = route.find(" /api/") != std::string::npos;

    // Sign-in routes answer empty credentials with 401, whoever asks (the
    // sign-in page, a form without its cookie and token with 403); sign-out
    // routes succeed by ending the session.
    const bool signs_in = route == "POST /login" || route == "POST /api/v1/session";
    const bool signs_out = route == "POST /logout" || route == "DELETE /api/v1/session";

    // No session.
    Response anon = Call(*router_, Build(route, "", nullptr));
    if (signs_in) {
      EXPECT_EQ(anon.status, route == "POST /login" ? 403 : 401) << route;
    } else if (rule->second == kPublic) {
      EXPECT_NE(anon.status, 401) << route;
      EXPECT_NE(anon.status, 403) << route;
      EXPECT_LT(anon.status, 500) << route;
    } else if (api) {
      EXPECT_EQ(anon.status, 401) << route;
    } else {
      EXPECT_EQ(anon.status, 303) << route;
      EXPECT_EQ(LocationOf(anon), "/login") << route;
    }

    for (Role role : core::AllRoles()) {
      // One session per role while it lasts: some routes end the session
      // they are given, and then the role signs in again. (A sign-in costs
      // an Argon2id hash; one per route and role made this the slowest test.)
      std::string& token = tokens[role];
      if (token.empty() || !w_.auth_->Authenticate(token).ok()) token = w_.Login(role);
      auto session = w_.Session(token);
      Response res = Call(*router_, Build(route, token, session));
      const std::string who = route + " as " + std::string(core::ToString(role));
      EXPECT_LT(res.status, 500) << who << ": " << res.body.substr(0, 300);
      if (signs_in) {
        EXPECT_EQ(res.status, route == "POST /login" ? 403 : 401) << who;
      } else if (signs_out) {
        EXPECT_LT(res.status, 400) << who;
        EXPECT_FALSE(w_.auth_->Authenticate(token).ok()) << who;
      } else if (rule->second == kPublic || RoleAllowed(rule->second, role)) {
        EXPECT_NE(res.status, 401) << who;
        EXPECT_NE(res.status, 403) << who << ": " << res.body.substr(0, 300);
        EXPECT_NE(LocationOf(res), "/login") << who;
      } else {
        EXPECT_EQ(res.status, 403) << who;
        EXPECT_EQ(res.body.find("MARKER-ACCESS"), std::string::npos) << who;
        // Every refusal is in the audit log, with who asked for what.
        const std::string path = Build(route, token, session).path;
        EXPECT_TRUE(DeniedTo(session->user_id, path)) << who;
      }
    }
  }
  for (const auto& [route, rule] : table) {
    EXPECT_TRUE(seen.count(route)) << route << " is in the table but not served";
  }
}

TEST_F(AccessControlTest, ReportContentReachesHandlersAndNobodyElse) {
  for (Role role : core::AllRoles()) {
    std::string token = w_.Login(role);
    for (const char* route : {"GET /handle/reports/{id}", "GET /api/v1/handler/reports/{id}"}) {
      Response res = Call(*router_, Build(route, token, w_.Session(token)));
      bool reads = core::ReadsReports(role);
      EXPECT_EQ(res.status, reads ? 200 : 403) << route << " " << core::ToString(role);
      EXPECT_EQ(res.body.find("MARKER-ACCESS") != std::string::npos, reads)
          << route << " " << core::ToString(role);
    }
  }
}

TEST_F(AccessControlTest, APackageReachesItsAgencysOfficersAndNobodyElse) {
  const std::string nca = w_.AddOfficer("NCA", "officer@nca.test.invalid");
  for (Role role : core::AllRoles()) {
    std::string token = w_.Login(role);
    for (const char* route : {"GET /agency/packages/{id}", "GET /api/v1/agency/packages/{id}"}) {
      Response res = Call(*router_, Build(route, token, w_.Session(token)));
      const bool officer = role == Role::kAgency;  // of Suffolk, the recipient
      EXPECT_EQ(res.status, officer ? 200 : 403) << route << " " << core::ToString(role);
      EXPECT_EQ(res.body.find("MARKER-PACKAGE") != std::string::npos, officer)
          << route << " " << core::ToString(role);
      // The agency never sees the original.
      EXPECT_EQ(res.body.find("MARKER-ORIGINAL"), std::string::npos) << route;
    }
  }
  // Another agency's officer: "not found", exactly like a made-up id.
  std::string token = w_.Login(Role::kAgency, nca);
  for (const char* route : {"GET /agency/packages/{id}", "GET /api/v1/agency/packages/{id}"}) {
    Response res = Call(*router_, Build(route, token, w_.Session(token)));
    EXPECT_EQ(res.status, 404) << route;
    EXPECT_EQ(res.body.find("MARKER-PACKAGE"), std::string::npos) << route;
  }
  Response inbox = Call(*router_, Build("GET /api/v1/agency/packages", token, nullptr));
  EXPECT_EQ(inbox.status, 200);
  EXPECT_EQ(inbox.body, "[]");
}

TEST_F(AccessControlTest, TheAccountPageListsSessionsAndSignsOutTheOthers) {
  const std::string other = w_.Login(Role::kHandler);
  const std::string token = w_.Login(Role::kHandler);
  Response page = Call(*router_, Build("GET /account", token, w_.Session(token)));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("this session"), std::string::npos);
  EXPECT_NE(page.body.find(" UTC</td>"), std::string::npos);
  EXPECT_NE(page.body.find("Sign out everywhere else"), std::string::npos);
  // A wrong password ends nothing; the right one ends the other session.
  Request wrong = Build("POST /account/sessions", token, w_.Session(token));
  wrong.body += "&password=not+my+password";
  Response refused = Call(*router_, wrong);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("password is wrong"), std::string::npos);
  EXPECT_TRUE(w_.auth_->Authenticate(other).ok());
  Request right = Build("POST /account/sessions", token, w_.Session(token));
  std::string password = testing::kStaffPassword;
  std::replace(password.begin(), password.end(), ' ', '+');  // form-encoded
  right.body += "&password=" + password;
  Response done = Call(*router_, right);
  EXPECT_EQ(done.status, 200);
  EXPECT_NE(done.body.find("Your other sessions are signed out."), std::string::npos);
  EXPECT_FALSE(w_.auth_->Authenticate(other).ok());
  EXPECT_TRUE(w_.auth_->Authenticate(token).ok());
  // Alone now: the form is gone.
  EXPECT_EQ(done.body.find("Sign out everywhere else"), std::string::npos);
}

TEST_F(AccessControlTest, FormsWithoutTheSessionsCsrfTokenAreRefused) {
  std::string token = w_.Login(Role::kHandler);
  std::string other = w_.Login(Role::kSupervisor);
  const std::vector<std::string> bodies = {
      "action=assign", "action=assign&csrf=", "action=assign&csrf=" + w_.Session(other)->csrf};
  for (const std::string& body : bodies) {
    Request req = Build("POST /handle/reports/{id}", token, nullptr);
    req.body = body;
    Response res = Call(*router_, req);
    EXPECT_EQ(res.status, 403) << body;
  }
  auto h = w_.store_->staff().FindHandling(report_id_);
  EXPECT_EQ(h->assigned_to, "");  // nothing happened
  Request ok = Build("POST /handle/reports/{id}", token, w_.Session(token));
  ok.body += "&action=assign";
  EXPECT_EQ(Call(*router_, ok).status, 200);
  EXPECT_NE(w_.store_->staff().FindHandling(report_id_)->assigned_to, "");
}

TEST_F(AccessControlTest, TheCookieDoesNotOpenTheApiAndTheBearerDoesNotOpenPages) {
  std::string token = w_.Login(Role::kHandler);
  Request api;
  api.method = "GET";
  api.path = "/api/v1/handler/reports";
  api.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + token);
  EXPECT_EQ(Call(*router_, api).status, 401);
  Request page;
  page.method = "GET";
  page.path = "/handle";
  page.headers.emplace_back("authorization", "Bearer " + token);
  EXPECT_EQ(Call(*router_, page).status, 303);
}

// A session that must still change the first password the operator set
// reaches the account page, the password change and sign-out, and nothing
// else: every other page sends it to /account and every other API route
// answers 403, whatever its role could otherwise do.
TEST_F(AccessControlTest, AFirstPasswordOpensOnlyTheWayToChangeIt) {
  const std::string email =
      w_.AddUser(Role::kSupervisor, true, "first@test.invalid", "SUFFOLK-POLICE", true);
  const std::set<std::string> open = {"GET /account",           "POST /account/password",
                                      "POST /logout",           "GET /api/v1/session",
                                      "DELETE /api/v1/session", "POST /api/v1/account/password"};
  std::string token = w_.Login(Role::kSupervisor, email);
  int walked = 0;
  for (const std::string& route : router_->Routes()) {
    // Public routes, the way out, and routes a supervisor may not use at all
    // (answered 403 for the role, as ever).
    const std::string& rule = AccessTable().at(route);
    if (rule == kPublic || open.count(route) || !RoleAllowed(rule, Role::kSupervisor)) continue;
    auto session = w_.Session(token);
    ASSERT_TRUE(session->must_change_password);
    Response res = Call(*router_, Build(route, token, session));
    if (route.find(" /api/") != std::string::npos) {
      EXPECT_EQ(res.status, 403) << route;
      EXPECT_NE(res.body.find("choose your own password first"), std::string::npos) << route;
    } else {
      EXPECT_EQ(res.status, 303) << route;
      EXPECT_EQ(LocationOf(res), "/account") << route;
    }
    ++walked;
  }
  EXPECT_GT(walked, 30);
  auto session = w_.Session(token);
  Response account = Call(*router_, Build("GET /account", token, session));
  EXPECT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Choose your own password before anything else"), std::string::npos);
  Response me = Call(*router_, Build("GET /api/v1/session", token, session));
  EXPECT_NE(me.body.find("\"must_change_password\":true"), std::string::npos) << me.body;

  // The change, on the page, frees the session at once.
  Request change = Build("POST /account/password", token, session);
  change.body += "&old_password=correct+horse+battery&new_password=a+password+of+my+own";
  Response changed = Call(*router_, change);
  EXPECT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.body.find("Choose your own password before anything else"), std::string::npos);
  EXPECT_EQ(Call(*router_, Build("GET /handle", token, w_.Session(token))).status, 200);
}

// The programme admin's accounts view at /team: every account's state and its
// actions, no report content; removing needs the box ticked; a disabled
// account's page session ends at once.
TEST_F(AccessControlTest, TheAdminManagesAccountsOnTheTeamPage) {
  const std::string handler_token = w_.Login(Role::kHandler);
  const std::string handler_id = w_.Session(handler_token)->user_id;
  const std::string admin_token = w_.Login(Role::kAdmin);
  auto admin = w_.Session(admin_token);
  Response page = Call(*router_, Build("GET /team", admin_token, admin));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("/team/" + handler_id + "/account"), std::string::npos);
  EXPECT_NE(page.body.find("(your own account)"), std::string::npos);
  EXPECT_EQ(page.body.find("/team/" + admin->user_id + "/account"), std::string::npos);
  EXPECT_EQ(page.body.find(w_.LastReportId()), std::string::npos);  // no report content

  auto post = [&](const std::string& fields) {
    Request req = Build("POST /team/{user}/account", admin_token, admin);
    req.path = "/team/" + handler_id + "/account";
    req.body += "&" + fields;
    return Call(*router_, req);
  };
  Response unticked = post("change=remove");
  EXPECT_EQ(unticked.status, 400);
  EXPECT_NE(unticked.body.find("Nothing was removed"), std::string::npos);
  EXPECT_TRUE(w_.store_->staff().FindUserById(handler_id)->has_value());
  EXPECT_EQ(post("change=explode").status, 400);
  EXPECT_EQ(post("change=set-role&role=agency").status, 400);

  Response disabled = post("change=disable");
  EXPECT_EQ(disabled.status, 200);
  EXPECT_NE(disabled.body.find("Account disabled"), std::string::npos);
  EXPECT_EQ(Call(*router_, Build("GET /handle", handler_token, nullptr)).status, 303);  // to /login
  EXPECT_FALSE(w_.auth_->Authenticate(handler_token).ok());
  EXPECT_EQ(post("change=enable").status, 200);
  EXPECT_EQ(post("change=remove&confirm=yes").status, 200);
  EXPECT_FALSE(w_.store_->staff().FindUserById(handler_id)->has_value());
}

// The sign-in form's cookie ("name=value") and the token its page carries.
struct SignInForm {
  std::string cookie, token, set_cookie;
};
SignInForm GetSignInForm(const Router& router) {
  Request get;
  get.method = "GET";
  get.path = "/login";
  Response page = Call(router, get);
  EXPECT_EQ(page.status, 200);
  SignInForm f;
  for (const auto& [k, v] : page.headers) {
    if (k == "Set-Cookie") f.set_cookie = v;
  }
  f.cookie = f.set_cookie.substr(0, f.set_cookie.find(';'));
  const std::string marker = "name=\"login_csrf\" value=\"";
  const size_t at = page.body.find(marker);
  if (at != std::string::npos) {
    const size_t from = at + marker.size();
    f.token = page.body.substr(from, page.body.find('"', from) - from);
  }
  return f;
}

Request SignInPost(const std::string& cookie, const std::string& body) {
  Request req;
  req.method = "POST";
  req.path = "/login";
  req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  if (!cookie.empty()) req.headers.emplace_back("cookie", cookie);
  req.body = body;
  return req;
}

// Login CSRF: a page on another site can post the sign-in form with an
// attacker's own password and code, but not with the form's cookie
// (SameSite=Strict, and another site cannot read or set it). Such a post is
// refused before the password is tried, so it counts no failure either.
TEST_F(AccessControlTest, ASignInFormWithoutItsCookieAndTokenIsRefusedBeforeThePassword) {
  w_.Advance(30);
  const SignInForm form = GetSignInForm(*router_);
  ASSERT_EQ(form.cookie.rfind(std::string(kLoginCookie) + "=", 0), 0u) << form.set_cookie;
  for (const char* attr : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"}) {
    EXPECT_NE(form.set_cookie.find(attr), std::string::npos) << attr;
  }
  ASSERT_EQ(form.token.size(), 32u);
  EXPECT_EQ(form.cookie.substr(form.cookie.find('=') + 1), form.token);
  // A second page in the same browser carries the same token, so two open
  // forms both work; a browser without the cookie gets a new one.
  EXPECT_EQ(GetSignInForm(*router_).token.size(), 32u);

  const std::string creds = "email=handler%40test.invalid&password=correct+horse+battery&totp=" +
                            w_.Code("handler@test.invalid");
  const SignInForm other = GetSignInForm(*router_);
  ASSERT_NE(other.token, form.token);
  for (const Request& forged : {
           SignInPost("", creds),                                          // no cookie, no token
           SignInPost("", creds + "&login_csrf=" + form.token),            // a token, no cookie
           SignInPost(form.cookie, creds),                                 // no token
           SignInPost(form.cookie, creds + "&login_csrf=" + other.token),  // another's token
           SignInPost(form.cookie, creds + "&login_csrf="),                // an empty token
           SignInPost(std::string(kLoginCookie) + "=", creds + "&login_csrf="),  // both empty
       }) {
    Response res = Call(*router_, forged);
    EXPECT_EQ(res.status, 403) << forged.body;
    EXPECT_NE(res.body.find("sign-in form has expired or was not sent from this site"),
              std::string::npos);
    for (const auto& [k, v] : res.headers) {
      EXPECT_FALSE(k == "Set-Cookie" && v.rfind(std::string(kSessionCookie) + "=", 0) == 0) << v;
    }
  }
  // Six refused posts with a wrong password would have locked the account
  // (five failures); these tried no password, so the right one still works.
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(
        Call(*router_, SignInPost("", "email=handler%40test.invalid&password=wrong&totp=1")).status,
        403);
  }
  Response ok = Call(*router_, SignInPost(form.cookie, creds + "&login_csrf=" + form.token));
  EXPECT_EQ(ok.status, 303) << ok.body;
}

TEST_F(AccessControlTest, LoginSetsAStrictSessionCookieAndLogoutClearsIt) {
  w_.Advance(30);
  const SignInForm form = GetSignInForm(*router_);
  Request req = SignInPost(
      form.cookie, "login_csrf=" + form.token +
                       "&email=handler%40test.invalid&password=correct+horse+battery&totp=" +
                       w_.Code("handler@test.invalid"));
  Response res = Call(*router_, req);
  EXPECT_EQ(res.status, 303);
  std::string cookie;
  for (const auto& [k, v] : res.headers) {
    if (k == "Set-Cookie") cookie = v;
  }
  EXPECT_EQ(cookie.rfind(std::string(kSessionCookie) + "=", 0), 0u) << cookie;
  for (const char* attr : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"}) {
    EXPECT_NE(cookie.find(attr), std::string::npos) << attr;
  }
  EXPECT_EQ(cookie.find("Max-Age"), std::string::npos);  // ends with the browser
  std::string token = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  auto session = w_.Session(token);

  req.body =
      "login_csrf=" + form.token + "&email=handler%40test.invalid&password=wrong&totp=000000";
  res = Call(*router_, req);
  EXPECT_EQ(res.status, 401);
  EXPECT_NE(res.body.find("Wrong e-mail address, password or one-time code"), std::string::npos);

  Request out = Build("POST /logout", token, session);
  res = Call(*router_, out);
  EXPECT_EQ(res.status, 303);
  EXPECT_FALSE(w_.auth_->Authenticate(token).ok());
  // The browser is told to drop the cookie and whatever it kept of the pages.
  std::string cleared, ended;
  for (const auto& [k, v] : res.headers) {
    if (k == "Clear-Site-Data") cleared = v;
    if (k == "Set-Cookie") ended = v;
  }
  EXPECT_EQ(cleared, "\"cache\", \"cookies\", \"storage\"");
  EXPECT_NE(ended.find("Max-Age=0"), std::string::npos);
}

TEST_F(AccessControlTest, OpenApiDocumentsEveryApiRoute) {
  std::string spec = testing::ReadAll(std::string(PORTSAFE_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_FALSE(spec.empty());
  int api_routes = 0;
  for (const std::string& route : router_->Routes()) {
    size_t sp = route.find(' ');
    std::string method = route.substr(0, sp), path = route.substr(sp + 1);
    if (path.rfind("/api/v1/", 0) != 0) continue;
    ++api_routes;
    std::string key = "\n  " + path.substr(7) + ":\n";
    size_t at = spec.find(key);
    ASSERT_NE(at, std::string::npos) << route << " is not in docs/openapi.yaml";
    std::string lower = method;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    size_t next = spec.find("\n  /", at + key.size());
    EXPECT_NE(spec.substr(at, next - at).find("\n    " + lower + ":"), std::string::npos) << route;
  }
  EXPECT_GE(api_routes, 20);  // reporter and staff endpoints
}

}  // namespace
}  // namespace portsafe::web
