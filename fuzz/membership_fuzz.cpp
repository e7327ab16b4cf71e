// Fuzzes what membership and figures read or compute from untrusted bytes:
// the major-ports CSV parser, facility codes (check and suggestion), the
// figures' CSV writer, and the anonymity rules themselves. The rules are
// checked as properties: no shown count is below kMinCount, and the hidden
// counts of a table add up to 0 or at least kMinCount unless all are hidden.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/figures.h"
#include "core/port_directory.h"
#include "service/facilities.h"
#include "web/figures_view.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  (void)portsafe::core::ParsePortGroupCsv(in);
  const std::string code = portsafe::service::SuggestFacilityCode("GBFXT", in);
  if (!portsafe::service::IsFacilityCode(code)) __builtin_trap();
  (void)portsafe::service::IsFacilityCode(in);

  // Counts from the input's bytes, labels from its text.
  std::vector<portsafe::core::RawCell> cells;
  for (size_t i = 0; i < size && cells.size() < 40; ++i) {
    cells.push_back({"k" + std::to_string(i), in.substr(i, 8), data[i] % 24});
  }
  auto t = portsafe::core::PublishTable("t", "T", portsafe::core::Dimension::kPort, cells);
  std::int64_t hidden = 0;
  bool any_shown = false;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i].count) {
      if (*t.rows[i].count < portsafe::core::kMinCount) __builtin_trap();
      any_shown = true;
    } else {
      hidden += cells[i].count;
    }
  }
  if (any_shown && hidden > 0 && hidden < portsafe::core::kMinCount) __builtin_trap();
  std::vector<std::string> labels;
  for (const auto& c : cells) labels.push_back(c.label);
  const std::string csv = portsafe::web::FigureCsv(t, labels, "fewer than 5");
  const std::string svg = portsafe::web::FigureSvg(t, labels, in, "fewer than 5");
  if (svg.find("<script") != std::string::npos) __builtin_trap();
  return 0;
}
