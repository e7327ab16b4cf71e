// gmock double of store::ClusterStore.
#pragma once

#include <gmock/gmock.h>

#include "store/cluster_store.h"

namespace portsafe::store {

class MockClusterStore : public ClusterStore {
 public:
  MockClusterStore();
  ~MockClusterStore() override;
  MOCK_METHOD(Status, PutSession, (const SessionRow&), (override));
  MOCK_METHOD(Result<std::optional<SessionRow>>, FindSession, (const std::string&), (override));
  MOCK_METHOD(Status, TouchSession, (const std::string&, std::int64_t), (override));
  MOCK_METHOD(Status, ResealSession, (const std::string&, const std::string&), (override));
  MOCK_METHOD(Status, DeleteSession, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<SessionRow>>, ListUserSessions, (const std::string&), (override));
  MOCK_METHOD(Status, DeleteUserSessions, (const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<std::int64_t>, DeleteExpiredSessions, (std::int64_t, std::int64_t),
              (override));
  MOCK_METHOD(Result<Lease>, TakeLease, (const std::string&, const std::string&, std::int64_t),
              (override));
  MOCK_METHOD(Status, FinishLease, (const std::string&, const std::string&, const std::string&),
              (override));
};

}  // namespace portsafe::store
