// gmock double of service::AlertService.
#pragma once

#include <gmock/gmock.h>

#include "service/alert_service.h"

namespace portsafe::service {

class MockAlertService : public AlertService {
 public:
  MockAlertService();
  ~MockAlertService() override;
  MOCK_METHOD(Result<DraftResult>, Draft,
              (const StaffSession&, core::AlertContent, const std::vector<std::string>&),
              (override));
  MOCK_METHOD(Result<std::vector<AlertView>>, List, (const StaffSession&), (override));
  MOCK_METHOD(Result<AlertView>, Get, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Result<AlertView>, Approve, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<FacilityAlert>>, ForFacility,
              (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Status, Acknowledge, (const StaffSession&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(AlertChoices, Choices, (), (const, override));
  MOCK_METHOD(Result<std::vector<PublicAlert>>, Public, (), (override));
};

}  // namespace portsafe::service
