// gmock double of service::ReportingService.
#pragma once

#include <gmock/gmock.h>

#include "service/reporting_service.h"

namespace portsafe::service {

class MockReportingService : public ReportingService {
 public:
  MockReportingService();
  ~MockReportingService() override;
  MOCK_METHOD(void, Submit, (core::ReportSubmission, std::vector<core::FileUpload>, SubmitDone),
              (override));
  MOCK_METHOD(Result<ReportView>, Open, (std::string_view), (override));
  MOCK_METHOD(void, AddMessage, (std::string_view, std::string, Done), (override));
  MOCK_METHOD(void, AddFiles, (std::string_view, std::vector<core::FileUpload>, FilesDone),
              (override));
  MOCK_METHOD(const core::PortDirectory&, ports, (), (const, override));
  MOCK_METHOD(Result<std::optional<store::Facility>>, FindFacility, (const std::string&),
              (override));
};

}  // namespace portsafe::service
