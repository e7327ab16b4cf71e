// The anonymity rules of the published figures, in one place (docs/architecture.md, flow
// 6; docs/security.md, "Figures"). Every figure anyone sees, on a page, in a
// CSV file or through the API, is a FigureCell made here:
//   - a month is published only once it has ended and kLagDays more have
//     passed, and is then frozen: its cells never change (service/figures_publisher.h);
//   - within a month, every table is a set of sums of the same atoms, and
//     core/disclosure.h decides which cells are shown: none below kMinCount,
//     and enough others hidden that no hidden cell can be worked out, or
//     narrowed to fewer than kMinCount values, from all of them together;
//   - a table over several months is built only from the published cells of
//     those months (SumOverMonths), so it tells nothing the months did not;
//   - each hidden cell says truthfully why it is hidden (CellState).
// The counts come only from the tallies of clear columns (store::TallyRow).
// Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/disclosure.h"

namespace portsafe::core {

inline constexpr std::int64_t kMinCount = 5;
inline constexpr int kLagDays = 14;

// Whether figures for `month` ("YYYY-MM") may be shown on `today`
// ("YYYY-MM-DD"): on or after the first day of the next month plus kLagDays.
// False for a malformed month or date.
bool MonthPublished(std::string_view month, std::string_view today);

// What a table breaks counts down by.
enum class Dimension {
  kMonth,
  kCategory,
  kInsiderType,
  kAgencyKind,
  kOutcome,
  kPort,
  kFreeport,
  kOperator,
  kLesson,  // a lesson at /learn, by its id (service/lessons.h)
};
std::string_view ToString(Dimension d);

// What a reader is told of a cell, and why.
enum class CellState {
  kShown,                  // the count
  kBelowMinimum,           // "fewer than 5"
  kProtectsAnother,        // "not shown, to protect another count" (of any size)
  kAtLeast,                // months summed, some hidden: "at least <count>"
  kBelowMinimumEachMonth,  // months summed, each fewer than 5
};
std::string_view ToString(CellState s);
// The state named `name` by ToString; nullopt for anything else.
std::optional<CellState> ParseCellState(std::string_view name);

struct FigureCell {
  std::string key;    // month "YYYY-MM", category key, port code, freeport name, ...
  std::string label;  // what people read ("" = the web layer labels the key)
  CellState state = CellState::kBelowMinimum;
  std::int64_t count = 0;  // kShown: the count; kAtLeast: the lower bound; else 0

  bool shown() const { return state == CellState::kShown; }
};

struct FigureTable {
  std::string id;     // stable, used in URLs: "reports-by-month"
  std::string title;  // English
  Dimension dimension = Dimension::kMonth;
  std::vector<FigureCell> rows;
  // The months a table over months covers, oldest first ("" when it is one
  // month's, or lists months as its rows).
  std::string from_month, to_month;
};

// A cell of one month's table: its count, or the hidden state `d` gives.
FigureCell MonthCell(std::string key, std::string label, std::int64_t count, Disclosure d);

// The cell `key` of a table over months, from that key's published cell in
// each month (nullptr: the month has no such row, which the rules leave
// only for counts below kMinCount). Exact when every month shows it; else
// "at least" the shown counts, when there are any; else fewer than kMinCount
// in each month, when every month said so; else kProtectsAnother. No
// months: kBelowMinimum.
FigureCell SumOverMonths(std::string key, std::string label,
                         const std::vector<const FigureCell*>& months);

// "fewer than 5"
std::string FewerThanText();
// The count as shown in English: "12", "fewer than 5", "at least 15", ...
std::string CountText(const FigureCell& cell);

}  // namespace portsafe::core
