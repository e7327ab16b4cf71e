// Check digits of the identifiers that carry one, computed by their
// published rules, and the valid container codes near a mistyped one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portsafe::intel {

// ISO 6346: the check digit of the first ten characters of a container code
// (owner code and category letters, six serial digits), upper case. Letters
// count A=10, B=12, ... skipping multiples of 11; each value is weighted by
// 2^position; the sum modulo 11, then modulo 10. '\0' when `first10` is not
// four capital letters and six digits.
char ContainerCheckDigit(std::string_view first10);

// IMO ship number: digits 1-6 weighted 7, 6, 5, 4, 3, 2; the last digit of
// the sum. '\0' when `first6` is not six digits.
char ImoCheckDigit(std::string_view first6);

// Every valid container code (11 characters, upper case, category U, J or Z)
// one edit away from `code` (an 11-character code in the same form): one
// character replaced, or two neighbouring characters swapped. Sorted, no
// duplicates, never `code` itself.
std::vector<std::string> ContainerNeighbours(std::string_view code);

}  // namespace portsafe::intel
