// Vehicle registration marks: the UK's current (AB12 CDE), prefix (A123 BCD),
// suffix (ABC 123D) and Northern Ireland (ABZ 1234) formats, DVLA trailer
// marks (A123 4567) and Irish marks (191-D-12345), by the rules their
// registries publish.
//
// Case: the current format, trailer marks and Irish marks written with
// hyphens are found in any case (reporters type "ab12 cde"); the prefix,
// suffix and Northern Ireland formats, and Irish marks written with spaces,
// only in capitals, because in lower case their shapes are everyday words
// and numbers ("bay 12a", "via 2", "10 l 5").
//
// Validity: a current-format mark is reported with valid=false when its
// memory tag, age identifier (one not yet issued on `today`) or letters
// break the rules; the less distinctive formats are reported only when
// valid. Each matcher is called at a word start `pos` and fills `m` on a match.
#pragma once

#include <string_view>

#include "common/clock.h"
#include "intel/identifier.h"

namespace portsafe::intel {

// The date vehicle marks are checked against: an age identifier or an Irish
// year not yet issued on this date is not valid.
struct Today {
  int year = 0;   // e.g. 2026
  int month = 0;  // 1 to 12
};

// The month of `clock`'s date (UTC).
Today TodayOf(const Clock& clock);

bool MatchGbCurrent(std::string_view t, size_t pos, const Today& today, Identifier* m);
// Prefix, suffix and Northern Ireland marks (capitals only).
bool MatchGbOlder(std::string_view t, size_t pos, Identifier* m);
bool MatchTrailer(std::string_view t, size_t pos, Identifier* m);
bool MatchIrish(std::string_view t, size_t pos, const Today& today, Identifier* m);

// Details of a vrm_gb value: format ("current", "prefix", "suffix",
// "northern_ireland"), and for current marks the region of the memory tag and
// the half-year of issue ("2012-03" for 12, "2012-09" for 62); for prefix and
// suffix marks the year the letter was first issued.
void DescribeGbMark(std::string_view value, Details* out);
// Details of a vrm_ie value: year (and half, for marks from 2013), county.
void DescribeIrishMark(std::string_view value, Details* out);

}  // namespace portsafe::intel
