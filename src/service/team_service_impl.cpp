#include "service/team_service_impl.h"

#include "core/role.h"
#include "service/accounts.h"

namespace portsafe::service {

std::string TeamServiceImpl::KeyNameFor(const StaffSession& s) {
  // Handlers hold the service key but give it to nobody.
  if (s.role != core::Role::kSupervisor && s.role != core::Role::kAgency) return "";
  return service::KeyNameFor(s.role, s.agency_code);
}

bool TeamServiceImpl::IsFor(const StaffSession& s, const store::UserRow& u) {
  if (s.role == core::Role::kSupervisor) {
    auto r = core::ParseRole(u.role);
    return r && core::ReadsReports(*r);
  }
  if (s.role == core::Role::kAgency) {
    return u.role == core::ToString(core::Role::kAgency) && u.agency_code == s.agency_code;
  }
  return s.role == core::Role::kAdmin;  // sees everyone, gives nothing
}

Result<std::vector<TeamMember>> TeamServiceImpl::List(const StaffSession& s) {
  if (s.role != core::Role::kSupervisor && s.role != core::Role::kAgency &&
      s.role != core::Role::kAdmin) {
    return PermissionDenied("your role has no team page");
  }
  auto users = staff_->ListUsers();
  if (!users.ok()) return users.error();
  const std::string key = KeyNameFor(s);
  const bool holds =
      s.role == core::Role::kSupervisor ? s.service_key.has_value() : s.agency_key.has_value();
  std::vector<TeamMember> out;
  for (const auto& u : *users) {
    if (!IsFor(s, u)) continue;
    TeamMember m;
    m.id = u.id;
    m.email = u.email;
    m.role = u.role;
    m.agency_code = u.agency_code;
    m.facility_code = u.facility_code;
    if (s.role == core::Role::kAdmin) {
      m.state = u.disabled ? "disabled" : u.must_change_password ? "first-password" : "active";
      m.can_change = u.id != s.user_id;
    }
    if (!key.empty()) {
      auto grants = staff_->ListKeyGrants(u.id);
      if (!grants.ok()) return grants.error();
      for (const auto& g : *grants) m.holds_key = m.holds_key || g.key_name == key;
      m.can_give = holds && !m.holds_key && !u.disabled;
      m.can_take = m.holds_key && u.id != s.user_id;
    }
    out.push_back(std::move(m));
  }
  if (auto st = audit_->Append({s.user_id, std::string(core::ToString(s.role)), "team.read", ""});
      !st.ok()) {
    return st.error();
  }
  return out;
}

Status TeamServiceImpl::GiveKey(const StaffSession& s, const std::string& user_id) {
  const std::string key = KeyNameFor(s);
  const crypto::KeyPair* pair = nullptr;
  if (s.role == core::Role::kSupervisor && s.service_key) pair = &*s.service_key;
  if (s.role == core::Role::kAgency && s.agency_key) pair = &*s.agency_key;
  if (key.empty() || pair == nullptr) {
    return PermissionDenied("you do not hold a key you could give");
  }
  auto u = staff_->FindUserById(user_id);
  if (!u.ok()) return u.error();
  if (!u->has_value()) return NotFound("no such user");
  if (!IsFor(s, **u) || (*u)->disabled) {
    return PermissionDenied("this key is not for that colleague");
  }
  if (!seal_->UserIntact(**u)) {
    // The row's public key (or role) was changed in the database: sealing
    // the key to it could hand it to whoever changed it.
    (void)audit_->Append(
        {s.user_id, std::string(core::ToString(s.role)), "key.refused_changed_row", user_id});
    return PermissionDenied(
        "this colleague's account record was changed outside PortSafe, so no key was given; "
        "tell the programme administrator");
  }
  if (auto st = GrantKey(staff_, **u, {key, pair}); !st.ok()) return st;
  return audit_->Append({s.user_id, std::string(core::ToString(s.role)), "key.granted", user_id});
}

Status TeamServiceImpl::TakeKeyBack(const StaffSession& s, const std::string& user_id) {
  const std::string key = KeyNameFor(s);
  if (key.empty()) return PermissionDenied("your role gives no key, so it takes none back");
  if (user_id == s.user_id) return InvalidArgument("you cannot take a key back from yourself");
  auto u = staff_->FindUserById(user_id);
  if (!u.ok()) return u.error();
  if (!u->has_value()) return NotFound("no such user");
  if (!IsFor(s, **u)) return PermissionDenied("this key is not for that colleague");
  // The grant and every session go in one transaction: a session holds the
  // unwrapped key, so it must not outlive the grant anywhere.
  if (auto st = staff_->DeleteKeyGrant(user_id, key); !st.ok()) {
    return st.error().code() == ErrorCode::kNotFound ? Status(NotFound("they do not hold the key"))
                                                     : st;
  }
  return audit_->Append(
      {s.user_id, std::string(core::ToString(s.role)), "key.taken_back", user_id});
}

Status TeamServiceImpl::ChangeAccount(const StaffSession& s, const std::string& user_id,
                                      AccountChange change, std::optional<core::Role> new_role) {
  if (s.role != core::Role::kAdmin)
    return PermissionDenied("only the programme admin changes accounts");
  if (user_id == s.user_id) {
    return InvalidArgument(
        "you cannot change your own account here; ask another admin, or the "
        "operator (portsafe user)");
  }
  auto u = staff_->FindUserById(user_id);
  if (!u.ok()) return u.error();
  if (!u->has_value()) return NotFound("no such account");
  if (auto st = service::ChangeAccount(staff_, *instance_secret_, **u, change, new_role);
      !st.ok()) {
    return st;
  }
  return audit_->Append({s.user_id, std::string(core::ToString(s.role)),
                         std::string(AuditActionOf(change)), user_id});
}

}  // namespace portsafe::service
