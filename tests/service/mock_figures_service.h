#pragma once

#include <gmock/gmock.h>

#include "service/figures_service.h"

namespace portsafe::service {

class MockFiguresService : public FiguresService {
 public:
  MockFiguresService();
  ~MockFiguresService() override;
  MOCK_METHOD(Result<std::vector<core::FigureTable>>, National, (), (override));
  MOCK_METHOD(Result<std::vector<core::FigureTable>>, ForFacility,
              (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<core::FigureTable>>, NationalMonth, (const std::string&),
              (override));
  MOCK_METHOD(Result<std::vector<core::FigureTable>>, FacilityMonth,
              (const StaffSession&, const std::string&, const std::string&), (override));
};

}  // namespace portsafe::service
