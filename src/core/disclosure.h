// Statistical disclosure control for a set of linked counts: which counts of
// one month's figures may be shown so that no hidden count can be worked out,
// or narrowed to fewer than kMinCount possible values, by adding and
// subtracting shown counts (docs/security.md, "Figures").
//
// The counts are modelled as sums of atoms: the finest counts, which nobody
// sees (reports of one category at one place, say). Every published cell is
// the sum of some atoms, so tables that share atoms are linked: a freeport's
// count is the sum of its ports', a facility's categories add up to its
// total. An adversary who reads every shown cell and every label knows:
//   - each shown cell's value;
//   - each cell labelled "fewer than 5" is 0 to 4;
//   - a cell labelled "not shown, to protect another count" is kMinCount or
//     more: complements are chosen among shown cells, so a reader who knows
//     these rules bets on it. Where a bound rests on "fewer than 5" labels
//     alone, one of those counts is relabelled as protecting instead (with
//     every "fewer than 5" count that holds all its atoms, so that the
//     reading stays consistent); the bet is then wrong about it, and proves
//     nothing of the others;
//   - every atom is 0 or more, and each Bound below holds.
// ProtectCells hides every cell below kMinCount, then keeps hiding shown
// cells (or relabelling hidden ones) until the range of every hidden cell
// under those constraints (solved as a linear programme with GLPK) holds at
// least kMinCount whole numbers.
//
// Pure functions over their arguments. GLPK keeps global state, so calls are
// serialised by a mutex inside; safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace portsafe::core {

// What a reader is told of a cell.
enum class Disclosure {
  kShown,            // the count
  kBelowMinimum,     // "fewer than 5": the count is 0 to kMinCount - 1
  kProtectsAnother,  // "not shown, to protect another count": read as 5 or more
};

struct LinkedCell {
  std::vector<int> atoms;  // indices into LinkedCounts::atoms, each at most once
  std::int64_t value = 0;  // the sum of those atoms
};

// What everyone knows besides the cells: the atoms in `part` add up to no
// more than those in `whole` (insider reports of a place are some of its
// reports).
struct AtomBound {
  std::vector<int> part;
  std::vector<int> whole;
};

struct LinkedCounts {
  int atoms = 0;  // how many atoms there are
  std::vector<LinkedCell> cells;
  std::vector<AtomBound> bounds;
};

// The whole numbers a hidden cell may hold: lo to hi, or lo and more when
// hi is nullopt.
struct CellRange {
  std::int64_t lo = 0;
  std::optional<std::int64_t> hi;
  // How many whole numbers the range holds (INT64_MAX when unbounded).
  std::int64_t Width() const;
};

// The disclosure of each cell of `counts` (same order): every cell below
// kMinCount hidden as kBelowMinimum, and as few others as the greedy repair
// finds hidden as kProtectsAnother (shown cells hidden, or hidden ones whose
// "fewer than 5" alone narrowed another), so that every hidden cell's range
// is at least kMinCount wide. Deterministic: the same counts give the same answer.
// Precondition: every atom index is in [0, counts.atoms).
std::vector<Disclosure> ProtectCells(const LinkedCounts& counts);

// What an adversary can deduce of cell `cell` (by linear programming, so
// the range may be wider than the whole-number one; tests check with integer
// programming) given `disclosure` for every cell.
CellRange DeducibleRange(const LinkedCounts& counts, const std::vector<Disclosure>& disclosure,
                         int cell);

}  // namespace portsafe::core
