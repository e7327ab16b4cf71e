// `portsafe extract`: the identifiers in text read from standard input,
// found by the same intel::Extractor the server indexes reports with.
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "cli/options.h"
#include "common/clock.h"
#include "core/port_directory.h"
#include "intel/extractor.h"
#include "service/facilities.h"

namespace portsafe::cli {
namespace {

// Input is read in blocks and cut after the last line break, so an
// identifier (which never spans a line) is never cut in two. A line longer
// than this is cut at its last space.
constexpr size_t kBlock = 1 << 20;
constexpr size_t kMaxLine = 64 << 20;

class Printer {
 public:
  Printer(bool table, const core::PortDirectory* ports, std::set<intel::Kind> kinds)
      : table_(table), ports_(ports), kinds_(std::move(kinds)) {
    if (table_) {
      std::printf("%-12s %-28s %-6s %-15s %-22s %s\n", "KIND", "VALUE", "VALID", "BYTES",
                  "AS WRITTEN", "DETAILS");
    }
  }

  void Print(const intel::Identifier& id, std::string_view written) {
    if (!kinds_.empty() && !kinds_.count(id.kind)) return;
    ++count_;
    if (!table_) {
      intel::AppendJsonLine(id, written, ports_, &pending_);
      if (pending_.size() >= (1 << 16)) Flush();
      return;
    }
    std::string details;
    for (const auto& [k, v] : intel::Describe(id, ports_)) {
      details += (details.empty() ? "" : "  ") + std::string(k) + "=" + v;
    }
    std::string bytes = std::to_string(id.start) + "-" + std::to_string(id.end);
    std::printf("%-12s %-28s %-6s %-15s %-22s %s\n", std::string(intel::KindName(id.kind)).c_str(),
                id.value.c_str(), id.valid ? "yes" : "NO", bytes.c_str(),
                std::string(written).c_str(), details.c_str());
  }

  size_t count() const { return count_; }
  // Writes out the JSON lines gathered so far.
  void Flush() {
    std::fwrite(pending_.data(), 1, pending_.size(), stdout);
    pending_.clear();
  }

 private:
  bool table_;
  const core::PortDirectory* ports_;
  std::set<intel::Kind> kinds_;
  size_t count_ = 0;
  std::string pending_;
};

// Runs the extractor over `text` (which starts at byte `base` of the input).
void ExtractPiece(const intel::Extractor& ex, std::string_view text, size_t base,
                  std::vector<intel::Identifier>& found, Printer& out) {
  found.clear();
  ex.ExtractInto(text, base, &found);
  for (const auto& id : found) out.Print(id, text.substr(id.start - base, id.end - id.start));
}

bool ParseDay(const std::string& s, intel::Today* t) {
  int y, m, d;
  char tail;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s.size() != 10 ||
      y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) {
    return false;
  }
  *t = {y, m};
  return true;
}

}  // namespace

int RunExtract(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string format = "json";
  std::string today;
  std::vector<std::string> kinds;
  desc.add_options()("help,h", "show this help")(
      "format", po::value(&format)->default_value(format),
      "json: one JSON object a line; table: a table for people")(
      "kind", po::value(&kinds)->composing(),
      "only this kind (repeat for more): container, imo, mmsi, vrm_gb, trailer_gb, vrm_ie, "
      "phone, unlocode, postcode_gb, email, url")(
      "today", po::value(&today),
      "YYYY-MM-DD: the date vehicle age identifiers are checked against (default: today)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(
          args, desc,
          "Usage: portsafe extract [--format json|table] [--kind K]... < text\n\n"
          "Finds identifiers in UTF-8 text on standard input and writes one line for each:\n"
          "  {\"kind\", \"text\" (as written), \"value\" (normalised), \"start\", \"end\" (byte\n"
          "   offsets into the input), \"valid\"} and kind-specific fields.\n"
          "Kinds: ISO 6346 containers (check digit computed), IMO numbers (check digit),\n"
          "MMSIs (flag state from the MID), UK vehicle marks (current, prefix, suffix,\n"
          "Northern Ireland), DVLA trailer marks, Irish marks, UK phone numbers (as E.164),\n"
          "UN/LOCODEs of UK ports, UK postcodes, e-mail addresses and URLs. A code whose\n"
          "check digit or other rule fails is written with \"valid\": false. Invalid UTF-8\n"
          "is read as U+FFFD and never stops the run. The server links reports with the\n"
          "same code.",
          &vm, &code)) {
    return code;
  }
  if (format != "json" && format != "table") {
    std::cerr << "portsafe extract: --format is json or table\n";
    return 2;
  }
  std::set<intel::Kind> wanted;
  for (const auto& k : kinds) {
    auto kind = intel::ParseKind(k);
    if (!kind) {
      std::cerr << "portsafe extract: unknown kind '" << k << "'\n";
      return 2;
    }
    wanted.insert(*kind);
  }
  intel::ExtractOptions options;
  // Without --today, the machine's date (the help text's default): vehicle
  // marks issued by now are valid.
  if (today.empty()) {
    options.today = intel::TodayOf(*SystemClock::Get());
  } else if (!ParseDay(today, &options.today)) {
    std::cerr << "portsafe extract: --today wants a date as YYYY-MM-DD\n";
    return 2;
  }
  auto seed = service::LoadSeedPorts();
  if (!seed.ok()) {
    std::cerr << "portsafe extract: " << seed.error().message() << "\n";
    return 1;
  }
  core::PortDirectory ports(std::move(*seed));
  options.ports = &ports;
  intel::Extractor ex(options);
  Printer out(format == "table", &ports, std::move(wanted));

  std::string buf;
  std::vector<intel::Identifier> found;
  size_t base = 0;  // input offset of buf[0]
  std::vector<char> block(kBlock);
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, block.data(), block.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      std::cerr << "portsafe extract: cannot read standard input\n";
      return 1;
    }
    if (n == 0) break;
    buf.append(block.data(), static_cast<size_t>(n));
    size_t cut = buf.rfind('\n');
    if (cut == std::string::npos && buf.size() > kMaxLine) cut = buf.rfind(' ');
    if (cut == std::string::npos) continue;
    ExtractPiece(ex, std::string_view(buf).substr(0, cut + 1), base, found, out);
    base += cut + 1;
    buf.erase(0, cut + 1);
  }
  ExtractPiece(ex, buf, base, found, out);
  out.Flush();
  if (format == "table") std::printf("%zu identifiers\n", out.count());
  std::fflush(stdout);
  return 0;
}

}  // namespace portsafe::cli
