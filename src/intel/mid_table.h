// Maritime Identification Digits (ITU Radio Regulations, Appendix 43 and
// ITU-R M.585): the three digits of an MMSI that name the flag state, and the
// kind of station the MMSI's leading digits tell.
#pragma once

#include <string>
#include <string_view>

namespace portsafe::intel {

// The country or territory a MID is allocated to ("United Kingdom" for 232 to
// 235), or nullptr when it is not allocated.
const char* FlagState(int mid);

struct MmsiInfo {
  std::string station;  // "ship", "coast_station", "group", "sar_aircraft", "handheld",
                        // "craft_with_parent_ship", "aid_to_navigation", "ais_sart",
                        // "man_overboard", "epirb_ais", or "unknown"
  int mid = 0;          // 0 when the station type carries none
  const char* flag_state = nullptr;
  bool valid = false;  // a known station type, and its MID allocated
};

// Precondition: `mmsi` is nine digits.
MmsiInfo DescribeMmsi(std::string_view mmsi);

}  // namespace portsafe::intel
