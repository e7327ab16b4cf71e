// The figures attacked as a reader of them would attack them: a port
// security manager, or anyone, who takes every number published over
// several months (the frozen months and the tables over months as they stood
// on each publication day) and solves them as integer linear constraints
// with GLPK. Every count the figures hide must keep at least 5 possible
// values. The model here is written from what the tables say they count,
// apart from the publisher's code, and is checked against the true counts.
#include <glpk.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "common/clock.h"
#include "core/category.h"
#include "core/handling.h"
#include "core/routing.h"
#include "service/facilities.h"
#include "service/figures_service_impl.h"
#include "store/sql_helpers.h"
#include "store/sql_store.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {

using core::CellState;
using core::FigureTable;

struct FacilityDef {
  const char* code;
  const char* port;
  const char* operator_group;
};
// Many small places under one freeport (Freeport East: Felixstowe and
// Harwich) and one operator (Hutchison Ports), and two in the Thames.
constexpr FacilityDef kFacilities[] = {{"GBFXT-TRINITY", "GBFXT", ""},
                                       {"GBFXT-LANDGUARD", "GBFXT", ""},
                                       {"GBHRW-NAVYARD", "GBHRW", ""},
                                       {"GBTIL-RIVERSIDE", "GBTIL", ""},
                                       {"GBLGP-BERTH", "GBLGP", "DP World"}};
constexpr const char* kMonths[] = {"2026-05", "2026-06", "2026-07", "2026-08"};

template <typename Keys>
std::vector<std::string> KeysOf(const Keys& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.emplace_back(k);
  return out;
}

// The attacker's integer programme: a column per unknown count (reports of
// one category at one place in one month, ...), 0 or more.
class Attack {
 public:
  Attack() : lp_(glp_create_prob()) { glp_term_out(GLP_OFF); }
  ~Attack() { glp_delete_prob(lp_); }

  int Column(const std::string& name) {
    auto [it, added] = columns_.emplace(name, 0);
    if (added) {
      it->second = glp_add_cols(lp_, 1);
      glp_set_col_bnds(lp_, it->second, GLP_LO, 0.0, 0.0);
      glp_set_col_kind(lp_, it->second, GLP_IV);
      truth_.push_back(0);
    }
    return it->second;
  }
  void SetTruth(const std::string& name, std::int64_t n) { truth_[Column(name) - 1] += n; }
  std::int64_t Truth(const std::vector<int>& cols) const {
    std::int64_t sum = 0;
    for (int c : cols) sum += truth_[c - 1];
    return sum;
  }

  // sum(cols) - sum(minus) within [lo, hi] (hi < 0: no upper bound).
  // `truth`: whether the true counts must satisfy it (a bet may be wrong).
  void Row(const std::vector<int>& cols, double lo, double hi, const std::vector<int>& minus = {},
           bool truth = true) {
    const int row = glp_add_rows(lp_, 1);
    std::vector<int> index{0};
    std::vector<double> value{0};
    for (int c : cols) index.push_back(c), value.push_back(1);
    for (int c : minus) index.push_back(c), value.push_back(-1);
    glp_set_mat_row(lp_, row, static_cast<int>(index.size()) - 1, index.data(), value.data());
    if (hi < 0) {
      glp_set_row_bnds(lp_, row, GLP_LO, lo, 0);
    } else if (lo == hi) {
      glp_set_row_bnds(lp_, row, GLP_FX, lo, lo);
    } else {
      glp_set_row_bnds(lp_, row, GLP_DB, lo, hi);
    }
    // The truth must satisfy everything the attacker reads, or the model
    // (or the figures) is wrong.
    const double t = static_cast<double>(Truth(cols) - Truth(minus));
    if (!truth && !(t >= lo && (hi < 0 || t <= hi))) ++wrong_bets_;
    EXPECT_TRUE(!truth || (t >= lo && (hi < 0 || t <= hi)))
        << "the true count " << t << " breaks a published bound [" << lo << ", " << hi << "]";
    ++rows_;
  }
  // What a cell's published state tells.
  void Published(const std::vector<int>& cols, CellState state, std::int64_t count) {
    switch (state) {
      case CellState::kShown:
        Row(cols, static_cast<double>(count), static_cast<double>(count));
        break;
      case CellState::kBelowMinimum:
        Row(cols, 0, 4);
        break;
      case CellState::kProtectsAnother:
        // The bet of a reader who knows the rules: complements are shown
        // cells, so 5 or more. (Wrong for a relabelled small count.)
        Row(cols, 5, -1, {}, false);
        break;
      case CellState::kAtLeast:
        Row(cols, static_cast<double>(count), -1);
        break;
      case CellState::kBelowMinimumEachMonth:
        break;  // the caller bounds each month
    }
  }

