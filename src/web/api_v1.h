// The JSON API under /api/v1, the twin of every reporter page action. Described
// in docs/openapi.yaml. Every error is {"error": "<what is wrong>"} in English
// with a 4xx status (503 with Retry-After when overloaded).
#pragma once

#include <boost/json/value.hpp>

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddApiV1(Router& router, const WebContext& ctx);

// `v` serialized as application/json with `status`.
Response JsonResponse(int status, const boost::json::value& v);

// {"error": message} with `status`.
Response JsonError(int status, std::string_view message);

}  // namespace portsafe::web
