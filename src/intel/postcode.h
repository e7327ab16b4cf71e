// UK postcodes: an outward code (area letters and district, A9, A99, A9A,
// AA9, AA99 or AA9A) and an inward code (9AA), with or without the space,
// in any case. Only the 124 postcode areas (Guernsey, Jersey and the Isle of
// Man among them) and GIR 0AA are found; a postcode in a real area whose letters break Royal Mail's
// rules (Q, V or X first; I, J or Z second; C, I, K, M, O or V in the inward code; ...) is reported
// with valid=false. Normalised to capitals with one space
// ("SW1A 1AA").
#pragma once

#include <string_view>

#include "intel/identifier.h"

namespace portsafe::intel {

bool MatchPostcode(std::string_view t, size_t pos, Identifier* m);

// area ("SW"), district ("SW1A").
void DescribePostcode(std::string_view value, Details* out);

}  // namespace portsafe::intel
