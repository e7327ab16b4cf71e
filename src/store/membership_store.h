// Storage for the membership scheme: facilities and their applications,
// invitations to set up an account, the figures' tallies, newsletters and
// instance settings. Implemented by SqlMembershipStore (sql_membership_store.cpp);
// tests use MockMembershipStore (tests/store/mock_membership_store.h). Writes
// wait for the commit; reads are safe from any thread. Nothing here is
// report content: tallies are counts of clear columns (docs/security.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/records.h"

namespace portsafe::store {

class MembershipStore {
 public:
  virtual ~MembershipStore() = default;

  // Facilities by code. SetFacilityStatus: kNotFound for an unknown code.
  virtual Result<std::vector<Facility>> ListFacilities() = 0;
  virtual Status SetFacilityStatus(const std::string& code, const std::string& status) = 0;

  // kAlreadyExists when the id is taken.
  virtual Status PutApplication(const ApplicationRow& app) = 0;
  // Newest first.
  virtual Result<std::vector<ApplicationRow>> ListApplications() = 0;
  // kNotFound for an unknown id.
  virtual Result<ApplicationRow> FindApplication(const std::string& id) = 0;
  // Stores the decision of a pending application; kAlreadyExists when it was
  // decided already (someone else was quicker). On approval, `facility` and
  // `invitation` are inserted in the same transaction (kAlreadyExists when
  // the facility code is taken, and then nothing is written).
  virtual Status DecideApplication(const ApplicationRow& app, const Facility* facility,
                                   const InvitationRow* invitation) = 0;

  // kAlreadyExists when the token hash is taken.
  virtual Status PutInvitation(const InvitationRow& inv) = 0;
  virtual Result<std::optional<InvitationRow>> FindInvitation(const std::string& token_hash) = 0;
  // Removes the invitation (used, or withdrawn); kNotFound when it is gone.
  virtual Status DeleteInvitation(const std::string& token_hash) = 0;

  // Every tally with a non-zero count.
  virtual Result<std::vector<TallyRow>> ListTallies() = 0;
  // Adds `delta.count` (positive) to the tally of (metric, facility, port,
  // month, key), made at 0 when missing: counts that are not of a report
  // (completed lessons). kInvalidArgument for a count below 1.
  virtual Status AddTally(const TallyRow& delta) = 0;

  // Published months of figures (service/figures_publisher.h), frozen: a
  // month is stored once and never changed. Oldest first.
  virtual Result<std::vector<FigureMonthRow>> ListFigureMonths() = 0;
  // Stores `row` unless its month is stored already, and answers the body
  // stored for the month (the first one, when two nodes race).
  virtual Result<std::string> PublishFigureMonth(const FigureMonthRow& row) = 0;

  virtual Status PutNewsletter(const NewsletterRow& row) = 0;
  // Newest first.
  virtual Result<std::vector<NewsletterRow>> ListNewsletters() = 0;

  // Instance settings (e.g. "public_url"); "" when unset.
  virtual Result<std::string> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;
};

}  // namespace portsafe::store
