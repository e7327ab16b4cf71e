// The anonymity rules of the published figures, in one place (docs/architecture.md, flow
// 6; docs/security.md, "Figures"). Every figure anyone sees, on a page, in a
// CSV file or through the API, is a FigureTable made by PublishTable:
//   - a count below kMinCount is shown only as "fewer than 5";
//   - when the hidden cells of a table add up to fewer than kMinCount (so
//     that a total shown elsewhere would reveal them), the smallest shown
//     cells are hidden too, until they do or everything is hidden;
//   - a month is shown only once it has ended and kLagDays more have passed;
//   - a table has one dimension (month, category, port, ...), so no
//     breakdown combines facility, category and month.
// The counts come only from the tallies of clear columns (store::TallyRow).
// Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  kOperator
};
std::string_view ToString(Dimension d);

// One row before the rules: a key and its count.
struct RawCell {
  std::string key;    // month "YYYY-MM", category key, port code, freeport name, ...
  std::string label;  // what people read ("" = the web layer labels the key)
  std::int64_t count = 0;
};

struct FigureCell {
  std::string key;
  std::string label;
  std::optional<std::int64_t> count;  // nullopt: "fewer than 5"
};

struct FigureTable {
  std::string id;     // stable, used in URLs: "reports-by-month"
  std::string title;  // English
  Dimension dimension = Dimension::kMonth;
  std::vector<FigureCell> rows;
};

// Applies the suppression rules to one table's raw cells (kept in order).
FigureTable PublishTable(std::string id, std::string title, Dimension dimension,
                         std::vector<RawCell> cells);

// "fewer than 5"
std::string FewerThanText();
// The count as shown: "12" or "fewer than 5".
std::string CountText(const FigureCell& cell);

}  // namespace portsafe::core
