// SqlMembershipStore: the MembershipStore over the shared SqlDatabase (sql_database.h).
// Membership: facilities, applications, invitations, the figures' tallies,
// newsletters and settings.
// Where its rows are written: sql_membership_store.cpp. Thread-safe; `db` is borrowed
// and must outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/membership_store.h"
#include "store/sql_database.h"

namespace portsafe::store {

class SqlMembershipStore final : public MembershipStore {
 public:
  explicit SqlMembershipStore(SqlDatabase* db) : db_(db) {}

  Result<std::vector<Facility>> ListFacilities() override;
  Status SetFacilityStatus(const std::string& code, const std::string& status) override;
  Status PutApplication(const ApplicationRow& app) override;
  Result<std::vector<ApplicationRow>> ListApplications() override;
  Result<ApplicationRow> FindApplication(const std::string& id) override;
  Status DecideApplication(const ApplicationRow& app, const Facility* facility,
                           const InvitationRow* invitation) override;
  Status PutInvitation(const InvitationRow& inv) override;
  Result<std::optional<InvitationRow>> FindInvitation(const std::string& token_hash) override;
  Status DeleteInvitation(const std::string& token_hash) override;
  Result<std::vector<TallyRow>> ListTallies() override;
  Status AddTally(const TallyRow& delta) override;
  Result<std::vector<FigureMonthRow>> ListFigureMonths() override;
  Result<std::string> PublishFigureMonth(const FigureMonthRow& row) override;
  Status PutNewsletter(const NewsletterRow& row) override;
  Result<std::vector<NewsletterRow>> ListNewsletters() override;
  Result<std::string> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;

 private:
  SqlDatabase* db_;
};

}  // namespace portsafe::store
