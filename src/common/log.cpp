#include "common/log.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <mutex>

namespace portsafe::log {
namespace {

std::mutex g_mu;
FILE* g_sink = nullptr;  // nullptr means stderr
Level g_min = Level::kInfo;

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < g_min) return;
  boost::json::object o;
  o["level"] = LevelName(level);
  o["event"] = event;
  for (const auto& [k, v] : fields) {
    std::visit([&o, k = k](const auto& x) { o[k] = x; }, v);
  }
  std::string line = boost::json::serialize(o);
  line.push_back('\n');
  std::lock_guard lock(g_mu);
  FILE* out = g_sink ? g_sink : stderr;
  std::fwrite(line.data(), 1, line.size(), out);
  std::fflush(out);
}

bool SetLogFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "a");
  if (!f) return false;
  std::lock_guard lock(g_mu);
  if (g_sink) std::fclose(g_sink);
  g_sink = f;
  return true;
}

void SetMinLevel(Level level) { g_min = level; }

}  // namespace portsafe::log