  // The whole numbers sum(cols) may take: lo and hi (hi < 0: unbounded).
  std::pair<double, double> Range(const std::vector<int>& cols) {
    return {Solve(cols, false), Solve(cols, true)};
  }
  int rows() const { return rows_; }
  // How many "5 or more" bets the true counts break.
  int wrong_bets() const { return wrong_bets_; }
  // How many solves needed branch and bound.
  int branched() const { return branched_; }

 private:
  double Solve(const std::vector<int>& cols, bool maximise) {
    for (int c : objective_) glp_set_obj_coef(lp_, c, 0);
    objective_ = cols;
    for (int c : cols) glp_set_obj_coef(lp_, c, 1);
    glp_set_obj_dir(lp_, maximise ? GLP_MAX : GLP_MIN);
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    // From the last basis: each solve starts where the previous one ended.
    EXPECT_EQ(glp_simplex(lp_, &sm), 0);
    if (glp_get_status(lp_) == GLP_UNBND) return -1;
    EXPECT_EQ(glp_get_status(lp_), GLP_OPT);
    // A whole-number optimum of the relaxation is the integer optimum; only
    // a fractional one needs branch and bound.
    bool whole = true;
    for (int c = 1; c <= glp_get_num_cols(lp_) && whole; ++c) {
      const double v = glp_get_col_prim(lp_, c);
      whole = std::abs(v - std::round(v)) < 1e-9;
    }
    if (whole) return std::round(glp_get_obj_val(lp_));
    ++branched_;
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    EXPECT_EQ(glp_intopt(lp_, &io), 0);
    EXPECT_EQ(glp_mip_status(lp_), GLP_OPT);
    return std::round(glp_mip_obj_val(lp_));
  }

  glp_prob* lp_;
  std::vector<int> objective_;
  int branched_ = 0;
  int wrong_bets_ = 0;
  std::map<std::string, int> columns_;
  std::vector<std::int64_t> truth_;
  int rows_ = 0;
};

class FiguresAttackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::SqlStore::OpenSqlite(dir_.path() + "/portsafe.db");
    ASSERT_TRUE(store.ok()) << store.error().message();
    store_ = std::move(*store);
    // A directory of ten ports, with the small ones of one freeport and one
    // operator in it (the service takes any directory; ten keep the
    // attacker's programme quick to solve).
    auto groups = LoadPortGroups();
    ASSERT_TRUE(groups.ok());
    for (const auto& g : *groups) {
      for (const char* code : {"GBFXT", "GBHRW", "GBTIL", "GBLGP", "GBLON", "GBDVR", "GBSOU",
                               "GBIMM", "GBGOO", "GBTEE"}) {
        if (g.code == code) groups_.push_back(g);
      }
    }
    ASSERT_EQ(groups_.size(), 10u);
    auto ports = LoadSeedPorts();
    ASSERT_TRUE(ports.ok());
    std::vector<store::PortRow> rows;
    for (const auto& p : *ports) rows.push_back({p.code, p.name, p.subdivision, p.status});
    ASSERT_TRUE(store_->reports().PutPorts(rows).ok());
    for (const auto& f : kFacilities) {
      ASSERT_TRUE(
          store_->reports()
              .PutFacility({f.code, f.port, f.code, f.operator_group, "active", "2026-01-05"})
              .ok());
    }
    figures_ = std::make_unique<FiguresServiceImpl>(&store_->membership(), &store_->reports(),
                                                    nullptr, groups_, &clock_);
    admin_.role = core::Role::kAdmin;
  }

  void AddTally(const std::string& metric, const std::string& facility, const std::string& port,
                const std::string& month, const std::string& key, std::int64_t n) {
    if (n == 0) return;
    truth_.push_back({metric, facility, port, month, key, n});
    ASSERT_TRUE(store_->database()
                    .RunSync([&](store::Conn& c) -> Status {
                      auto s = c.Prepare(
                          "INSERT INTO tallies(metric, facility_code, port_code, month, key, "
                          "count) VALUES(?,?,?,?,?,?) ON CONFLICT(metric, facility_code, "
                          "port_code, month, key) DO UPDATE SET count = tallies.count + ?");
                      if (!s.ok()) return s.error();
                      store::Stmt st(*s);
                      st.Bind(1, metric).Bind(2, facility).Bind(3, port).Bind(4, month);
                      st.Bind(5, key).Bind(6, n).Bind(7, n);
                      return store::StepDone(c, st);
                    })
                    .ok());
  }

  // Months of counts: a few big cells at the big ports, and many small ones
  // everywhere, above all at the facilities of Freeport East.
  void FillMonths() {
    std::mt19937 rng(20261203);
    auto small = [&rng](int most) { return static_cast<std::int64_t>(rng() % (most + 1)); };
    for (const char* month : kMonths) {
      for (const auto& g : groups_) {
        for (const auto& c : core::Categories()) {
          std::int64_t n = rng() % 4 == 0 ? small(3) : 0;
          if ((g.code == "GBDVR" || g.code == "GBSOU") && c.key == "cargo_theft") n = 5 + small(20);
          if (g.code == "GBFXT" && c.key == "drugs") n = 8 + small(10);
          AddTally("reports", "", g.code, month, std::string(c.key), n);
        }
      }
      for (const auto& f : kFacilities) {
        std::int64_t total = 0;
        for (const auto& c : core::Categories()) {
          std::int64_t n = small(2);
          if (std::string(f.code) == "GBFXT-TRINITY" && c.key == "drugs") n = 6 + small(6);
          total += n;
          AddTally("reports", f.code, f.port, month, std::string(c.key), n);
        }
        for (const auto& t : core::kInsiderTypes) {
          const std::int64_t n = std::min<std::int64_t>(small(2), total);
          total -= n;
          AddTally("insider", f.code, f.port, month, std::string(t), n);
        }
        for (const auto& k : core::kAgencyKinds) {
          AddTally("disseminations", f.code, f.port, month, std::string(k), small(3));
        }
        for (const auto& k : core::kOutcomes) {
          AddTally("outcomes", f.code, f.port, month, std::string(k), small(2));
        }
      }
      for (const auto& k : core::kOutcomes) {
        AddTally("outcomes", "", "GBDVR", month, std::string(k), small(6));
      }
    }
  }

  // Where a facility is, and who runs it, as the public directory says.
  std::string FreeportOf(const std::string& port) const {
    for (const auto& g : groups_) {
      if (g.code == port) return g.freeport.empty() ? "none" : g.freeport;
    }
    return "none";
  }
  std::string OperatorOf(const std::string& port, const std::string& facility) const {
    for (const auto& f : kFacilities) {
      if (facility == f.code && *f.operator_group) return f.operator_group;
    }
    for (const auto& g : groups_) {
      if (g.code == port) return g.operator_group.empty() ? "other" : g.operator_group;
    }
    return "other";
  }

  // Every place a report can be counted at: each port of the directory,
  // each facility, the rest.
  std::vector<std::pair<std::string, std::string>> Places() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& g : groups_) out.emplace_back(g.code, "");
    for (const auto& f : kFacilities) out.emplace_back(f.port, f.code);
    out.emplace_back("other", "");
    return out;
  }
  static std::string Name(const std::string& month, const std::string& port,
                          const std::string& facility, const std::string& what) {
    return month + "|" + port + "|" + facility + "|" + what;
  }

  // The columns a table's row counts in one month: `facility` "" for the
  // national tables.
  std::vector<int> Columns(Attack& a, const std::string& month, const std::string& facility,
                           const std::string& table, const std::string& key) {
    std::vector<int> cols;
    const auto categories = [] {
      std::vector<std::string> c;
      for (const auto& x : core::Categories()) c.emplace_back(x.key);
      return c;
    }();
    auto reports = [&](auto pred) {
      for (const auto& [port, fac] : Places()) {
        if (!facility.empty() && fac != facility) continue;
        for (const auto& c : categories) {
          if (pred(port, fac, c)) cols.push_back(a.Column(Name(month, port, fac, "reports/" + c)));
        }
      }
    };
    if (table == "reports-total" || table == "reports-by-month") {
      reports([](auto&, auto&, auto&) { return true; });
    } else if (table == "reports-by-freeport") {
      reports([&](auto& port, auto&, auto&) { return FreeportOf(port) == key; });
    } else if (table == "reports-by-operator") {
      reports([&](auto& port, auto& fac, auto&) { return OperatorOf(port, fac) == key; });
    } else if (table == "reports-by-port") {
      reports([&](auto& port, auto&, auto&) { return port == key; });
    } else if (table == "approaches-by-port") {
      reports([&](auto& port, auto&, auto& c) { return port == key && c == "approach"; });
    } else if (table == "reports-by-category") {
      reports([&](auto&, auto&, auto& c) { return c == key; });
    } else if (table == "reports-by-insider-type") {
      cols.push_back(a.Column(Name(month, PortOf(facility), facility, "insider/" + key)));
    } else if (table == "lessons-completed") {
      cols.push_back(a.Column(Name(month, "", facility, "lessons/" + key)));
    } else if (table == "disseminations-by-agency") {
      cols.push_back(a.Column(Name(month, "", facility, "disseminations/" + key)));
    } else if (table == "outcomes-by-kind") {
      if (!facility.empty()) {
        cols.push_back(a.Column(Name(month, "", facility, "outcomes/" + key)));
      } else {
        for (const auto& f : kFacilities) {
          cols.push_back(a.Column(Name(month, "", f.code, "outcomes/" + key)));
        }
        cols.push_back(a.Column(Name(month, "", "", "outcomes/" + key)));
      }
    } else {
      ADD_FAILURE() << "a table the attacker does not know: " << table;
    }
    return cols;
  }
  static std::string PortOf(const std::string& facility) {
    for (const auto& f : kFacilities) {
      if (facility == f.code) return f.port;
    }
    return "";
  }

  // The attacker's columns, with the true counts behind them.
  void Model(Attack& a) {
    const auto categories = core::Categories();
    for (const char* month : kMonths) {
      for (const auto& [port, fac] : Places()) {
        for (const auto& c : categories)
          a.Column(Name(month, port, fac, "reports/" + std::string(c.key)));
      }
      for (const auto& f : kFacilities) {
        std::vector<int> insider, reports;
        for (const auto& t : core::kInsiderTypes) {
          insider.push_back(a.Column(Name(month, f.port, f.code, "insider/" + std::string(t))));
        }
        for (const auto& c : categories) {
          reports.push_back(a.Column(Name(month, f.port, f.code, "reports/" + std::string(c.key))));
        }
        insider_bounds_.push_back({insider, reports});
      }
    }
    for (const auto& r : truth_) {
      if (r.metric == "reports" || r.metric == "insider") {
        a.SetTruth(Name(r.month, r.port_code, r.facility_code, r.metric + "/" + r.key), r.count);
      } else {
        a.SetTruth(Name(r.month, "", r.facility_code, r.metric + "/" + r.key), r.count);
      }
    }
    // Everyone knows a facility's insider reports are some of its reports.
    for (const auto& [insider, reports] : insider_bounds_) a.Row(insider, -1e9, 0, reports);
  }

  // Reads a table over months (or a month's table) into the programme.
  void Read(Attack& a, const FigureTable& t, const std::string& facility,
            const std::string& month) {
    for (const auto& r : t.rows) {
      if (t.id == "reports-by-month" || t.id == "reports-total") {
        const std::string m = t.id == "reports-total" ? month : r.key;
        a.Published(Columns(a, m, facility, "reports-total", ""), r.state, r.count);
        continue;
      }
      std::vector<std::string> months;
      if (!month.empty()) {
        months = {month};
      } else {
        for (const char* m : kMonths) {
          if (m >= t.from_month && m <= t.to_month) months.push_back(m);
        }
      }
      std::vector<int> cols;
      for (const auto& m : months) {
        auto c = Columns(a, m, facility, t.id, r.key);
        if (r.state == CellState::kBelowMinimumEachMonth) a.Row(c, 0, 4);
        cols.insert(cols.end(), c.begin(), c.end());
      }
      a.Published(cols, r.state, r.count);
    }
  }

  testing::TempDir dir_;
  ManualClock clock_{ManualClock::NoonOn("2026-06-20")};
  std::unique_ptr<store::SqlStore> store_;
  std::vector<core::PortGroup> groups_;
  std::unique_ptr<FiguresServiceImpl> figures_;
  StaffSession admin_;
  std::vector<store::TallyRow> truth_;
  std::vector<std::pair<std::vector<int>, std::vector<int>>> insider_bounds_;
};

