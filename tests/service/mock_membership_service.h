#pragma once

#include <gmock/gmock.h>

#include "service/membership_service.h"

namespace portsafe::service {

class MockMembershipService : public MembershipService {
 public:
  MockMembershipService();
  ~MockMembershipService() override;
  MOCK_METHOD(Result<std::string>, Apply, (const ApplicationForm&), (override));
  MOCK_METHOD(Result<std::vector<store::ApplicationRow>>, Applications, (const StaffSession&),
              (override));
  MOCK_METHOD(Result<Approval>, Approve,
              (const StaffSession&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Status, Decline, (const StaffSession&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Result<std::vector<store::Facility>>, Facilities, (const StaffSession&), (override));
  MOCK_METHOD(Status, SetFacilityStatus,
              (const StaffSession&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<store::Facility>, FacilityFor, (const StaffSession&, const std::string&),
              (override));
  MOCK_METHOD(Result<store::InvitationRow>, FindInvitation, (const std::string&), (override));
  MOCK_METHOD(Result<CreatedUser>, AcceptInvitation, (const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Status, ConfirmInvitation, (const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<std::string>, PreviewNewsletter, (const StaffSession&, const std::string&),
              (override));
  MOCK_METHOD(Result<NewsletterResult>, SendNewsletter,
              (const StaffSession&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<std::string>>, NewsletterRecipients, (const StaffSession&),
              (override));
  MOCK_METHOD(Result<std::vector<store::NewsletterRow>>, Newsletters, (const StaffSession&),
              (override));
};

}  // namespace portsafe::service
