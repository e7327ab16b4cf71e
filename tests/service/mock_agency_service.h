#pragma once

#include <gmock/gmock.h>

#include "service/agency_service.h"

namespace portsafe::service {

class MockAgencyService : public AgencyService {
 public:
  MockAgencyService();
  ~MockAgencyService() override;
  MOCK_METHOD(Result<InboxPage>, Inbox, (const StaffSession&, const InboxQuery&), (override));
  MOCK_METHOD(Result<AgencyPackage>, Open, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Status, Acknowledge, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Result<PackageFile>, Export, (const StaffSession&, const std::string&, PackageFormat),
              (override));
  MOCK_METHOD(Result<PackageFile>, Printable,
              (const StaffSession&, const std::string&, const PrintLabel&), (override));
  MOCK_METHOD(Result<PackageFile>, Attachment,
              (const StaffSession&, const std::string&, std::int64_t), (override));
  MOCK_METHOD(Status, RequestAlert, (const StaffSession&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Status, Ask, (const StaffSession&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Status, RecordOutcome, (const StaffSession&, const std::string&, const Outcome&),
              (override));
};

}  // namespace portsafe::service
