#include "web/static_files.h"

#include "common/assets.h"

namespace portsafe::web {
namespace {

std::string TypeOf(std::string_view name) {
  auto ends = [name](std::string_view s) {
    return name.size() >= s.size() && name.substr(name.size() - s.size()) == s;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

void AddStaticFiles(Router& router) {
  router.Add("GET", "/static/{name}", [](Request& req, Respond respond) {
    const std::string& name = req.params["name"];
    Response res;
    auto body = name.find("..") == std::string::npos ? assets::Get("static/" + name) : std::nullopt;
    if (!body) {
      res.status = 404;
      res.content_type = "text/plain; charset=utf-8";
      res.body = "Not found\n";
    } else {
      res.content_type = TypeOf(name);
      res.body = std::string(*body);
      res.cacheable = true;
    }
    respond(std::move(res));
  });
}

}  // namespace portsafe::web
