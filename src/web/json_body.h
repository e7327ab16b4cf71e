// Parsing a JSON request body with Boost.JSON under this server's limits: the
// media type must be application/json, the body at most limits::kJsonBodyMax,
// nesting at most limits::kJsonDepthMax, and the top level an object.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "common/result.h"

namespace portsafe::web {

// kUnsupportedMedia for another Content-Type, kInvalidArgument (with a short
// English reason) for malformed or over-deep JSON or a non-object.
Result<boost::json::value> ParseJsonObject(std::string_view content_type, std::string_view body);

}  // namespace portsafe::web
