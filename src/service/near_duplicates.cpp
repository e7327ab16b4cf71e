#include "service/near_duplicates.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace portsafe::service {

using G = OpenLinkGraph;  // its id and date helpers

void NearDuplicates::Set(const std::string& id, const std::optional<intel::TextSketch>& sketch,
                         const QueueKey& key) {
  Id self;
  if (!G::ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  const auto version = static_cast<std::uint32_t>(key.version);
  if (auto it = live_.find(self); it != live_.end()) {
    const Slot& old = slots_[it->second];
    if (version < old.version) return;
    // Unchanged: keep its place (and its group).
    if (key.open && sketch && old.sketch == *sketch) {
      slots_[it->second].day = G::DayOf(key.received_on);
      slots_[it->second].version = version;
      return;
    }
    Kill(it->second);
  }
  if (key.open && sketch) Insert(self, *sketch, G::DayOf(key.received_on), version);
  CompactIfSparse();
}

void NearDuplicates::SetKey(const std::string& id, const QueueKey& key) {
  Id self;
  if (!G::ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  auto it = live_.find(self);
  if (it == live_.end()) return;
  Slot& s = slots_[it->second];
  if (static_cast<std::uint32_t>(key.version) < s.version) return;
  s.version = static_cast<std::uint32_t>(key.version);
  s.day = G::DayOf(key.received_on);
  if (!key.open) {
    Kill(it->second);
    CompactIfSparse();
  }
}

void NearDuplicates::Remove(const std::string& id) {
  Id self;
  if (!G::ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  auto it = live_.find(self);
  if (it == live_.end()) return;
  Kill(it->second);
  CompactIfSparse();
}

void NearDuplicates::Clear() {
  std::lock_guard lock(mu_);
  slots_.clear();
  live_.clear();
  bands_.clear();
  dead_ = 0;
}

size_t NearDuplicates::size() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

void NearDuplicates::Insert(const Id& id, const intel::TextSketch& sketch, std::uint32_t day,
                            std::uint32_t version) {
  const auto s = static_cast<std::uint32_t>(slots_.size());
  slots_.push_back({sketch, id, day, version, s, true});
  live_[id] = s;
  for (size_t b = 0; b < intel::TextSketch::kBands; ++b) {
    auto [it, first] = bands_.try_emplace(static_cast<std::uint32_t>(sketch.BandKey(b)), s);
    if (first) continue;
    // Joined to the first report with this band when the two are alike
    // beyond the band itself (one band in common can be chance).
    const std::uint32_t head = it->second;
    if (slots_[head].sketch.Similarity(sketch) < kMinSimilarity) continue;
    const std::uint32_t a = Find(head), c = Find(s);
    if (a != c) slots_[c].parent = a;
  }
}

void NearDuplicates::Kill(std::uint32_t s) {
  // The slot stays (it may join reports that arrive later to its group)
  // until CompactIfSparse drops it.
  live_.erase(slots_[s].id);
  slots_[s].live = false;
  ++dead_;
}

std::uint32_t NearDuplicates::Find(std::uint32_t s) {
  std::uint32_t root = s;
  while (slots_[root].parent != root) root = slots_[root].parent;
  while (slots_[s].parent != root) {
    const std::uint32_t next = slots_[s].parent;
    slots_[s].parent = root;
    s = next;
  }
  return root;
}

void NearDuplicates::CompactIfSparse() {
  if (dead_ < 1024 || dead_ < slots_.size() / 2) return;
  // Groups are made again from the open reports alone, oldest first, as
  // they would be had the closed ones never come.
  std::vector<Slot> old;
  old.swap(slots_);
  live_.clear();
  bands_.clear();
  dead_ = 0;
  std::stable_sort(old.begin(), old.end(),
                   [](const Slot& a, const Slot& b) { return a.day < b.day; });
  for (const Slot& s : old) {
    if (s.live) Insert(s.id, s.sketch, s.day, s.version);
  }
}

std::vector<NearDuplicateGroup> NearDuplicates::Groups(size_t limit) {
  std::lock_guard lock(mu_);
  struct Acc {
    std::int64_t n = 0;
    std::uint32_t first = UINT32_MAX, last = 0;
    std::uint32_t oldest = 0;  // slot
    std::vector<std::uint32_t> newest;
  };
  auto newer = [this](std::uint32_t a, std::uint32_t b) {
    return std::tie(slots_[a].day, slots_[a].id) > std::tie(slots_[b].day, slots_[b].id);
  };
  boost::unordered_flat_map<std::uint32_t, Acc> by_root;
  for (std::uint32_t s = 0; s < slots_.size(); ++s) {
    if (!slots_[s].live) continue;
    Acc& a = by_root[Find(s)];
    const Slot& slot = slots_[s];
    if (a.n == 0 ||
        std::tie(slot.day, slot.id) < std::tie(slots_[a.oldest].day, slots_[a.oldest].id)) {
      a.oldest = s;
    }
    ++a.n;
    a.first = std::min(a.first, slot.day);
    a.last = std::max(a.last, slot.day);
    // The newest kSample, kept sorted newest first.
    auto at = std::lower_bound(a.newest.begin(), a.newest.end(), s, newer);
    if (static_cast<size_t>(at - a.newest.begin()) < kSample) {
      a.newest.insert(at, s);
      if (a.newest.size() > kSample) a.newest.pop_back();
    }
  }
  std::vector<const Acc*> groups;
  for (const auto& [root, a] : by_root) {
    if (a.n >= 2) groups.push_back(&a);
  }
  std::sort(groups.begin(), groups.end(), [this](const Acc* x, const Acc* y) {
    if (x->n != y->n) return x->n > y->n;
    if (x->last != y->last) return x->last > y->last;
    return slots_[x->oldest].id < slots_[y->oldest].id;
  });
  if (groups.size() > limit) groups.resize(limit);
  std::vector<NearDuplicateGroup> out;
  for (const Acc* a : groups) {
    NearDuplicateGroup g;
    g.id = G::IdText(slots_[a->oldest].id);
    g.reports = a->n;
    g.first_received_on = G::DayText(a->first);
    g.last_received_on = G::DayText(a->last);
    for (std::uint32_t s : a->newest) g.newest.push_back(G::IdText(slots_[s].id));
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<std::string> NearDuplicates::Members(const std::string& id, size_t limit,
                                                 std::int64_t* total) {
  *total = 0;
  Id self;
  if (!G::ParseId(id, &self)) return {};
  std::lock_guard lock(mu_);
  auto it = live_.find(self);
  if (it == live_.end()) return {};
  const std::uint32_t root = Find(it->second);
  std::vector<std::uint32_t> members;
  for (std::uint32_t s = 0; s < slots_.size(); ++s) {
    if (slots_[s].live && Find(s) == root) members.push_back(s);
  }
  if (members.size() < 2) return {};
  *total = static_cast<std::int64_t>(members.size());
  std::sort(members.begin(), members.end(), [this](std::uint32_t a, std::uint32_t b) {
    return std::tie(slots_[a].day, slots_[a].id) < std::tie(slots_[b].day, slots_[b].id);
  });
  if (members.size() > limit) members.resize(limit);
  std::vector<std::string> out;
  for (std::uint32_t s : members) out.push_back(G::IdText(slots_[s].id));
  return out;
}

}  // namespace portsafe::service
