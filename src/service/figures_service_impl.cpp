#include "service/figures_service_impl.h"

#include <map>
#include <set>

#include "core/category.h"
#include "core/handling.h"
#include "core/routing.h"
#include "service/facilities.h"

namespace portsafe::service {
namespace {

using core::Dimension;
using core::RawCell;
using store::TallyRow;

// Sums the counts of `metric` by the key `key_of` gives ("" skips a row).
template <typename KeyOf>
std::map<std::string, std::int64_t> SumBy(const std::vector<TallyRow>& rows,
                                          std::string_view metric, KeyOf key_of) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r : rows) {
    if (r.metric != metric) continue;
    std::string k = key_of(r);
    if (!k.empty()) out[k] += r.count;
  }
  return out;
}

// One cell per key in `keys`, in that order, with the count from `sums` (0
// when absent).
template <typename Keys>
std::vector<RawCell> CellsFor(const Keys& keys, const std::map<std::string, std::int64_t>& sums) {
  std::vector<RawCell> out;
  for (const auto& k : keys) {
    std::string key(k);
    auto it = sums.find(key);
    out.push_back({key, "", it == sums.end() ? 0 : it->second});
  }
  return out;
}

std::vector<std::string> CategoryKeys() {
  std::vector<std::string> out;
  for (const auto& c : core::Categories()) out.emplace_back(c.key);
  return out;
}

}  // namespace

FiguresServiceImpl::FiguresServiceImpl(store::MembershipStore* membership, store::Store* store,
                                       const core::PortDirectory* ports,
                                       std::vector<core::PortGroup> groups, const Clock* clock)
    : membership_(membership),
      store_(store),
      ports_(ports),
      groups_(std::move(groups)),
      clock_(clock) {}

const core::PortGroup* FiguresServiceImpl::GroupOf(const std::string& port_code) const {
  for (const auto& g : groups_) {
    if (g.code == port_code) return &g;
  }
  return nullptr;
}

