#include "service/figures_service_impl.h"

#include <set>

#include "core/handling.h"
#include "service/facilities.h"

namespace portsafe::service {
namespace {

using core::FigureCell;
using core::FigureTable;

std::string NextMonth(const std::string& month) {
  return core::AddMonths(month + "-01", 1).substr(0, 7);
}

bool IsMonth(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (m[i] < '0' || m[i] > '9') return false;
  }
  return m.substr(5) >= "01" && m.substr(5) <= "12";
}

}  // namespace

FiguresServiceImpl::FiguresServiceImpl(store::MembershipStore* membership, store::Store* store,
                                       const core::PortDirectory* ports,
                                       std::vector<core::PortGroup> groups, const Clock* clock,
                                       std::vector<std::pair<std::string, std::string>> lessons)
    : membership_(membership),
      store_(store),
      ports_(ports),
      groups_(std::move(groups)),
      clock_(clock),
      lessons_(std::move(lessons)) {}

Result<FiguresServiceImpl::Months> FiguresServiceImpl::Published() {
  const std::string today = clock_->Today();
  std::lock_guard lock(mu_);
  auto cached = [this] {
    Months out;
    for (const auto& [m, f] : published_) out.push_back(f);
    return out;
  };
  // Up to date when the newest month held is the newest due.
  if (!published_.empty()) {
    const std::string last = published_.rbegin()->first;
    if (!core::MonthPublished(NextMonth(last), today)) return cached();
  }
  auto stored = membership_->ListFigureMonths();
  if (!stored.ok()) return stored.error();
  for (const auto& row : *stored) {
    if (published_.count(row.month)) continue;
    auto m = DecodeMonth(row.body);
    if (!m.ok()) return m.error();
    published_[row.month] = std::make_shared<const MonthFigures>(std::move(*m));
  }
  auto tallies = membership_->ListTallies();
  if (!tallies.ok()) return tallies.error();
  std::string first;
  for (const auto& r : *tallies) {
    if (first.empty() || r.month < first) first = r.month;
  }
  if (!published_.empty() && (first.empty() || published_.begin()->first < first)) {
    first = published_.begin()->first;
  }
  if (first.empty() || !IsMonth(first)) return cached();
  std::vector<store::Facility> facilities;
  for (std::string m = first; core::MonthPublished(m, today); m = NextMonth(m)) {
    if (published_.count(m)) continue;
    if (facilities.empty()) {
      auto f = membership_->ListFacilities();
      if (!f.ok()) return f.error();
      facilities = std::move(*f);
    }
    MonthFigures made = PublishMonth({m, &*tallies, &facilities, &groups_, ports_, &lessons_});
    // Another node may have published the month first: its body wins.
    auto body = membership_->PublishFigureMonth({m, EncodeMonth(made)});
    if (!body.ok()) return body.error();
    auto kept = DecodeMonth(*body);
    if (!kept.ok()) return kept.error();
    published_[m] = std::make_shared<const MonthFigures>(std::move(*kept));
  }
  return cached();
}

std::vector<FigureTable> FiguresServiceImpl::OverMonths(
    const Months& months,
    const std::function<const std::vector<FigureTable>*(const MonthFigures&)>& tables_of) {
  std::vector<const std::vector<FigureTable>*> per_month;
  const std::vector<FigureTable>* newest = nullptr;
  for (const auto& m : months) {
    per_month.push_back(tables_of(*m));
    if (per_month.back() != nullptr) newest = per_month.back();
  }
  std::vector<FigureTable> out;
  if (newest == nullptr) return out;  // nothing published for this side yet

  FigureTable by_month{"reports-by-month", "Reports by month", core::Dimension::kMonth, {}, "", ""};
  const size_t from =
      months.size() > static_cast<size_t>(kMonthsShown) ? months.size() - kMonthsShown : 0;
  for (size_t i = from; i < months.size(); ++i) {
    const FigureTable* total = per_month[i] ? FindTable(*per_month[i], "reports-total") : nullptr;
    if (total && !total->rows.empty()) {
      by_month.rows.push_back(total->rows.front());
    } else {
      by_month.rows.push_back({months[i]->month, "", core::CellState::kBelowMinimum, 0});
    }
  }
  out.push_back(std::move(by_month));

  for (const auto& shape : *newest) {
    if (shape.id == "reports-total") continue;
    FigureTable t{shape.id, shape.title,           shape.dimension,
                  {},       months.front()->month, months.back()->month};
    // The newest month's rows, then any row only older months had (a port
    // outside the directory with a row of its own that month).
    std::vector<std::pair<std::string, std::string>> keys;
    std::set<std::string> seen;
    for (auto it = per_month.rbegin(); it != per_month.rend(); ++it) {
      const FigureTable* mt = *it ? FindTable(**it, shape.id) : nullptr;
      if (!mt) continue;
      for (const auto& r : mt->rows) {
        if (seen.insert(r.key).second) keys.emplace_back(r.key, r.label);
      }
    }
    for (const auto& [key, label] : keys) {
      std::vector<const FigureCell*> parts;
      for (const auto* tables : per_month) {
        const FigureCell* cell = nullptr;
        if (const FigureTable* mt = tables ? FindTable(*tables, shape.id) : nullptr) {
          for (const auto& r : mt->rows) {
            if (r.key == key) cell = &r;
          }
        }
        parts.push_back(cell);
      }
      t.rows.push_back(core::SumOverMonths(key, label, parts));
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<FigureTable>> FiguresServiceImpl::National() {
  auto months = Published();
  if (!months.ok()) return months.error();
  return OverMonths(*months, [](const MonthFigures& m) { return &m.national; });
}

Result<std::vector<FigureTable>> FiguresServiceImpl::ForFacility(const StaffSession& s,
                                                                 const std::string& code) {
  if (auto f = FacilityForSession(store_, s, code); !f.ok()) return f.error();
  auto months = Published();
  if (!months.ok()) return months.error();
  return OverMonths(*months, [&code](const MonthFigures& m) -> const std::vector<FigureTable>* {
    auto it = m.facilities.find(code);
    return it == m.facilities.end() ? nullptr : &it->second;
  });
}

Result<std::vector<FigureTable>> FiguresServiceImpl::NationalMonth(const std::string& month) {
  if (!IsMonth(month)) return InvalidField("month", "a month is written YYYY-MM");
  auto months = Published();
  if (!months.ok()) return months.error();
  for (const auto& m : *months) {
    if (m->month == month) return m->national;
  }
  return NotFound("the figures of " + month + " are not published");
}

Result<std::vector<FigureTable>> FiguresServiceImpl::FacilityMonth(const StaffSession& s,
                                                                   const std::string& code,
                                                                   const std::string& month) {
  if (auto f = FacilityForSession(store_, s, code); !f.ok()) return f.error();
  if (!IsMonth(month)) return InvalidField("month", "a month is written YYYY-MM");
  auto months = Published();
  if (!months.ok()) return months.error();
  for (const auto& m : *months) {
    if (m->month != month) continue;
    auto it = m->facilities.find(code);
    if (it != m->facilities.end()) return it->second;
  }
  return NotFound("the figures of " + month + " are not published");
}

}  // namespace portsafe::service
