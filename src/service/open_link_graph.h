// What the handlers' queue needs of the link index, kept in memory: which
// reports are strongly linked to which (they share an identifier that is
// not an owner code or a port), and so which open reports are linked to
// another open one. Those are "raised": the queue puts them first within
// their priority (service/handling_service.h).
//
// Why in memory: the database keeps the index blind (docs/security.md), so
// a clear "linked" column is not an option, and working the links out for
// every open report on every read of the queue does not scale (a million
// reports). LinkServiceImpl, which alone holds the index key, fills this
// graph as it indexes and loads it whole when a node first holds the key;
// HandlingServiceImpl tells it when a report's status or priority changes
// and reads it for every page of the queue. Nothing here is ever written to
// disk or logged.
//
// Bounded: a report keeps at most kMaxLinksKept links (a flood of reports
// naming one phone number gives each a handful, not thousands), and only
// reports with a link are kept at all, in about 100 bytes each
// (docs/performance.md). Thread-safe: every member takes one mutex.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/handling.h"

namespace portsafe::service {

// Where a report stands in the queue.
struct QueueKey {
  bool open = true;
  core::Priority priority = core::Priority::kNormal;
  std::string received_on;  // YYYY-MM-DD
  // The handling row's version (store::HandlingRow::version) this key was
  // read at: a key older than the one kept is ignored, so a status read
  // before a change cannot undo it.
  std::int64_t version = 0;
};

class OpenLinkGraph {
 public:
  static constexpr size_t kMaxLinksKept = 6;
  static constexpr size_t kMaxCandidates = 2 * kMaxLinksKept;

  // Replaces the links of `id` by `linked` (the first kMaxCandidates).
  // Links are kept both ways, and only while both reports have fewer than
  // kMaxLinksKept; the open reports of `linked` it keeps no link with are
  // counted for it as they are now (so a report in a large cluster is
  // raised too), and that count changes only at its next SetLinks.
  // `keys` must give the key of `id` and of every report in `linked`; a
  // report without one (purged meanwhile) is left out. Ids that are not 32
  // hex digits are ignored.
  void SetLinks(const std::string& id, const std::vector<std::string>& linked,
                const std::map<std::string, QueueKey>& keys);
  // The report is gone (purged): its links go with it.
  void Remove(const std::string& id);
  // The report's status or priority changed; nothing for a report without
  // links.
  void SetKey(const std::string& id, const QueueKey& key);
  void Clear();

  // How many open reports `id` is linked to; 0 unless it is open itself.
  int OpenLinks(const std::string& id) const;
  // Whether `id` is raised at `priority` (open, at that priority as this
  // graph knows it, and linked to an open report).
  bool Raised(const std::string& id, core::Priority priority) const;
  // The raised reports at `priority` after (`received_on`, `id`) ("", "" from
  // the start), oldest first, then by id: at most `limit`, each as
  // (received_on, id).
  std::vector<std::pair<std::string, std::string>> RaisedAfter(core::Priority priority,
                                                               const std::string& received_on,
                                                               const std::string& id,
                                                               size_t limit) const;
  size_t size() const;
  size_t raised() const;

  // Report ids and dates as both in-memory indexes keep them
  // (NearDuplicates too).
  using Id = std::array<unsigned char, 16>;
  struct IdHash {
    size_t operator()(const Id& id) const;
  };
  static bool ParseId(const std::string& text, Id* out);  // 32 lower-case hex digits
  static std::string IdText(const Id& id);
  static std::uint32_t DayOf(const std::string& received_on);  // 0 for "" or not a date
  static std::string DayText(std::uint32_t day);

 private:
  // About 60 bytes a report, with its entry in slots_ (about 50) and,
  // when raised, in raised_ (about 60).
  struct Node {
    std::array<std::uint32_t, kMaxLinksKept> links{};
    std::uint32_t day = 0;  // received_on as the number YYYYMMDD: the same order
    std::uint32_t version = 0;
    std::uint16_t open_links = 0;
    std::uint8_t count = 0;
    std::uint8_t untracked = 0;  // open reports linked beyond the links kept
    std::uint8_t priority = 0;
    bool open = true;
    Id id{};
  };
  using Rank = std::tuple<int, std::uint32_t, Id>;  // -priority, day, id

  std::uint32_t Slot(const Id& id, const QueueKey& key);  // creates it
  void Link(std::uint32_t a, std::uint32_t b);
  void Unlink(std::uint32_t a, std::uint32_t b);
  void Unrank(std::uint32_t s);
  void Rerank(std::uint32_t s);
  void DropIfAlone(std::uint32_t s);
  void RemoveSlot(std::uint32_t s);
  void SetKeyOf(std::uint32_t s, const QueueKey& key);

  mutable std::mutex mu_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  std::unordered_map<Id, std::uint32_t, IdHash> slots_;
  std::set<Rank> raised_;
};

}  // namespace portsafe::service
