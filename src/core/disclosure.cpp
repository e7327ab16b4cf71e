#include "core/disclosure.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>
#include <set>

#include "core/figures.h"

namespace portsafe::core {
namespace {

constexpr double kEpsilon = 1e-6;

// GLPK's environment is global to the process.
std::mutex& GlpkMutex() {
  static std::mutex m;
  return m;
}

// One side of a cell's range: the bound (nullopt when there is none), the
// shown cells the bound rests on and the cells whose "fewer than 5" it rests
// on (their rows' duals are not zero).
struct Side {
  std::optional<double> bound;
  std::vector<int> resting_on;
  std::vector<int> resting_on_labels;
};

// The adversary's linear programme: a column per atom (0 or more), a row per
// cell bounded as its disclosure says, a row per AtomBound. Owns the GLPK
// problem. Callers hold GlpkMutex.
class AdversaryLp {
 public:
  AdversaryLp(const LinkedCounts& counts, const std::vector<Disclosure>& disclosure)
      : counts_(counts), disclosure_(disclosure), lp_(glp_create_prob()) {
    glp_term_out(GLP_OFF);
    if (counts.atoms > 0) glp_add_cols(lp_, counts.atoms);
    for (int a = 1; a <= counts.atoms; ++a) glp_set_col_bnds(lp_, a, GLP_LO, 0.0, 0.0);
    const int rows = static_cast<int>(counts.cells.size() + counts.bounds.size());
    if (rows > 0) glp_add_rows(lp_, rows);
    std::vector<int> index(1);
    std::vector<double> value(1);
    auto set_row = [&](int row) {
      glp_set_mat_row(lp_, row, static_cast<int>(index.size()) - 1, index.data(), value.data());
      index.resize(1);
      value.resize(1);
    };
    for (size_t i = 0; i < counts.cells.size(); ++i) {
      for (int a : counts.cells[i].atoms) {
        index.push_back(a + 1);
        value.push_back(1.0);
      }
      set_row(static_cast<int>(i) + 1);
      SetBounds(static_cast<int>(i));
    }
    for (size_t b = 0; b < counts.bounds.size(); ++b) {
      for (int a : counts.bounds[b].part) {
        index.push_back(a + 1);
        value.push_back(1.0);
      }
      for (int a : counts.bounds[b].whole) {
        index.push_back(a + 1);
        value.push_back(-1.0);
      }
      const int row = static_cast<int>(counts.cells.size() + b) + 1;
      set_row(row);
      glp_set_row_bnds(lp_, row, GLP_UP, 0.0, 0.0);
    }
    glp_std_basis(lp_);
  }
  ~AdversaryLp() { glp_delete_prob(lp_); }
  AdversaryLp(const AdversaryLp&) = delete;
  AdversaryLp& operator=(const AdversaryLp&) = delete;

  void Hide(int cell, Disclosure d) {
    disclosure_[cell] = d;
    SetBounds(cell);
  }

  // Whether some counts satisfy every row (a relabelling read as "5 or
  // more" may leave none).
  bool Feasible() {
    for (int a : objective_) glp_set_obj_coef(lp_, a + 1, 0.0);
    objective_.clear();
    return Simplex() && glp_get_status(lp_) == GLP_OPT;
  }

  Side Solve(int cell, bool maximise) {
    for (int a : objective_) glp_set_obj_coef(lp_, a + 1, 0.0);
    objective_ = counts_.cells[cell].atoms;
    for (int a : objective_) glp_set_obj_coef(lp_, a + 1, 1.0);
    glp_set_obj_dir(lp_, maximise ? GLP_MAX : GLP_MIN);
    if (!Simplex()) return Side{0.0, {}};
    Side side;
    const int status = glp_get_status(lp_);
    if (status == GLP_UNBND) return side;
    // Infeasible cannot happen with true counts; answer a range of one
    // value so that the caller hides more rather than trusts it.
    if (status != GLP_OPT) return Side{0.0, {}};
    side.bound = glp_get_obj_val(lp_);
    for (size_t i = 0; i < counts_.cells.size(); ++i) {
      if (static_cast<int>(i) == cell ||
          std::abs(glp_get_row_dual(lp_, static_cast<int>(i) + 1)) <= kEpsilon) {
        continue;
      }
      if (disclosure_[i] == Disclosure::kShown) side.resting_on.push_back(static_cast<int>(i));
      if (disclosure_[i] == Disclosure::kBelowMinimum) {
        side.resting_on_labels.push_back(static_cast<int>(i));
      }
    }
    return side;
  }

