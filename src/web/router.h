// Maps method + path to a handler. Patterns are literal segments and {name}
// segments that match one non-empty path segment ("/r/{code}"). Unknown paths
// answer 404, known paths with another method 405 with an Allow header.
#pragma once

#include <string>
#include <vector>

#include "web/http_types.h"

namespace portsafe::web {

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Fills req.params and calls the handler, or answers 404/405 itself via
  // `not_found` / a plain 405. A handler that throws is answered 500 (once).
  void Dispatch(Request& req, Respond respond) const;
  void SetNotFound(Handler h) { not_found_ = std::move(h); }
  // "METHOD /pattern" for every route, in the order added (for docs checks).
  std::vector<std::string> Routes() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
  Handler not_found_;
};

std::vector<std::string> SplitPath(std::string_view path);

}  // namespace portsafe::web
