#pragma once

#include <gmock/gmock.h>

#include "service/team_service.h"

namespace portsafe::service {

class MockTeamService : public TeamService {
 public:
  MockTeamService();
  ~MockTeamService() override;
  MOCK_METHOD(Result<std::vector<TeamMember>>, List, (const StaffSession&), (override));
  MOCK_METHOD(Status, GiveKey, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Status, TakeKeyBack, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Status, ChangeAccount,
              (const StaffSession&, const std::string&, AccountChange, std::optional<core::Role>),
              (override));
};

}  // namespace portsafe::service
