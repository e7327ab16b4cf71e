// Reading the sealed JSON formats this program writes itself (audit
// entries, handling notes, file metadata, packages): a missing or mistyped
// member reads as empty.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "common/result.h"

namespace portsafe {

// The string member `key` of `o`, or "".
inline std::string StringMember(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The format version `o` says it has: its "v" member, or 0 when it has none
// (the formats written before the version tag); -1 when "v" is not a
// non-negative integer. Callers refuse versions they do not know.
inline int VersionMember(const boost::json::object& o) {
  const auto* v = o.if_contains("v");
  if (v == nullptr) return 0;
  if (!v->is_int64() || v->get_int64() < 0 || v->get_int64() > 1000) return -1;
  return static_cast<int>(v->get_int64());
}

// `text` as a JSON object of a format read in versions 0 (no "v") up to
// `current` (docs/formats.md). kInternal naming `what` ("file metadata")
// when it is not an object or says another version.
inline Result<boost::json::object> ParseVersionedObject(std::string_view text, int current,
                                                        std::string_view what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return Internal(std::string(what) + " is malformed");
  const int version = VersionMember(v.get_object());
  if (version < 0 || version > current) {
    return Internal(std::string(what) + " has an unknown format version");
  }
  return std::move(v.get_object());
}

}  // namespace portsafe
