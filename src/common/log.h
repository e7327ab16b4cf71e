// Structured logging: one JSON object a line on stderr (or a file set with
// SetLogSink). Nothing that could identify a reporter may be passed here: no
// client address, user agent, request id, precise time or report content. The
// logger itself writes no timestamps, because a per-request line with a time
// could be joined with a proxy's log; the process supervisor may add its own.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace portsafe::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using Value = std::variant<std::string_view, std::int64_t, bool>;
using Field = std::pair<std::string_view, Value>;

// Writes {"level":..,"event":..,<fields>} as one line. Thread-safe.
void Write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, event, fields);
}

// Sends log lines to `path` (appending) instead of stderr. Returns false when
// the file cannot be opened, leaving the sink unchanged.
bool SetLogFile(const std::string& path);
// Suppresses lines below `level`.
void SetMinLevel(Level level);

}  // namespace portsafe::log
