// A reference staff can read out on the phone ("K7MQ-4RPX") for a report or
// a package, in place of its 64-character id.
//
// It is the last 40 bits of the id, in Crockford's base 32 (no I, L, O or U,
// so nothing is misheard as 1, 0 or V). Report ids are keyed hashes of the
// reporter's receipt and package ids are random, so a reference is random:
// it is not sequential and says nothing of when a report came. The first
// characters of a report id are its receipt's lookup bucket and are shared
// by many reports; the last ones are not. Two ids may share a reference (about
// one chance in 200 among 100,000 reports): the page of each still opens by
// its id.
//
// Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portsafe::core {

// "K7MQ-4RPX" for a lower-hex id of at least 10 characters; for anything
// else, the id as it is.
std::string ReferenceOf(std::string_view id);

// The reference as a person typed it ("k7mq 4rpx", "K7MQ4RPX", with O for
// 0 or I/L for 1) in its written form, or nullopt if it is not one.
std::optional<std::string> ParseReference(std::string_view typed);

// The last 10 hex digits of the ids whose reference is `reference` (as
// ParseReference writes it), or nullopt if it is not one.
std::optional<std::string> ReferenceIdTail(std::string_view reference);

}  // namespace portsafe::core
