#include "core/figures.h"

#include <algorithm>
#include <numeric>

#include "core/handling.h"

namespace portsafe::core {

bool MonthPublished(std::string_view month, std::string_view today) {
  if (month.size() != 7 || month[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (month[i] < '0' || month[i] > '9') return false;
  }
  const std::string first_day = std::string(month) + "-01";
  const std::string next_month = AddMonths(first_day, 1);
  if (next_month.empty()) return false;
  auto days = DaysBetween(next_month, today);
  return days.has_value() && *days >= kLagDays;
}

std::string_view ToString(Dimension d) {
  switch (d) {
    case Dimension::kMonth:
      return "month";
    case Dimension::kCategory:
      return "category";
    case Dimension::kInsiderType:
      return "insider_type";
    case Dimension::kAgencyKind:
      return "agency_kind";
    case Dimension::kOutcome:
      return "outcome";
    case Dimension::kPort:
      return "port";
    case Dimension::kFreeport:
      return "freeport";
    case Dimension::kOperator:
      return "operator";
  }
  return "";
}

FigureTable PublishTable(std::string id, std::string title, Dimension dimension,
                         std::vector<RawCell> cells) {
  FigureTable t{std::move(id), std::move(title), dimension, {}};
  std::vector<bool> hidden(cells.size());
  std::int64_t hidden_sum = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].count < kMinCount) {
      hidden[i] = true;
      hidden_sum += std::max<std::int64_t>(cells[i].count, 0);
    }
  }
  // Secondary suppression: hidden cells that add up to fewer than kMinCount
  // would be revealed by any total, so hide the smallest shown cells too.
  while (hidden_sum > 0 && hidden_sum < kMinCount) {
    size_t pick = cells.size();
    for (size_t i = 0; i < cells.size(); ++i) {
      if (!hidden[i] && (pick == cells.size() || cells[i].count < cells[pick].count)) pick = i;
    }
    if (pick == cells.size()) break;  // everything hidden
    hidden[pick] = true;
    hidden_sum += cells[pick].count;
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    FigureCell c{std::move(cells[i].key), std::move(cells[i].label), std::nullopt};
    if (!hidden[i]) c.count = cells[i].count;
    t.rows.push_back(std::move(c));
  }
  return t;
}

std::string FewerThanText() { return "fewer than " + std::to_string(kMinCount); }

std::string CountText(const FigureCell& cell) {
  return cell.count ? std::to_string(*cell.count) : FewerThanText();
}

}  // namespace portsafe::core
