// Who receives a sanitised intelligence package (docs/architecture.md, flow 3): the
// local police force for the report's port and the maritime security centre
// always, and the national agencies whose remit covers the category. The
// handler starts from this proposal and may add or remove recipients; a
// supervisor approves the final list. Pure rules, no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portsafe::core {

// What routing needs to know of an agency (clear columns of `agencies`).
struct RoutingAgency {
  std::string code;
  std::string kind;                // police, maritime, border_force, nca, hmrc, ct_policing
  std::vector<std::string> ports;  // UN/LOCODEs a police force covers
};

// Every agency kind, in display order.
inline constexpr std::string_view kAgencyKinds[] = {"police", "maritime", "border_force",
                                                    "nca",    "hmrc",     "ct_policing"};

// Agency kinds, other than the local force and the maritime centre, whose
// remit covers `category` (a core::Category key); empty for an unknown key.
std::vector<std::string_view> KindsForCategory(std::string_view category);

// Codes of the proposed recipients among `agencies`, in the order of
// `agencies`, each at most once.
std::vector<std::string> ProposeRecipients(std::string_view port_code, std::string_view category,
                                           const std::vector<RoutingAgency>& agencies);

}  // namespace portsafe::core
