// gmock double of store::Store.
#pragma once

#include <gmock/gmock.h>

#include "store/store.h"

namespace portsafe::store {

class MockStore : public Store {
 public:
  MockStore();
  ~MockStore() override;
  MOCK_METHOD(void, CreateReport, (ReportRow, std::vector<FileRow>, WriteDone), (override));
  MOCK_METHOD(void, AppendMessage, (MessageRow, WriteDone), (override));
  MOCK_METHOD(void, AddFiles, (std::string, std::vector<FileRow>, size_t, WriteDone), (override));
  MOCK_METHOD(Result<ReportRow>, FindReportByLookup, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<MessageRow>>, ListMessages, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<FileRow>>, ListFiles, (const std::string&, bool), (override));
  MOCK_METHOD(Result<std::int64_t>, CountReports, (), (override));
  MOCK_METHOD(Status, PutPorts, (const std::vector<PortRow>&), (override));
  MOCK_METHOD(Result<std::vector<PortRow>>, LoadPorts, (), (override));
  MOCK_METHOD(Status, PutFacility, (const Facility&), (override));
  MOCK_METHOD(Result<std::optional<Facility>>, FindFacility, (const std::string&), (override));
};

}  // namespace portsafe::store
