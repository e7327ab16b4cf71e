// Groups of near-identical open reports, kept in memory, so that a handler
// faced with a flood of the same text (junk, or one incident sent many
// times) sees it as one group and can close it in one action
// (HandlingService::CloseGroup).
//
// Similarity is worked out on the server from each report's text sketch
// (intel/text_sketch.h), which the link index seals with the report's
// identifiers: LinkServiceImpl, which alone holds the index key, fills this
// as it indexes and loads it whole when a node first holds the key, and
// HandlingServiceImpl tells it when a report closes. Nothing here is ever
// written to disk or logged (the audit log records which reports a
// handler closed together, not which are alike).
//
// Two reports are in one group when a chain of near-identical pairs joins
// them: a report is joined to the first report that had one of its
// sketch's bands, when their sketches agree in at least kMinSimilarity of
// their values (about that share of their wording in common). A report that
// closes leaves its group; the rest stay joined. A group's `as_seen` token
// changes whenever a report joins or leaves it, so that an action on the
// group as a handler saw it can tell that it has changed since.
//
// Memory: about 300 bytes an open report with a sketch; a closed one keeps
// its slot (about 100 bytes) until Compact(), which runs once they are half
// of the slots (docs/performance.md). Changes cost O(1);
// Groups() and Members() look at every open report (about 20 ms a
// million). Thread-safe: every member takes one mutex.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "intel/text_sketch.h"
#include "service/open_link_graph.h"

namespace portsafe::service {

struct NearDuplicateGroup {
  std::string id;       // the group's oldest report, which names it (CloseGroup)
  std::string as_seen;  // changes when a report joins or leaves the group
  std::int64_t reports = 0;
  std::string first_received_on;  // YYYY-MM-DD
  std::string last_received_on;
  std::vector<std::string> newest;  // up to kSample of its reports, newest first
};

class NearDuplicates {
 public:
  static constexpr double kMinSimilarity = 0.75;
  static constexpr size_t kSample = 5;

  // The report's sketch (nullopt: its text has nothing to compare) and
  // where it stands. A closed report, or one without a sketch, is not kept.
  // A key older (by version) than the one kept, or than the one the report
  // closed at, is ignored. Ids that are not 32 hex digits are ignored.
  void Set(const std::string& id, const std::optional<intel::TextSketch>& sketch,
           const QueueKey& key);
  // The report's status changed (closed: it leaves its group, and a key
  // read before the close cannot bring it back).
  void SetKey(const std::string& id, const QueueKey& key);
  void Remove(const std::string& id);  // purged
  void Clear();
  // Drops what closed reports left once they are most of what is kept
  // (O(n log n)); the link worker calls it between its rounds.
  void Compact();
  // Whether every indexed report has been read in since this node first
  // held the key (LinkServiceImpl::LoadGraph); until then a group may lack
  // reports.
  void SetLoaded(bool loaded);
  bool loaded() const;

  // Groups of two or more open reports, the largest first (then the
  // newest), at most `limit`.
  std::vector<NearDuplicateGroup> Groups(size_t limit);
  // The open reports of the group `id` is in, oldest first, at most
  // `limit`; in `total` how many it holds and in `as_seen` its token. Empty
  // when `id` is in no group of two or more.
  std::vector<std::string> Members(const std::string& id, size_t limit, std::int64_t* total,
                                   std::string* as_seen);
  size_t size() const;  // open reports kept

 private:
  using Id = OpenLinkGraph::Id;
  struct Slot {
    intel::TextSketch sketch;
    Id id{};
    std::uint32_t day = 0;  // received_on as YYYYMMDD
    std::uint32_t version = 0;
    std::uint32_t parent = 0;  // union-find
    std::uint32_t open = 0;    // at a root: the open reports of its group
    bool live = true;
  };
  // What a group adds up to: its size and the mix of its ids.
  struct Tally {
    std::int64_t n = 0;
    std::uint64_t mix = 0;
  };

  void Insert(const Id& id, const intel::TextSketch& sketch, std::uint32_t day,
              std::uint32_t version);
  // The report leaves its group; a closed one is remembered at `closed_at`.
  void Kill(std::uint32_t s, std::optional<std::uint32_t> closed_at);
  std::uint32_t Find(std::uint32_t s);
  static std::uint32_t VersionOf(const QueueKey& key);
  static std::string Token(const Tally& t);

  mutable std::mutex mu_;
  std::vector<Slot> slots_;
  // Open-addressing tables (Boost's flat maps: no node per entry).
  boost::unordered_flat_map<Id, std::uint32_t, OpenLinkGraph::IdHash> live_;  // report -> slot
  // A band's key, cut to 32 bits, -> the first slot with it. A chance match
  // of two keys is then compared whole, as every candidate is; at a million
  // reports one band in a hundred is taken so, and the other seven still
  // find the report's group.
  boost::unordered_flat_map<std::uint32_t, std::uint32_t> bands_;
  // Reports closed since the last Compact(), at the version they closed.
  boost::unordered_flat_map<Id, std::uint32_t, OpenLinkGraph::IdHash> closed_;
  size_t dead_ = 0;
  bool loaded_ = false;
};

}  // namespace portsafe::service
