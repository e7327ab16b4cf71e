#include "web/i18n.h"

#include "core/approach.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/assets.h"
#include "core/text.h"

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

std::string Catalogue::FromAcceptLanguage(std::string_view header) const {
  std::string best;
  double best_q = 0;
  int tags = 0;
  while (!header.empty() && ++tags <= 32) {  // a browser sends a handful
    const size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? "" : header.substr(comma + 1);
    double q = 1;
    if (const size_t semi = item.find(';'); semi != std::string_view::npos) {
      const std::string_view param = text::Trim(item.substr(semi + 1));
      item = item.substr(0, semi);
      if (param.size() >= 3 && param.substr(0, 2) == "q=") {
        // q is 0 to 1 with at most three decimals: read it by hand.
        q = param[2] == '1' ? 1.0 : 0.0;
        double scale = 0.1;
        for (size_t i = 4; i < param.size() && i < 7 && param[2] == '0'; ++i, scale /= 10) {
          if (param[i] < '0' || param[i] > '9') break;
          q += (param[i] - '0') * scale;
        }
      }
    }
    item = text::Trim(item);
    const std::string primary = text::Lower(item.substr(0, item.find('-')));
    if (q > best_q && texts_.count(primary) > 0) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

std::string Catalogue::Fill(
    std::string_view lang, std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> values) const {
  std::string text = T(lang, key);
  for (const auto& [name, value] : values) {
    const std::string mark = "{" + std::string(name) + "}";
    for (size_t at = text.find(mark); at != std::string::npos;
         at = text.find(mark, at + value.size())) {
      text.replace(at, mark.size(), value);
    }
  }
  return text;
}

std::string Catalogue::ChoiceText(std::string_view lang, std::string_view prefix,
                                  std::string_view joined) const {
  std::string out;
  for (const auto& key : core::SplitChoices(joined)) {
    if (!out.empty()) out += ", ";
    out += T(lang, std::string(prefix) + "." + key);
  }
  return out;
}

std::string Catalogue::FileSize(std::string_view lang, std::uint64_t bytes) const {
  auto with = [&](std::string_view key, const std::string& n) {
    return Fill(lang, key, {{"n", n}});
  };
  if (bytes < 1000) return with("file_size_bytes", std::to_string(bytes));
  if (bytes < 999 * 1000 + 500) return with("file_size_kb", std::to_string((bytes + 500) / 1000));
  const std::uint64_t tenths = (bytes + 50 * 1000) / (100 * 1000);
  if (tenths >= 100) return with("file_size_mb", std::to_string((tenths + 5) / 10));
  return with("file_size_mb", std::to_string(tenths / 10) + T(lang, "decimal_separator") +
                                  std::to_string(tenths % 10));
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
