// Fuzzes what membership and figures read or compute from untrusted bytes:
// the major-ports CSV parser, facility codes (check and suggestion), the
// figures' CSV writer, a stored month of figures, and the anonymity rules
// themselves, checked as properties on linked counts.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/disclosure.h"
#include "core/figures.h"
#include "core/port_directory.h"
#include "service/facilities.h"
#include "service/figures_publisher.h"
#include "web/figures_view.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  (void)portsafe::core::ParsePortGroupCsv(in);
  const std::string code = portsafe::service::SuggestFacilityCode("GBFXT", in);
  if (!portsafe::service::IsFacilityCode(code)) __builtin_trap();
  (void)portsafe::service::IsFacilityCode(in);

  // A stored month of figures, as a damaged row would hand it over.
  (void)portsafe::service::DecodeMonth(in);

  // Linked counts from the input's bytes: up to 6 atoms and 10 cells, each
  // cell the atoms its byte's bits pick. The rules as properties: nothing
  // shown is below kMinCount, and no hidden cell keeps fewer than kMinCount
  // possible values.
  namespace core = portsafe::core;
  core::LinkedCounts counts;
  std::vector<std::int64_t> atoms;
  size_t i = 0;
  for (; i < size && atoms.size() < 6; ++i) atoms.push_back(data[i] % 12);
  counts.atoms = static_cast<int>(atoms.size());
  for (; i < size && counts.cells.size() < 10 && !atoms.empty(); ++i) {
    core::LinkedCell c;
    for (int a = 0; a < counts.atoms; ++a) {
      if (data[i] & (1u << a)) {
        c.atoms.push_back(a);
        c.value += atoms[a];
      }
    }
    counts.cells.push_back(std::move(c));
  }
  const auto d = core::ProtectCells(counts);
  for (size_t c = 0; c < counts.cells.size(); ++c) {
    if (d[c] == core::Disclosure::kShown) {
      if (counts.cells[c].value < core::kMinCount) __builtin_trap();
    } else if (!counts.cells[c].atoms.empty() &&
               core::DeducibleRange(counts, d, static_cast<int>(c)).Width() < core::kMinCount) {
      __builtin_trap();
    }
  }

  // The views of a table of such cells, with labels from the input's text.
  core::FigureTable t{"t", "T", core::Dimension::kPort, {}, "", ""};
  std::vector<std::string> labels, values;
  for (size_t c = 0; c < counts.cells.size(); ++c) {
    t.rows.push_back(core::MonthCell("k" + std::to_string(c), "", counts.cells[c].value, d[c]));
    labels.push_back(in.substr(c, 8));
    values.push_back(in.substr(c + 1, 6));
  }
  const std::string csv = portsafe::web::FigureCsv(t, labels, values);
  const std::string svg = portsafe::web::FigureSvg(t, labels, in);
  if (svg.find("<script") != std::string::npos) __builtin_trap();
  return 0;
}
