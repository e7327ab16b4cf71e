#include "web/router.h"

#include <atomic>
#include <exception>
#include <memory>
#include <typeinfo>

#include "common/log.h"

namespace portsafe::web {
namespace {

// The last resort (OWASP ASVS 7.4.3): a handler that throws instead of
// answering gets a bare 500, once, and the server carries on. Handlers
// answer expected failures with a Status; an exception is a bug. Nothing of
// the request is logged.
struct Answer {
  Respond respond;
  std::atomic<bool> given{false};
};

void CallGuarded(const Handler& handler, Request& req, Respond respond) {
  auto answer = std::make_shared<Answer>();
  answer->respond = std::move(respond);
  try {
    handler(req, [answer](Response r) {
      if (!answer->given.exchange(true)) answer->respond(std::move(r));
    });
  } catch (const std::exception& e) {
    // The exception's type only: its message might quote the request.
    log::Error("handler failed", {{"exception", std::string_view(typeid(e).name())}});
    if (!answer->given.exchange(true)) {
      Response r;
      r.status = 500;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "Internal error\n";
      answer->respond(std::move(r));
    }
  }
}

}  // namespace

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  routes_.push_back({std::move(method), SplitPath(pattern), std::move(handler)});
}

std::vector<std::string> Router::Routes() const {
  std::vector<std::string> out;
  for (const auto& r : routes_) {
    std::string p;
    for (const auto& s : r.segments) p += "/" + s;
    out.push_back(r.method + " " + (p.empty() ? "/" : p));
  }
  return out;
}

void Router::Dispatch(Request& req, Respond respond) const {
  auto segs = SplitPath(req.path);
  std::string allow;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t i = 0; i < segs.size() && match; ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params[p.substr(1, p.size() - 2)] = segs[i];
      } else {
        match = p == segs[i];
      }
    }
    if (!match) continue;
    if (r.method == req.method || (r.method == "GET" && req.method == "HEAD")) {
      req.params = std::move(params);
      CallGuarded(r.handler, req, std::move(respond));
      return;
    }
    if (!allow.empty()) allow += ", ";
    allow += r.method;
  }
  if (!allow.empty()) {
    Response res;
    res.status = 405;
    res.content_type = "text/plain; charset=utf-8";
    res.headers.emplace_back("Allow", allow);
    res.body = "Method not allowed\n";
    respond(std::move(res));
    return;
  }
  if (not_found_) {
    not_found_(req, std::move(respond));
    return;
  }
  Response res;
  res.status = 404;
  res.content_type = "text/plain; charset=utf-8";
  res.body = "Not found\n";
  respond(std::move(res));
}

}  // namespace portsafe::web
