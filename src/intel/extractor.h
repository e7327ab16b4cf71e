// Finds the identifiers in free text: containers, IMO and MMSI numbers, UK
// and Irish vehicle marks and trailer marks, UK phone numbers, UN/LOCODEs of
// the port directory, UK postcodes, e-mail addresses and URLs (identifier.h
// lists the kinds; each matcher's header states its rules).
//
// One pass over the bytes: a word that cannot begin an identifier costs a
// table lookup per byte, and only words of the right shape are handed to the
// matchers. Identifiers are ASCII and never span a line break; the text
// around them may be any bytes (invalid UTF-8 counts as a boundary, as
// U+FFFD would), so no input can make the extractor fail.
//
// Overlapping candidates: the longer one wins ("https://x.example/07700
// 900123" is a URL, not a phone number); between two of one length, a valid
// one; then the kind listed first in identifier.h.
//
// Written here: no Debian library knows these formats and their check rules.
// Used by `portsafe extract` and by the link index (service/link_service.h).
// Thread-safe: Extract is const and keeps no state between calls.
#pragma once

#include <bitset>
#include <string_view>
#include <vector>

#include "intel/identifier.h"
#include "intel/vehicle_marks.h"

namespace portsafe::core {
class PortDirectory;
}

namespace portsafe::intel {

struct ExtractOptions {
  // UN/LOCODEs are found only when they are in this directory; null finds
  // none. Must outlive the Extractor.
  const core::PortDirectory* ports = nullptr;
  // The date vehicle marks are checked against: today (UTC) from the
  // caller's clock. Required.
  Today today;
};

class Extractor {
 public:
  explicit Extractor(ExtractOptions options);

  // The identifiers of `text` in order of position, none overlapping.
  std::vector<Identifier> Extract(std::string_view text) const;
  // Appends them to `out` with offsets moved by `base` (for text read in
  // pieces); `out` keeps what it held.
  void ExtractInto(std::string_view text, size_t base, std::vector<Identifier>* out) const;

  const core::PortDirectory* ports() const { return options_.ports; }

 private:
  void Word(std::string_view t, size_t w, size_t e, bool has_digit,
            std::vector<Identifier>* found) const;
  bool MatchUnlocode(std::string_view t, size_t pos, Identifier* m) const;

  ExtractOptions options_;
  std::bitset<26 * 26> country_prefixes_;  // first two letters of the directory's codes
};

}  // namespace portsafe::intel