Result<std::vector<TallyRow>> FiguresServiceImpl::PublishedTallies(const std::string& today) {
  auto rows = membership_->ListTallies();
  if (!rows.ok()) return rows.error();
  std::vector<TallyRow> out;
  for (auto& r : *rows) {
    if (core::MonthPublished(r.month, today)) out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> FiguresServiceImpl::MonthsToShow(const std::vector<TallyRow>& rows,
                                                          const std::string& today) const {
  std::string first;
  for (const auto& r : rows) {
    if (first.empty() || r.month < first) first = r.month;
  }
  std::vector<std::string> months;
  if (first.empty()) return months;
  for (std::string m = first; core::MonthPublished(m, today);
       m = core::AddMonths(m + "-01", 1).substr(0, 7)) {
    months.push_back(m);
  }
  if (months.size() > static_cast<size_t>(kMonthsShown)) {
    months.erase(months.begin(), months.end() - kMonthsShown);
  }
  return months;
}

Result<std::vector<core::FigureTable>> FiguresServiceImpl::National() {
  const std::string today = clock_->Today();
  auto rows = PublishedTallies(today);
  if (!rows.ok()) return rows.error();
  auto facilities = membership_->ListFacilities();
  if (!facilities.ok()) return facilities.error();
  std::map<std::string, std::string> facility_operator;
  for (const auto& f : *facilities) facility_operator[f.code] = f.operator_group;

  std::vector<core::FigureTable> out;
  const auto months = MonthsToShow(*rows, today);
  out.push_back(core::PublishTable(
      "reports-by-month", "Reports by month", Dimension::kMonth,
      CellsFor(months, SumBy(*rows, "reports", [](const TallyRow& r) { return r.month; }))));

  // Freeports and operator groups: every one the directory knows, so that a
  // row's presence says nothing.
  std::set<std::string> freeports, operators;
  for (const auto& g : groups_) {
    if (!g.freeport.empty()) freeports.insert(g.freeport);
    if (!g.operator_group.empty()) operators.insert(g.operator_group);
  }
  for (const auto& f : *facilities) {
    if (!f.operator_group.empty()) operators.insert(f.operator_group);
  }
  // Each table adds up to all reports (a row for the rest), so that the
  // rules see every cell a difference between two tables could reveal.
  auto by_freeport = SumBy(*rows, "reports", [this](const TallyRow& r) {
    const auto* g = GroupOf(r.port_code);
    return g && !g->freeport.empty() ? g->freeport : std::string("none");
  });
  auto freeport_cells = CellsFor(freeports, by_freeport);
  freeport_cells.push_back({"none", "Not in a freeport", by_freeport["none"]});
  out.push_back(core::PublishTable("reports-by-freeport", "Reports by freeport",
                                   Dimension::kFreeport, std::move(freeport_cells)));
  auto by_operator = SumBy(*rows, "reports", [&](const TallyRow& r) {
    auto it = facility_operator.find(r.facility_code);
    if (it != facility_operator.end() && !it->second.empty()) return it->second;
    const auto* g = GroupOf(r.port_code);
    return g && !g->operator_group.empty() ? g->operator_group : std::string("other");
  });
  auto operator_cells = CellsFor(operators, by_operator);
  operator_cells.push_back({"other", "Other operators", by_operator["other"]});
  out.push_back(core::PublishTable("reports-by-operator", "Reports by port operator",
                                   Dimension::kOperator, std::move(operator_cells)));

  // Ports: every major port has a row; any other port only once it has
  // kMinCount reports, else it is counted under "other ports", so that the
  // list does not reveal a port with a handful of reports.
  auto by_port = SumBy(*rows, "reports", [](const TallyRow& r) { return r.port_code; });
  std::vector<RawCell> port_cells;
  std::set<std::string> listed;
  for (const auto& g : groups_) {
    auto it = by_port.find(g.code);
    port_cells.push_back({g.code, "", it == by_port.end() ? 0 : it->second});
    listed.insert(g.code);
  }
  std::int64_t other = 0;
  for (const auto& [code, count] : by_port) {
    if (listed.count(code)) continue;
    if (count >= core::kMinCount) {
      port_cells.push_back({code, "", count});
    } else {
      other += count;
    }
  }
  for (auto& c : port_cells) {
    const core::Port* p = ports_ ? ports_->Find(c.key) : nullptr;
    c.label = p ? core::PortLabel(*p) : c.key;
  }
  port_cells.push_back({"other", "Other ports", other});
  out.push_back(
      core::PublishTable("reports-by-port", "Reports by port", Dimension::kPort, port_cells));

  out.push_back(core::PublishTable(
      "reports-by-category", "Reports by category", Dimension::kCategory,
      CellsFor(CategoryKeys(), SumBy(*rows, "reports", [](const TallyRow& r) { return r.key; }))));
  out.push_back(core::PublishTable(
      "outcomes-by-kind", "Outcomes reported by agencies", Dimension::kOutcome,
      CellsFor(core::kOutcomes,
               SumBy(*rows, "outcomes", [](const TallyRow& r) { return r.key; }))));
  return out;
}

Result<std::vector<core::FigureTable>> FiguresServiceImpl::ForFacility(const StaffSession& s,
                                                                       const std::string& code) {
  if (auto f = FacilityForSession(store_, s, code); !f.ok()) return f.error();
  const std::string today = clock_->Today();
  auto all = PublishedTallies(today);
  if (!all.ok()) return all.error();
  std::vector<TallyRow> rows;
  for (auto& r : *all) {
    if (r.facility_code == code) rows.push_back(std::move(r));
  }
  auto by_key = [](const TallyRow& r) { return r.key; };
  std::vector<core::FigureTable> out;
  out.push_back(core::PublishTable(
      "reports-by-month", "Reports by month", Dimension::kMonth,
      CellsFor(MonthsToShow(rows, today),
               SumBy(rows, "reports", [](const TallyRow& r) { return r.month; }))));
  out.push_back(core::PublishTable("reports-by-category", "Reports by category",
                                   Dimension::kCategory,
                                   CellsFor(CategoryKeys(), SumBy(rows, "reports", by_key))));
  out.push_back(core::PublishTable("reports-by-insider-type", "Reports by insider type",
                                   Dimension::kInsiderType,
                                   CellsFor(core::kInsiderTypes, SumBy(rows, "insider", by_key))));
  out.push_back(core::PublishTable(
      "disseminations-by-agency", "Intelligence passed on, by kind of agency",
      Dimension::kAgencyKind, CellsFor(core::kAgencyKinds, SumBy(rows, "disseminations", by_key))));
  out.push_back(core::PublishTable("outcomes-by-kind", "Outcomes reported by agencies",
                                   Dimension::kOutcome,
                                   CellsFor(core::kOutcomes, SumBy(rows, "outcomes", by_key))));
  return out;
}

}  // namespace portsafe::service
