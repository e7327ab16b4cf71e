// gmock double of store::LinkStore.
#pragma once

#include <gmock/gmock.h>

#include "store/link_store.h"

namespace portsafe::store {

class MockLinkStore : public LinkStore {
 public:
  MockLinkStore();
  ~MockLinkStore() override;
  MOCK_METHOD(Result<std::vector<std::string>>, ListLinkPending, (size_t), (override));
  MOCK_METHOD(Result<std::int64_t>, CountLinkPending, (), (override));
  MOCK_METHOD(Result<std::vector<LinkEntriesRow>>, ListLinkGarbage, (size_t), (override));
  MOCK_METHOD(Result<std::vector<LinkEntriesRow>>, ListLinkEntries, (const std::string&, size_t),
              (override));
  MOCK_METHOD(Result<std::optional<std::string>>, FindLinkEntries, (const std::string&),
              (override));
  MOCK_METHOD(Result<std::vector<IndexSource>>, ListIndexSources, (const std::string&, size_t),
              (override));
  MOCK_METHOD(Result<std::vector<std::string>>, ListLinkRefs, (const std::string&, size_t),
              (override));
  MOCK_METHOD(Status, PutLinkIndex, (std::vector<LinkUpdate>), (override));
  MOCK_METHOD(Status, ClearLinkIndex, (), (override));
  MOCK_METHOD(Status, PutLinkEntries, (std::vector<LinkEntriesRow>), (override));
  MOCK_METHOD(Status, PutLinkPostings, (std::vector<std::vector<LinkPosting>>), (override));
  MOCK_METHOD(Status, FinishLinkRebuild, (), (override));
  MOCK_METHOD(Result<std::int64_t>, LinkIndexVersion, (), (override));
  MOCK_METHOD(Status, ResetLinkIndex, (std::int64_t), (override));
};

}  // namespace portsafe::store
