// gmock double of service::LinkService.
#pragma once

#include <gmock/gmock.h>

#include "service/link_service.h"

namespace portsafe::service {

class MockLinkService : public LinkService {
 public:
  MockLinkService();
  ~MockLinkService() override;
  MOCK_METHOD(Result<ReportLinks>, Links, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Result<LinkGraph>, Graph, (const StaffSession&, const std::string&, int), (override));
  MOCK_METHOD(Status, CatchUpForQueue, (const StaffSession&), (override));
  MOCK_METHOD(Result<std::vector<std::string>>, ReportsNaming,
              (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(OpenLinkGraph*, open_links, (), (override));
  MOCK_METHOD(NearDuplicates*, near_duplicates, (), (override));
  MOCK_METHOD(Result<IndexRun>, IndexPending, (const StaffSession&), (override));
};

}  // namespace portsafe::service
