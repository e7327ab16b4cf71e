// One month's figures, made once and then frozen (docs/security.md,
// "Figures"). PublishMonth turns the month's tallies into every table that
// month appears in, nationally and for each facility, and asks
// core::ProtectCells which cells to show: the tables share their counts
// (a freeport is the sum of its ports, a facility's categories add up to
// its total), so they are protected together, never one at a time.
// EncodeMonth and DecodeMonth give the stored form; the service stores the
// first encoding of a month and never makes it again, so the published
// numbers of a month stay byte-identical.
//
// Pure functions, no I/O, safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/figures.h"
#include "core/port_directory.h"
#include "store/records.h"

namespace portsafe::service {

struct MonthFigures {
  std::string month;  // YYYY-MM
  // reports-total (one cell, keyed by the month), reports-by-freeport,
  // reports-by-operator, reports-by-port, approaches-by-port,
  // reports-by-category, outcomes-by-kind.
  std::vector<core::FigureTable> national;
  // By facility code: reports-total, reports-by-category,
  // reports-by-insider-type, disseminations-by-agency, outcomes-by-kind,
  // lessons-completed.
  std::map<std::string, std::vector<core::FigureTable>> facilities;
};

// What the month's tables are made from. `tallies` may hold other months'
// rows (they are skipped); `facilities` lists every facility, member or not.
struct MonthInputs {
  std::string month;
  const std::vector<store::TallyRow>* tallies = nullptr;
  const std::vector<store::Facility>* facilities = nullptr;
  const std::vector<core::PortGroup>* groups = nullptr;
  const core::PortDirectory* ports = nullptr;  // labels only; may be null
  // The lessons at /learn (id, English title), in order: the rows of
  // lessons-completed, with "other" for lessons since withdrawn; may be
  // null (then every count is "other").
  const std::vector<std::pair<std::string, std::string>>* lessons = nullptr;
};

MonthFigures PublishMonth(const MonthInputs& in);

std::string EncodeMonth(const MonthFigures& m);
// kInternal for anything EncodeMonth did not make (a damaged row).
Result<MonthFigures> DecodeMonth(std::string_view body);

// The table `id` of `tables`, or nullptr.
const core::FigureTable* FindTable(const std::vector<core::FigureTable>& tables,
                                   std::string_view id);

}  // namespace portsafe::service
