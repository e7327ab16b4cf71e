// gmock double of service::AuthService.
#pragma once

#include <gmock/gmock.h>

#include "service/auth_service.h"

namespace portsafe::service {

class MockAuthService : public AuthService {
 public:
  MockAuthService();
  ~MockAuthService() override;
  MOCK_METHOD(Result<std::string>, Login, (std::string_view, std::string_view, std::string_view),
              (override));
  MOCK_METHOD(Result<std::shared_ptr<const StaffSession>>, Authenticate, (std::string_view),
              (override));
  MOCK_METHOD(void, Logout, (std::string_view), (override));
  MOCK_METHOD(Status, ResetPassword,
              (std::string_view, std::string_view, std::string_view, std::string_view), (override));
  MOCK_METHOD(Status, ChangePassword, (std::string_view, std::string_view, std::string_view),
              (override));
  MOCK_METHOD(void, RecordDenied, (const StaffSession&, std::string_view), (override));
  MOCK_METHOD(Result<std::vector<SessionSummary>>, ListSessions, (std::string_view), (override));
  MOCK_METHOD(Status, EndOtherSessions, (std::string_view, std::string_view), (override));
};

}  // namespace portsafe::service
