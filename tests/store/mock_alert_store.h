// gmock double of store::AlertStore.
#pragma once

#include <gmock/gmock.h>

#include "store/alert_store.h"

namespace portsafe::store {

class MockAlertStore : public AlertStore {
 public:
  MockAlertStore();
  ~MockAlertStore() override;
  MOCK_METHOD(Status, PutAlert, (const AlertRow&), (override));
  MOCK_METHOD(Result<AlertRow>, FindAlert, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<AlertRow>>, ListAlerts, (const std::string&), (override));
  MOCK_METHOD(Status, ApproveAlert, (const std::string&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Status, PutAlertAck, (const AlertAckRow&), (override));
  MOCK_METHOD(Result<std::vector<AlertAckRow>>, ListAlertAcks, (const std::string&), (override));
};

}  // namespace portsafe::store
