// gmock double of store::MembershipStore.
#pragma once

#include <gmock/gmock.h>

#include "store/membership_store.h"

namespace portsafe::store {

class MockMembershipStore : public MembershipStore {
 public:
  MockMembershipStore();
  ~MockMembershipStore() override;
  MOCK_METHOD(Result<std::vector<Facility>>, ListFacilities, (), (override));
  MOCK_METHOD(Status, SetFacilityStatus, (const std::string&, const std::string&), (override));
  MOCK_METHOD(Status, PutApplication, (const ApplicationRow&), (override));
  MOCK_METHOD(Result<std::vector<ApplicationRow>>, ListApplications, (), (override));
  MOCK_METHOD(Result<ApplicationRow>, FindApplication, (const std::string&), (override));
  MOCK_METHOD(Status, DecideApplication,
              (const ApplicationRow&, const Facility*, const InvitationRow*), (override));
  MOCK_METHOD(Status, PutInvitation, (const InvitationRow&), (override));
  MOCK_METHOD(Result<std::optional<InvitationRow>>, FindInvitation, (const std::string&),
              (override));
  MOCK_METHOD(Status, DeleteInvitation, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<TallyRow>>, ListTallies, (), (override));
  MOCK_METHOD(Status, AddTally, (const TallyRow& delta), (override));
  MOCK_METHOD(Result<std::vector<FigureMonthRow>>, ListFigureMonths, (), (override));
  MOCK_METHOD(Result<std::string>, PublishFigureMonth, (const FigureMonthRow&), (override));
  MOCK_METHOD(Status, PutNewsletter, (const NewsletterRow&), (override));
  MOCK_METHOD(Result<std::vector<NewsletterRow>>, ListNewsletters, (), (override));
  MOCK_METHOD(Result<std::string>, GetSetting, (const std::string&), (override));
  MOCK_METHOD(Status, PutSetting, (const std::string&, const std::string&), (override));
};

}  // namespace portsafe::store