TEST_F(FiguresAttackTest, NoHiddenCountCanBeNarrowedToFewerThanFiveValues) {
  FillMonths();
  Attack a;
  Model(a);
  // The tables over months as they stood on each publication day.
  for (const char* day : {"2026-06-20", "2026-07-20", "2026-08-20", "2026-09-20"}) {
    clock_.SetDate(day);
    auto national = figures_->National();
    ASSERT_TRUE(national.ok());
    for (const auto& t : *national) Read(a, t, "", "");
    for (const auto& f : kFacilities) {
      auto tables = figures_->ForFacility(admin_, f.code);
      ASSERT_TRUE(tables.ok());
      for (const auto& t : *tables) Read(a, t, f.code, "");
    }
  }
  // Every month as published, and the cells to attack: every hidden one.
  struct Target {
    std::string what;
    std::vector<int> cols;
  };
  std::vector<Target> targets;
  int shown = 0;
  for (const char* month : kMonths) {
    auto national = figures_->NationalMonth(month);
    ASSERT_TRUE(national.ok()) << month;
    std::vector<std::pair<std::string, const std::vector<FigureTable>*>> sides = {{"", &*national}};
    std::map<std::string, std::vector<FigureTable>> facility_tables;
    for (const auto& f : kFacilities) {
      auto t = figures_->FacilityMonth(admin_, f.code, month);
      ASSERT_TRUE(t.ok());
      facility_tables[f.code] = std::move(*t);
    }
    for (const auto& [code, tables] : facility_tables) sides.emplace_back(code, &tables);
    for (const auto& [facility, tables] : sides) {
      for (const auto& t : *tables) {
        Read(a, t, facility, month);
        for (const auto& r : t.rows) {
          if (r.shown()) {
            ++shown;
            continue;
          }
          targets.push_back({std::string(month) + " " + facility + " " + t.id + " " + r.key,
                             Columns(a, month, facility, t.id, r.key)});
        }
      }
    }
  }
  ASSERT_GT(targets.size(), 300u) << "the months must hold many small counts";
  ASSERT_GT(shown, 20) << "the rules must still show the big counts";
  for (const auto& t : targets) {
    const auto [lo, hi] = a.Range(t.cols);
    const double width = hi < 0 ? 1e9 : hi - lo + 1;
    EXPECT_GE(width, 5) << t.what << " narrowed to " << lo << " to " << hi << " (truly "
                        << a.Truth(t.cols) << ")";
    if (hi >= 0 && width < 5) continue;
  }
  std::cout << "[ attacker ] " << a.rows() << " published constraints, " << targets.size()
            << " hidden counts attacked, " << shown << " shown, " << a.branched()
            << " solves branched, " << a.wrong_bets() << " bets wrong\n";
}

