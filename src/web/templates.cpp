#include "web/templates.h"

#include <algorithm>
#include <map>
#include <memory>

#include "common/assets.h"
#include "common/log.h"

namespace portsafe::web {

std::string RenderTemplate(std::string_view name, const TemplateData& data) {
  thread_local std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>, std::less<>>
      cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto text = assets::Get("templates/" + std::string(name) + ".mustache");
    if (!text) {
      log::Error("template_missing", {{"name", name}});
      return "<!-- template missing -->";
    }
    auto t = std::make_unique<kainjow::mustache::mustache>(std::string(*text));
    if (!t->is_valid()) {
      log::Error("template_invalid", {{"name", name}});
      return "<!-- template invalid -->";
    }
    it = cache.emplace(std::string(name), std::move(t)).first;
  }
  return it->second->render(data);
}

TemplateData CodeGroups(std::string_view code) {
  TemplateData groups{TemplateData::type::list};
  for (size_t at = 0; at < code.size();) {
    const size_t dash = std::min(code.find('-', at), code.size());
    TemplateData g;
    g.set("text", std::string(code.substr(at, dash + 1 - at)));
    groups.push_back(g);
    at = dash + 1;
  }
  return groups;
}

}  // namespace portsafe::web
