#include "web/i18n.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/assets.h"

namespace portsafe::web {

Result<Catalogue> Catalogue::LoadEmbedded() {
  Catalogue c;
  for (std::string_view path : assets::List()) {
    constexpr std::string_view kDir = "i18n/";
    if (path.substr(0, kDir.size()) != kDir || path.size() < kDir.size() + 6 ||
        path.substr(path.size() - 5) != ".json") {
      continue;
    }
    std::string code(path.substr(kDir.size(), path.size() - kDir.size() - 5));
    boost::system::error_code ec;
    auto v = boost::json::parse(*assets::Get(path), ec);
    if (ec || !v.is_object()) return InvalidArgument("malformed catalogue " + std::string(path));
    auto& m = c.texts_[code];
    for (const auto& [k, val] : v.get_object()) {
      if (!val.is_string()) return InvalidArgument("non-string entry in " + std::string(path));
      m[std::string(k)] = std::string(val.get_string());
    }
    c.languages_.push_back({code, m.count("_name") ? m["_name"] : code});
  }
  if (!c.texts_.count("en")) return InvalidArgument("the English catalogue is missing");
  std::sort(c.languages_.begin(), c.languages_.end(), [](const Language& a, const Language& b) {
    if ((a.code == "en") != (b.code == "en")) return a.code == "en";
    return a.code < b.code;
  });
  return c;
}

std::string Catalogue::Pick(std::string_view requested) const {
  return texts_.count(requested) ? std::string(requested) : "en";
}

const std::string& Catalogue::T(std::string_view lang, std::string_view key) const {
  static const std::string kEmpty;
  for (std::string_view l : {lang, std::string_view("en")}) {
    auto it = texts_.find(l);
    if (it == texts_.end()) continue;
    auto t = it->second.find(key);
    if (t != it->second.end()) return t->second;
  }
  static thread_local std::string fallback;
  fallback.assign(key);
  return fallback.empty() ? kEmpty : fallback;
}

std::map<std::string, std::string> Catalogue::All(std::string_view lang) const {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : texts_.find("en")->second) out[k] = v;
  auto it = texts_.find(lang);
  if (it != texts_.end()) {
    for (const auto& [k, v] : it->second) out[k] = v;
  }
  return out;
}

std::vector<std::string> Catalogue::MissingKeys(std::string_view lang) const {
  std::vector<std::string> out;
  auto it = texts_.find(lang);
  for (const auto& [k, v] : texts_.find("en")->second) {
    if (it == texts_.end() || !it->second.count(k)) out.push_back(k);
  }
  return out;
}

}  // namespace portsafe::web