TEST_F(FiguresAttackTest, TheSameAttackBreaksCountsHiddenOneTableAtATime) {
  // The attacker has teeth: on the same months, hiding only each count
  // below 5 (the rule the figures had) lets it recover hidden counts.
  FillMonths();
  Attack a;
  Model(a);
  clock_.SetDate("2026-09-20");
  int recovered = 0;
  for (const char* month : kMonths) {
    auto national = figures_->NationalMonth(month);
    ASSERT_TRUE(national.ok());
    for (const auto& t : *national) {
      for (const auto& r : t.rows) {
        const auto cols = Columns(a, month, "", t.id, r.key);
        const std::int64_t truth = a.Truth(cols);
        a.Published(cols, truth >= 5 ? CellState::kShown : CellState::kBelowMinimum, truth);
      }
    }
  }
  for (const char* month : kMonths) {
    for (const auto& g : groups_) {
      const auto cols = Columns(a, month, "", "reports-by-port", g.code);
      if (a.Truth(cols) >= 5) continue;
      const auto [lo, hi] = a.Range(cols);
      if (hi >= 0 && hi - lo + 1 < 5) ++recovered;
    }
  }
  EXPECT_GT(recovered, 0);
}

TEST_F(FiguresAttackTest, APublishedMonthIsByteIdenticalAMonthLater) {
  FillMonths();
  clock_.SetDate("2026-09-20");
  ASSERT_TRUE(figures_->National().ok());
  auto before = store_->membership().ListFigureMonths();
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 4u);
  auto national = figures_->NationalMonth("2026-08");
  auto facility = figures_->FacilityMonth(admin_, "GBHRW-NAVYARD", "2026-08");
  ASSERT_TRUE(national.ok() && facility.ok());

  // Late changes to the published month (a report reclassified, an insider
  // type set), a new month of reports, and a month's wait.
  AddTally("reports", "GBHRW-NAVYARD", "GBHRW", "2026-08", "firearms", 3);
  AddTally("insider", "GBHRW-NAVYARD", "GBHRW", "2026-08", "deliberate", 1);
  AddTally("reports", "", "GBDVR", "2026-09", "cargo_theft", 40);
  clock_.SetDate("2026-10-20");
  // A node started afresh reads the month from the store, not its memory.
  FiguresServiceImpl restarted(&store_->membership(), &store_->reports(), nullptr, groups_,
                               &clock_);
  ASSERT_TRUE(restarted.National().ok());
  auto after = store_->membership().ListFigureMonths();
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 5u);
  for (size_t i = 0; i < before->size(); ++i) {
    EXPECT_EQ((*after)[i].month, (*before)[i].month);
    EXPECT_EQ((*after)[i].body, (*before)[i].body) << (*before)[i].month << " changed";
  }
  auto national_later = restarted.NationalMonth("2026-08");
  auto facility_later = restarted.FacilityMonth(admin_, "GBHRW-NAVYARD", "2026-08");
  ASSERT_TRUE(national_later.ok() && facility_later.ok());
  auto same = [](const std::vector<FigureTable>& x, const std::vector<FigureTable>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (x[i].id != y[i].id || x[i].rows.size() != y[i].rows.size()) return false;
      for (size_t j = 0; j < x[i].rows.size(); ++j) {
        const auto &a = x[i].rows[j], &b = y[i].rows[j];
        if (a.key != b.key || a.state != b.state || a.count != b.count) return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(same(*national, *national_later));
  EXPECT_TRUE(same(*facility, *facility_later));
  // The first node, which published August itself, now reads September
  // as the other published it.
  auto september = figures_->NationalMonth("2026-09");
  auto september_there = restarted.NationalMonth("2026-09");
  ASSERT_TRUE(september.ok() && september_there.ok());
  EXPECT_TRUE(same(*september, *september_there));
}

TEST_F(FiguresAttackTest, AFacilityHasNoTablesForMonthsBeforeItJoined) {
  // Its managers know it had nothing then; its zeros must not be unknowns.
  ASSERT_TRUE(
      store_->reports()
          .PutFacility({"GBDVR-LATE", "GBDVR", "Late", "Port of Dover", "active", "2026-07-10"})
          .ok());
  FillMonths();
  clock_.SetDate("2026-09-20");
  EXPECT_EQ(figures_->FacilityMonth(admin_, "GBDVR-LATE", "2026-06").error().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(figures_->FacilityMonth(admin_, "GBDVR-LATE", "2026-07").ok());
}

TEST_F(FiguresAttackTest, AMonthNotYetDueIsNotFoundAndABadOneIsRefused) {
  FillMonths();
  clock_.SetDate("2026-09-14");  // August is due on the 15th
  EXPECT_TRUE(figures_->NationalMonth("2026-07").ok());
  EXPECT_EQ(figures_->NationalMonth("2026-08").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(figures_->NationalMonth("2026-13").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(figures_->NationalMonth("../x").error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace portsafe::service
