#include "core/routing.h"

#include <algorithm>
#include <utility>

namespace portsafe::core {
namespace {

// Remits of the national agencies (docs/handling.md lists them for people).
const std::pair<std::string_view, std::vector<std::string_view>> kRemits[] = {
    {"drugs", {"border_force", "nca"}},
    {"people_smuggling", {"border_force", "nca"}},
    {"firearms", {"border_force", "nca"}},
    {"cargo_theft", {}},
    {"excise_smuggling", {"border_force", "hmrc"}},
    {"money_laundering", {"nca", "hmrc"}},
    {"waste_export", {"border_force"}},
    {"stolen_vehicles", {"nca"}},
    {"terrorism", {"ct_policing"}},
    {"insider_corruption", {"nca", "border_force"}},
    {"sanctions_evasion", {"hmrc", "nca"}},
    {"modern_slavery", {"nca"}},
    {"other", {}},
    // An approach to recruit an insider: as insider corruption.
    {"approach", {"nca", "border_force"}},
};

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::vector<std::string_view> KindsForCategory(std::string_view category) {
  for (const auto& [key, kinds] : kRemits) {
    if (key == category) return kinds;
  }
  return {};
}

std::vector<std::string> ProposeRecipients(std::string_view port_code, std::string_view category,
                                           const std::vector<RoutingAgency>& agencies) {
  const auto kinds = KindsForCategory(category);
  std::vector<std::string> out;
  for (const auto& a : agencies) {
    bool take = false;
    if (a.kind == "maritime") take = true;
    if (a.kind == "police" && !port_code.empty() && Contains(a.ports, port_code)) take = true;
    if (std::find(kinds.begin(), kinds.end(), a.kind) != kinds.end()) take = true;
    if (take && !Contains(out, a.code)) out.push_back(a.code);
  }
  return out;
}

}  // namespace portsafe::core
