// Reading the sealed JSON formats this program writes itself (audit
// entries, handling notes, file metadata, packages): a missing or mistyped
// member reads as empty.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

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

}  // namespace portsafe
