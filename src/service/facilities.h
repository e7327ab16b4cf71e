// Member facilities: codes, checks and creation, shared by the command line
// (`portsafe facility add`) and the approval of an application.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/port_directory.h"
#include "service/staff_session.h"
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

// The facility `code` as `s` may see it: the programme admin any, a port
// security manager their own while it is active. kPermissionDenied for
// anyone else (or a suspended facility's manager), kNotFound for an unknown
// code. The one rule for every facility page, figure and file.
Result<store::Facility> FacilityForSession(store::Store* store, const StaffSession& s,
                                           const std::string& code);

// "" when `url` is an acceptable public URL (http:// or https://, a host,
// no query, fragment, spaces or quotes), else what is wrong.
std::string CheckPublicUrl(std::string_view url);
// `url` checked and without trailing slashes; kInvalidArgument saying what
// is wrong.
Result<std::string> NormalisePublicUrl(std::string_view url);
// `public_url` (as NormalisePublicUrl leaves it) followed by `path`.
std::string PublicLink(std::string_view public_url, std::string_view path);
// A facility's reporting link, "<public_url>/r/<code>".
std::string ReportingLink(std::string_view public_url, std::string_view code);
// The facility's "I was approached" link: <public_url>/approached/<code>.
std::string ApproachLink(std::string_view public_url, std::string_view code);
// The facility's learning link: <public_url>/learn/<code>.
std::string LearnLink(std::string_view public_url, std::string_view code);

// The embedded assets/data/major-ports.csv.
Result<std::vector<core::PortGroup>> LoadPortGroups();
// The embedded assets/data/uk-seaports-unlocode.csv: the port directory an
// instance is seeded with.
Result<std::vector<core::Port>> LoadSeedPorts();

}  // namespace portsafe::service
