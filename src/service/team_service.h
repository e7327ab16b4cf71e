// Colleagues and the keys they hold. A supervisor gives the service key to a
// handler or supervisor who lacks it; an agency officer gives their agency's
// key to a fellow officer of the same agency (docs/architecture.md: later staff are
// given access by a colleague who holds the key). The programme admin sees
// every account and gives no keys, and disables, enables, removes and
// changes the role of accounts (the accounts view: no report content, only
// who holds an account). Implemented by TeamServiceImpl; tests use
// MockTeamService (tests/service/mock_team_service.h).
//
// Errors: kPermissionDenied for other roles, for a giver who does not hold
// the key, or for a colleague the key is not for; kNotFound for an unknown
// user. Every listing and grant is audited.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "service/accounts.h"
#include "service/staff_session.h"

namespace portsafe::service {

struct TeamMember {
  std::string id;
  std::string email;
  std::string role;
  std::string agency_code;
  std::string facility_code;
  bool holds_key = false;  // the key the caller's role gives (service or agency)
  bool can_give = false;   // the caller may give it now
  bool can_take = false;   // the caller may take it back now (they hold it; not the caller)
  // For the programme admin only: "active", "disabled" or "first-password"
  // (the operator's first password not yet replaced), and whether the
  // admin may change the account (anyone's but their own).
  std::string state;
  bool can_change = false;
};

class TeamService {
 public:
  virtual ~TeamService() = default;

  virtual Result<std::vector<TeamMember>> List(const StaffSession& s) = 0;
  // Seals the key the caller holds (service or agency) to the colleague;
  // they hold it from their next sign-in. Giving it twice is harmless.
  virtual Status GiveKey(const StaffSession& s, const std::string& user_id) = 0;
  // Takes back the key the caller's role gives (service or agency) from a
  // colleague who holds it: the grant is deleted and every session of the
  // colleague ends, on every node (their next request answers 401; signed
  // in again, they hold no key). Not from oneself. Audited.
  virtual Status TakeKeyBack(const StaffSession& s, const std::string& user_id) = 0;
  // The programme admin disables, enables, removes or changes the role of
  // an account (service::ChangeAccount), never their own. Audited with the
  // admin as the actor.
  virtual Status ChangeAccount(const StaffSession& s, const std::string& user_id,
                               AccountChange change, std::optional<core::Role> new_role) = 0;
};

}  // namespace portsafe::service
