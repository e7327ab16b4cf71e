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

}  // namespace portsafe
