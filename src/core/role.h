// Staff roles (docs/architecture.md, "People and what each may see"). Reporters have no
// account and no role. What each role may reach is decided in one place,
// web/access_policy.h, and checked again by the services.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace portsafe::core {

enum class Role {
  kHandler,      // reads and handles reports
  kSupervisor,   // as handler; approves disseminations
  kAgency,       // an agency officer: sanitised packages for one agency
  kPortManager,  // a facility's security manager: membership and figures only
  kAdmin,        // programme admin: members, agencies, users; no report content
};

// The names used on the command line, in the database and in the API:
// "handler", "supervisor", "agency", "port-manager", "admin".
std::string_view ToString(Role r);
std::optional<Role> ParseRole(std::string_view s);
const std::vector<Role>& AllRoles();

// Handlers and supervisors hold the service key and read reports.
bool ReadsReports(Role r);

}  // namespace portsafe::core
