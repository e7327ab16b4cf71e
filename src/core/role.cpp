#include "core/role.h"

namespace portsafe::core {

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = {Role::kHandler, Role::kSupervisor, Role::kAgency,
                                         Role::kPortManager, Role::kAdmin};
  return kAll;
}

std::string_view ToString(Role r) {
  switch (r) {
    case Role::kHandler:
      return "handler";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAgency:
      return "agency";
    case Role::kPortManager:
      return "port-manager";
    case Role::kAdmin:
      return "admin";
  }
  return "handler";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (Role r : AllRoles()) {
    if (ToString(r) == s) return r;
  }
  return std::nullopt;
}

bool ReadsReports(Role r) { return r == Role::kHandler || r == Role::kSupervisor; }

}  // namespace portsafe::core
