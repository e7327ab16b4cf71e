#include "core/figures.h"

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
    case Dimension::kLesson:
      return "lesson";
  }
  return "";
}

std::string_view ToString(CellState s) {
  switch (s) {
    case CellState::kShown:
      return "shown";
    case CellState::kBelowMinimum:
      return "fewer_than_5";
    case CellState::kProtectsAnother:
      return "protects_another";
    case CellState::kAtLeast:
      return "at_least";
    case CellState::kBelowMinimumEachMonth:
      return "fewer_than_5_each_month";
  }
  return "";
}

std::optional<CellState> ParseCellState(std::string_view name) {
  for (CellState s : {CellState::kShown, CellState::kBelowMinimum, CellState::kProtectsAnother,
                      CellState::kAtLeast, CellState::kBelowMinimumEachMonth}) {
    if (ToString(s) == name) return s;
  }
  return std::nullopt;
}

FigureCell MonthCell(std::string key, std::string label, std::int64_t count, Disclosure d) {
  FigureCell c{std::move(key), std::move(label), CellState::kShown, count};
  if (d == Disclosure::kBelowMinimum) c = {c.key, c.label, CellState::kBelowMinimum, 0};
  if (d == Disclosure::kProtectsAnother) c = {c.key, c.label, CellState::kProtectsAnother, 0};
  return c;
}

FigureCell SumOverMonths(std::string key, std::string label,
                         const std::vector<const FigureCell*>& months) {
  // Nothing published yet: no count of it is 5 or more.
  if (months.empty()) return {std::move(key), std::move(label), CellState::kBelowMinimum, 0};
  std::int64_t sum = 0;
  bool exact = true, all_below = true;
  for (const FigureCell* m : months) {
    if (m != nullptr && m->state == CellState::kShown) {
      sum += m->count;
      all_below = false;
    } else {
      exact = false;
      if (m != nullptr && m->state != CellState::kBelowMinimum) all_below = false;
    }
  }
  if (exact) return {std::move(key), std::move(label), CellState::kShown, sum};
  if (sum > 0) return {std::move(key), std::move(label), CellState::kAtLeast, sum};
  if (all_below) return {std::move(key), std::move(label), CellState::kBelowMinimumEachMonth, 0};
  return {std::move(key), std::move(label), CellState::kProtectsAnother, 0};
}

std::string FewerThanText() { return "fewer than " + std::to_string(kMinCount); }

std::string CountText(const FigureCell& cell) {
  switch (cell.state) {
    case CellState::kShown:
      return std::to_string(cell.count);
    case CellState::kBelowMinimum:
      return FewerThanText();
    case CellState::kProtectsAnother:
      return "not shown, to protect another count";
    case CellState::kAtLeast:
      return "at least " + std::to_string(cell.count);
    case CellState::kBelowMinimumEachMonth:
      return FewerThanText() + " in each month";
  }
  return "";
}

}  // namespace portsafe::core
