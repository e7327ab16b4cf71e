// The server's own request and response types: plain data, no Boost.Beast, so
// handlers and their tests compile fast and never touch the network layer.
// A Request deliberately has no client address and no way to get one.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace portsafe::crypto {
class SpoolFile;
}

namespace portsafe::web {

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string path;    // target up to '?', not percent-decoded
  std::string query;   // after '?', raw
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string body;                                          // empty when the body was spooled
  // A multipart body, written to encrypted temporary storage as it arrived
  // instead of into `body` (web/form.h's ParseFormRequest reads it).
  std::shared_ptr<const crypto::SpoolFile> spooled_body;
  std::map<std::string, std::string> params;  // from the route pattern, e.g. {code}

  // The first header with this lower-case name, or "".
  std::string_view Header(std::string_view lower_name) const;
  // A query parameter, percent-decoded, or "".
  std::string Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Static assets may be cached; everything else is no-store.
  bool cacheable = false;
};

// The HTTP status for an expected failure: 400, 401, 403, 404, 409, 413,
// 415, 429, 503; 500 only for kInternal.
int HttpStatusFor(const Error& e);

// Handlers answer exactly once through Respond, on any thread.
using Respond = std::function<void(Response)>;
using Handler = std::function<void(Request&, Respond)>;

}  // namespace portsafe::web
