// Codes of ships and containers: ISO 6346 container codes (CSQU 305438 3),
// IMO ship numbers and MMSIs, each written after its keyword ("IMO 9074729",
// "IMO no. 9074729", "MMSI: 232001234"). Any case; containers accept one space
// or hyphen between owner code and serial and between serial and check
// digit. A code whose check digit fails (or an MMSI whose MID is not
// allocated) is found with valid=false.
#pragma once

#include <string_view>

#include "intel/identifier.h"

namespace portsafe::intel {

// Each is called at a word start `pos` and fills `m` on a match.
bool MatchContainer(std::string_view t, size_t pos, Identifier* m);
bool MatchImo(std::string_view t, size_t pos, Identifier* m);
bool MatchMmsi(std::string_view t, size_t pos, Identifier* m);

}  // namespace portsafe::intel
