// An identifier found in a report's text: a container, a ship, a vehicle, a
// phone number, a place, an address on the internet. Found by
// intel::Extractor (extractor.h); its kind-specific details (flag state,
// county, check digit expected, ...) are derived from it by Describe().
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portsafe::core {
class PortDirectory;
}

namespace portsafe::intel {

enum class Kind {
  kContainer,   // ISO 6346: owner code, category U/J/Z, serial, check digit
  kImo,         // IMO ship number (7 digits, check digit)
  kMmsi,        // Maritime Mobile Service Identity (9 digits; flag state from the MID)
  kVrmGb,       // UK vehicle registration mark: current, prefix, suffix, Northern Ireland
  kTrailerGb,   // DVLA trailer registration (A123 4567)
  kVrmIe,       // Irish vehicle registration (191-D-12345)
  kPhone,       // UK telephone number, normalised to E.164
  kUnlocode,    // UN/LOCODE of a port in the port directory
  kPostcodeGb,  // UK postcode
  kEmail,
  kUrl,
  // Not found in free text: given by the "I was approached" path, which
  // says what the handle is (intel/handle.h).
  kSocialHandle,     // a social-media handle or profile name
  kMessagingHandle,  // a messaging app's username
};
inline constexpr std::array<Kind, 13> kAllKinds = {
    Kind::kContainer,      Kind::kImo,   Kind::kMmsi,  Kind::kVrmGb,
    Kind::kTrailerGb,      Kind::kVrmIe, Kind::kPhone, Kind::kUnlocode,
    Kind::kPostcodeGb,     Kind::kEmail, Kind::kUrl,   Kind::kSocialHandle,
    Kind::kMessagingHandle};

// "container", "imo", "mmsi", "vrm_gb", "trailer_gb", "vrm_ie", "phone",
// "unlocode", "postcode_gb", "email", "url", "social_handle",
// "messaging_handle".
std::string_view KindName(Kind k);
std::optional<Kind> ParseKind(std::string_view name);
// For people: "Container", "IMO number", "UK vehicle", ...
std::string_view KindLabel(Kind k);

struct Identifier {
  Kind kind = Kind::kContainer;
  size_t start = 0;   // byte offset of the first byte in the text
  size_t end = 0;     // byte offset one past the last
  std::string value;  // normalised: what two reports must share to be linked
  bool valid = true;  // false: the format is right but a rule fails (check digit,
                      // age identifier, ...): likely a typo, worth showing
};

// Kind-specific details as (name, value) pairs in a fixed order, derived
// from the identifier's value. `ports` names UN/LOCODEs (may be null).
// Containers: owner, category, serial, check_digit[, expected_check_digit];
// IMO: [expected_check_digit]; MMSI: mid, station, flag_state; vrm_gb:
// format, and region and issued where the mark tells; vrm_ie: year, county;
// phone: type; unlocode: port; postcode_gb: area, district; email: domain;
// url: host; handles: none.
using Details = std::vector<std::pair<std::string_view, std::string>>;
Details Describe(const Identifier& id, const core::PortDirectory* ports);

// One identifier as the JSON line `portsafe extract` prints, appended to
// `out`: {"kind","text","value","start","end","valid"} and the details,
// then a line break. `written` is the text between start and end.
void AppendJsonLine(const Identifier& id, std::string_view written,
                    const core::PortDirectory* ports, std::string* out);

}  // namespace portsafe::intel
