// The handle, number or profile that someone who was approached names
// (core/approach.h), as one value two reports share when they name the same
// account: "@Dock_Mate", "dock_mate" and "https://instagram.com/dock_mate/"
// are all "dock_mate".
//
// Written here: the rules are few, and no Debian library knows what a
// handle is. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intel/blind_index.h"

namespace portsafe::intel {

// The handle in `typed`: a profile address is taken by the first part of
// its path; then a leading '@' is dropped and ASCII letters are
// lower-cased. nullopt when what is left is not 3 to 64 of [a-z0-9._-] with
// at least one letter (a name with spaces, or a bare number, which the
// phone matcher reads instead), or is what people type when they do not
// know it ("unknown", "none") or a site's own page ("profile.php").
std::optional<std::string> NormaliseHandle(std::string_view typed);

// The link-index entries of an approach's handle: a social-media handle
// when `how` is "social_media", a messaging username when it is
// "text_or_messaging" or "phone_call"; none for another `how`, or when
// `typed` is not a handle.
std::vector<Entry> HandleEntries(std::string_view how, std::string_view typed);

}  // namespace portsafe::intel
