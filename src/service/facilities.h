// Member facilities: codes, checks and creation, shared by the command line
// (`portsafe facility add`) and the approval of an application.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/port_directory.h"
#include "store/records.h"
#include "store/store.h"

namespace portsafe::service {

// "GBFXT-TRINITY": the port's UN/LOCODE, a hyphen, then 2 to 20 capital
// letters, digits or hyphens.
bool IsFacilityCode(std::string_view code);

// "<PORT>-<first word of the name>", e.g. GBFXT + "Trinity Terminal" ->
// "GBFXT-TRINITY"; letters outside A-Z are dropped.
std::string SuggestFacilityCode(std::string_view port_code, std::string_view name);

struct NewFacility {
  std::string code;
  std::string port;  // UN/LOCODE
  std::string name;
  std::string operator_group;  // "" takes the port's from the directory
};

// Checks `in` and makes the row (status active, joined today). `groups`
// gives a major port's operator group. kInvalidArgument naming the field.
Result<store::Facility> MakeFacility(const NewFacility& in, const core::PortDirectory& ports,
                                     const std::vector<core::PortGroup>& groups,
                                     const std::string& today);

// The embedded assets/data/major-ports.csv.
Result<std::vector<core::PortGroup>> LoadPortGroups();

}  // namespace portsafe::service
