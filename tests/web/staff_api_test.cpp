// The staff API's answers for each kind of service outcome, with the
// services mocked: expected failures are 4xx (or 503 with Retry-After),
// never a 500, and bad bodies never reach the service.
#include <gtest/gtest.h>

#include "service/mock_auth_service.h"
#include "service/mock_handling_service.h"
#include "service/mock_reporting_service.h"
#include "web/app.h"

namespace portsafe::web {
namespace {

using ::testing::_;
using ::testing::Return;

class StaffApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = Catalogue::LoadEmbedded();
    ASSERT_TRUE(c.ok());
    catalogue_ = std::move(*c);
    session_ = std::make_shared<service::StaffSession>();
    session_->role = core::Role::kHandler;
    session_->csrf = "csrf-token";
    ON_CALL(auth_, Authenticate("good"))
        .WillByDefault(Return(Result<std::shared_ptr<const service::StaffSession>>(session_)));
    ON_CALL(auth_, Authenticate(::testing::Ne("good")))
        .WillByDefault(Return(Result<std::shared_ptr<const service::StaffSession>>(
            Unauthenticated("please sign in"))));
    router_ = BuildRouter(WebContext{&reporting_, &catalogue_, nullptr, &auth_, &handling_});
  }
  Response Call(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& type = "application/json") {
    Request req;
    req.method = method;
    req.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos) req.query = path.substr(path.find('?') + 1);
    req.body = body;
    req.headers.emplace_back("authorization", "Bearer good");
    if (!type.empty()) req.headers.emplace_back("content-type", type);
    Response out;
    router_->Dispatch(req, [&out](Response r) { out = std::move(r); });
    return out;
  }
  static std::string RetryAfter(const Response& r) {
    for (const auto& [k, v] : r.headers) {
      if (k == "Retry-After") return v;
    }
    return {};
  }

  ::testing::NiceMock<service::MockAuthService> auth_;
  ::testing::StrictMock<service::MockHandlingService> handling_;
  ::testing::NiceMock<service::MockReportingService> reporting_;
  Catalogue catalogue_;
  std::shared_ptr<service::StaffSession> session_;
  std::unique_ptr<Router> router_;
};

TEST_F(StaffApiTest, ServiceOutcomesMapToClearStatuses) {
  const std::string path = "/api/v1/handler/reports/abc/grade";
  const std::string body = R"({"source":"1","intelligence":"A","handling":"P"})";
  struct Case {
    Status st;
    int status;
  } cases[] = {
      {Status::Ok(), 200},
      {InvalidArgument("source"), 400},
      {NotFound("no such report"), 404},
      {PermissionDenied("no key"), 403},
      {AlreadyExists("changed meanwhile"), 409},
      {Unavailable("busy"), 503},
      {Internal("bug"), 500},
  };
  for (const auto& c : cases) {
    EXPECT_CALL(handling_, Grade(_, "abc", _)).WillOnce(Return(c.st));
    Response r = Call("POST", path, body);
    EXPECT_EQ(r.status, c.status) << r.body;
    if (c.status == 503) {
      EXPECT_EQ(RetryAfter(r), "5");
    }
    if (c.status == 500) {
      EXPECT_EQ(r.body.find("bug"), std::string::npos);  // no internals
    }
  }
}

TEST_F(StaffApiTest, GradeFieldsArriveSeparately) {
  EXPECT_CALL(handling_, Grade(_, "abc", _)).WillOnce([](auto&, auto&, const core::Grade& g) {
    EXPECT_EQ(g.source, "3");
    EXPECT_EQ(g.intelligence, "E");
    EXPECT_EQ(g.handling, "C");
    EXPECT_EQ(g.conditions, "none to the press");
    return Status::Ok();
  });
  EXPECT_EQ(
      Call("POST", "/api/v1/handler/reports/abc/grade",
           R"({"source":"3","intelligence":"E","handling":"C","conditions":"none to the press"})")
          .status,
      200);
}

TEST_F(StaffApiTest, BadBodiesAre4xxAndNeverReachTheService) {
  // StrictMock: any call to the handling service fails the test.
  for (const char* q : {"?sort=x", "?sort=age%27", "?closed=yes", "?sort=priority&closed=2"}) {
    EXPECT_EQ(Call("GET", std::string("/api/v1/handler/reports") + q).status, 400) << q;
  }
  EXPECT_EQ(Call("POST", "/api/v1/handler/reports/abc/grade", "{").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/handler/reports/abc/grade", "[]").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/handler/reports/abc/grade", R"({"source":1})").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/handler/reports/abc/grade", R"({"grade":"2CP"})").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/handler/reports/abc/grade", "{}", "text/plain").status, 415);
  EXPECT_EQ(Call("POST", "/api/v1/handler/reports/abc/priority", R"({"priority":"urgent"})").status,
            400);
  EXPECT_EQ(Call("GET", "/api/v1/handler/reports/abc/files/x1").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/handler/reports/abc/files/99999999999").status, 404);
}

TEST_F(StaffApiTest, SignInOutcomes) {
  EXPECT_CALL(auth_, Login("a@b.c", "pw", "123456"))
      .WillOnce(Return(Result<std::string>(RateLimited("try again in 15 minutes"))))
      .WillOnce(Return(Result<std::string>(Unavailable("too many sign-ins at once"))))
      .WillOnce(Return(Result<std::string>(std::string("tok"))));
  const std::string body = R"({"email":"a@b.c","password":"pw","totp":"123456"})";
  Response r = Call("POST", "/api/v1/session", body);
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("15 minutes"), std::string::npos);
  r = Call("POST", "/api/v1/session", body);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(RetryAfter(r), "5");
  r = Call("POST", "/api/v1/session", body);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"token":"tok"})");
  EXPECT_EQ(Call("POST", "/api/v1/session", R"({"email":"a@b.c","extra":"x"})").status, 400);
}

}  // namespace
}  // namespace portsafe::web