 private:
  // Runs the simplex method from the last basis, and once more from the
  // standard basis if that fails. False when neither run finishes.
  bool Simplex() {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    if (glp_simplex(lp_, &parm) == 0) return true;
    glp_std_basis(lp_);
    return glp_simplex(lp_, &parm) == 0;
  }

  void SetBounds(int cell) {
    const int row = cell + 1;
    switch (disclosure_[cell]) {
      case Disclosure::kShown: {
        const double v = static_cast<double>(counts_.cells[cell].value);
        glp_set_row_bnds(lp_, row, GLP_FX, v, v);
        break;
      }
      case Disclosure::kBelowMinimum:
        glp_set_row_bnds(lp_, row, GLP_DB, 0.0, static_cast<double>(kMinCount - 1));
        break;
      case Disclosure::kProtectsAnother:
        // As a reader who knows the rules would bet: the complements are
        // shown cells, so kMinCount or more. (A count relabelled below is
        // smaller, and the bet is then wrong, never narrower.)
        glp_set_row_bnds(lp_, row, GLP_LO, static_cast<double>(kMinCount), 0.0);
        break;
    }
  }

  const LinkedCounts& counts_;
  std::vector<Disclosure> disclosure_;
  glp_prob* lp_;
  std::vector<int> objective_;
};

CellRange RangeOf(const Side& low, const Side& high) {
  CellRange r;
  r.lo = low.bound ? static_cast<std::int64_t>(std::ceil(*low.bound - kEpsilon)) : 0;
  if (high.bound) r.hi = static_cast<std::int64_t>(std::floor(*high.bound + kEpsilon));
  return r;
}

// The shown cell to hide next when `cell`'s range is too narrow: the
// smallest of those its tight side rests on, else the smallest shown cell
// sharing an atom with it or with a cell that does, else the smallest shown
// cell. -1 when nothing is shown.
int PickComplement(const LinkedCounts& counts, const std::vector<Disclosure>& disclosure, int cell,
                   const std::vector<int>& resting_on) {
  auto smallest = [&](const std::vector<int>& candidates) {
    int pick = -1;
    for (int c : candidates) {
      if (disclosure[c] != Disclosure::kShown) continue;
      if (pick < 0 || counts.cells[c].value < counts.cells[pick].value ||
          (counts.cells[c].value == counts.cells[pick].value && c < pick)) {
        pick = c;
      }
    }
    return pick;
  };
  if (int p = smallest(resting_on); p >= 0) return p;
  auto sharing = [&](const std::set<int>& atoms) {
    std::vector<int> out;
    for (size_t i = 0; i < counts.cells.size(); ++i) {
      for (int a : counts.cells[i].atoms) {
        if (atoms.count(a)) {
          out.push_back(static_cast<int>(i));
          break;
        }
      }
    }
    return out;
  };
  std::set<int> atoms(counts.cells[cell].atoms.begin(), counts.cells[cell].atoms.end());
  auto near = sharing(atoms);
  if (int p = smallest(near); p >= 0) return p;
  for (int n : near) atoms.insert(counts.cells[n].atoms.begin(), counts.cells[n].atoms.end());
  if (int p = smallest(sharing(atoms)); p >= 0) return p;
  std::vector<int> all(counts.cells.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  return smallest(all);
}

// `cell` and every other "fewer than 5" cell whose atoms include all of
// `cell`'s, in order.
std::vector<int> CellsHolding(const LinkedCounts& counts, const std::vector<Disclosure>& disclosure,
                              int cell) {
  const std::vector<int>& need = counts.cells[cell].atoms;
  std::vector<int> out;
  for (size_t i = 0; i < counts.cells.size(); ++i) {
    if (static_cast<int>(i) != cell && disclosure[i] != Disclosure::kBelowMinimum) continue;
    const std::vector<int>& has = counts.cells[i].atoms;
    const bool holds = std::all_of(need.begin(), need.end(), [&](int a) {
      return std::find(has.begin(), has.end(), a) != has.end();
    });
    if (holds) out.push_back(static_cast<int>(i));
  }
  return out;
}

}  // namespace

std::int64_t CellRange::Width() const {
  return hi ? *hi - lo + 1 : std::numeric_limits<std::int64_t>::max();
}

std::vector<Disclosure> ProtectCells(const LinkedCounts& counts) {
  std::vector<Disclosure> d(counts.cells.size(), Disclosure::kShown);
  std::deque<int> to_check;
  for (size_t i = 0; i < counts.cells.size(); ++i) {
    if (counts.cells[i].value < kMinCount) {
      d[i] = Disclosure::kBelowMinimum;
      to_check.push_back(static_cast<int>(i));
    }
  }
  std::lock_guard lock(GlpkMutex());
  AdversaryLp lp(counts, d);
  // Hiding a shown cell (its value, kMinCount or more, becomes "kMinCount or
  // more") only loosens the programme, so a cell found safe stays safe and
  // each is checked until it is, once. A relabelling changes a bound, so
  // every hidden cell is checked again after one.
  while (!to_check.empty()) {
    const int cell = to_check.front();
    to_check.pop_front();
    // A cell of no atoms is 0 by its definition: there is nothing to hide.
    if (counts.cells[cell].atoms.empty()) continue;
    for (;;) {
      const Side low = lp.Solve(cell, false);
      const Side high = lp.Solve(cell, true);
      const CellRange range = RangeOf(low, high);
      if (range.Width() >= kMinCount) break;
      const std::int64_t natural_lo = d[cell] == Disclosure::kBelowMinimum ? 0 : kMinCount;
      const Side& tight = range.lo > natural_lo ? low : high;
      const Side& other = range.lo > natural_lo ? high : low;
      std::vector<int> resting_on = tight.resting_on;
      if (resting_on.empty()) resting_on = other.resting_on;
      int pick = -1;
      if (!resting_on.empty()) pick = PickComplement(counts, d, cell, resting_on);
      if (pick < 0) {
        // The bound rests on labels alone (an operator of two ports, 4 and
        // 2, hidden as 5 or more: the 2 is then at least 1). Hiding more
        // cannot help; the 4 is labelled as protecting the 2 instead, and
        // read as 5 or more, which is wrong, so proves nothing of the 2.
        std::vector<int> labels = tight.resting_on_labels;
        if (labels.empty()) labels = other.resting_on_labels;
        // A count relabelled as 5 or more takes with it every "fewer than
        // 5" count that holds all its atoms (a twin of the same atoms, a
        // total over it), or the reading would leave no counts at all. Only
        // a relabelling that leaves the reading consistent is kept. Tried
        // in turn: each label the bound rests on, then the narrowed cell
        // itself (read as 5 or more, wrongly).
        auto relabel = [&](const std::vector<int>& group) {
          for (int g : group) lp.Hide(g, Disclosure::kProtectsAnother);
          if (lp.Feasible()) {
            for (int g : group) d[g] = Disclosure::kProtectsAnother;
            return true;
          }
          for (int g : group) lp.Hide(g, d[g]);
          return false;
        };
        std::sort(labels.begin(), labels.end());
        if (d[cell] == Disclosure::kBelowMinimum) labels.push_back(cell);
        bool relabelled = false;
        for (int l : labels) {
          if ((relabelled = relabel(CellsHolding(counts, d, l)))) break;
        }
        if (!relabelled) pick = PickComplement(counts, d, cell, {});
        if (!relabelled && pick < 0) {
          // Nothing is left to hide: every "fewer than 5" is relabelled,
          // which with nothing shown leaves every count 5 or more.
          std::vector<int> all;
          for (size_t i = 0; i < d.size(); ++i) {
            if (d[i] == Disclosure::kBelowMinimum) all.push_back(static_cast<int>(i));
          }
          relabelled = !all.empty() && relabel(all);
        }
        if (relabelled) {
          for (size_t i = 0; i < d.size(); ++i) {
            if (d[i] != Disclosure::kShown) to_check.push_back(static_cast<int>(i));
          }
          continue;
        }
      }
      if (pick < 0) break;  // everything is hidden
      d[pick] = Disclosure::kProtectsAnother;
      lp.Hide(pick, Disclosure::kProtectsAnother);
      to_check.push_back(pick);
    }
  }
  return d;
}

CellRange DeducibleRange(const LinkedCounts& counts, const std::vector<Disclosure>& disclosure,
                         int cell) {
  std::lock_guard lock(GlpkMutex());
  AdversaryLp lp(counts, disclosure);
  return RangeOf(lp.Solve(cell, false), lp.Solve(cell, true));
}

}  // namespace portsafe::core
