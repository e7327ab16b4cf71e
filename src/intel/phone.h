// UK telephone numbers, written nationally (07700 900123, (020) 7946 0018)
// or internationally (+44 7700 900123, +44 (0)20 7946 0018, 0044 ...), with
// single spaces or hyphens between groups. Normalised to E.164
// (+447700900123). Valid when the number fits the UK numbering plan: a
// national number of 10 digits (9 for some 01 areas and 0800), in a range
// that is in use (01, 02, 03, 05, 07, 08, 09). Other countries' numbers are
// not found.
#pragma once

#include <string_view>

#include "intel/identifier.h"

namespace portsafe::intel {

// Called at a '+', a '(' or a digit that starts a word.
bool MatchPhone(std::string_view t, size_t pos, Identifier* m);

// "mobile", "geographic", "non_geographic", "freephone", "premium_rate",
// "personal", "pager" or "unknown", for an E.164 value.
std::string_view PhoneType(std::string_view e164);

}  // namespace portsafe::intel
