#include "web/templates.h"

#include <map>
#include <memory>

#include "common/assets.h"
#include "common/log.h"
#include "core/text.h"

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

std::string XmlEscape(std::string_view s) { return text::XmlEscape(s); }

}  // namespace portsafe::web
