#include "service/near_duplicates.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>

namespace portsafe::service {
namespace {

using G = OpenLinkGraph;  // its id and date helpers

// SplitMix64's finaliser, over an id's two halves: a group's token is the
// XOR of its members' mixes (and its size), the same in whatever order
// they are added up.
std::uint64_t MixId(const G::Id& id) {
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, id.data(), sizeof a);
  std::memcpy(&b, id.data() + 8, sizeof b);
  std::uint64_t x = a ^ (b * 0x9E3779B97F4A7C15ull);
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::uint32_t NearDuplicates::VersionOf(const QueueKey& key) {
  return static_cast<std::uint32_t>(
      std::clamp<std::int64_t>(key.version, 0, std::numeric_limits<std::uint32_t>::max()));
}

std::string NearDuplicates::Token(const Tally& t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%016llx", static_cast<long long>(t.n),
                static_cast<unsigned long long>(t.mix));
  return buf;
}

void NearDuplicates::Set(const std::string& id, const std::optional<intel::TextSketch>& sketch,
                         const QueueKey& key) {
  Id self;
  if (!G::ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  const std::uint32_t version = VersionOf(key);
  if (auto c = closed_.find(self); c != closed_.end()) {
    if (version < c->second) return;  // read before it closed
    if (!key.open) {
      c->second = version;  // closed still, at a newer version
    } else {
      closed_.erase(c);  // reopened since
    }
  }
  if (auto it = live_.find(self); it != live_.end()) {
    Slot& old = slots_[it->second];
    if (version < old.version) return;
    // Unchanged: keep its place (and its group).
    if (key.open && sketch && old.sketch == *sketch) {
      old.day = G::DayOf(key.received_on);
      old.version = version;
      return;
    }
    Kill(it->second, key.open ? std::nullopt : std::optional(version));
  }
  if (key.open && sketch) Insert(self, *sketch, G::DayOf(key.received_on), version);
}

void NearDuplicates::SetKey(const std::string& id, const QueueKey& key) {
  Id self;
  if (!G::ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  const std::uint32_t version = VersionOf(key);
  auto it = live_.find(self);
  if (it == live_.end()) {
    // Not kept (closed, no sketch, or not indexed yet): remember a close, so
    // that an older read of it as open cannot bring it back.
    if (!key.open) {
      auto [c, first] = closed_.try_emplace(self, version);
      if (!first) c->second = std::max(c->second, version);
    }
    return;
  }
  Slot& s = slots_[it->second];
  if (version < s.version) return;
  s.version = version;
  s.day = G::DayOf(key.received_on);
  if (!key.open) Kill(it->second, version);
}

void NearDuplicates::Remove(const std::string& id) {
  Id self;
  if (!G::ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  closed_.erase(self);
  auto it = live_.find(self);
  if (it != live_.end()) Kill(it->second, std::nullopt);
}

void NearDuplicates::Clear() {
  std::lock_guard lock(mu_);
  slots_.clear();
  live_.clear();
  bands_.clear();
  closed_.clear();
  dead_ = 0;
  loaded_ = false;
}

void NearDuplicates::SetLoaded(bool loaded) {
  std::lock_guard lock(mu_);
  loaded_ = loaded;
}

bool NearDuplicates::loaded() const {
  std::lock_guard lock(mu_);
  return loaded_;
}

size_t NearDuplicates::size() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

void NearDuplicates::Insert(const Id& id, const intel::TextSketch& sketch, std::uint32_t day,
                            std::uint32_t version) {
  const auto s = static_cast<std::uint32_t>(slots_.size());
  slots_.push_back({sketch, id, day, version, s, 1, true});
  live_[id] = s;
  for (size_t b = 0; b < intel::TextSketch::kBands; ++b) {
    auto [it, first] = bands_.try_emplace(static_cast<std::uint32_t>(sketch.BandKey(b)), s);
    if (first) continue;
    // Joined to the first report with this band when the two are alike
    // beyond the band itself (one band in common can be chance).
    const std::uint32_t head = it->second;
    if (slots_[head].sketch.Similarity(sketch) < kMinSimilarity) continue;
    const std::uint32_t a = Find(head), c = Find(s);
    if (a == c) continue;
    slots_[c].parent = a;
    slots_[a].open += slots_[c].open;
  }
}

void NearDuplicates::Kill(std::uint32_t s, std::optional<std::uint32_t> closed_at) {
  // The slot stays (it may join reports that arrive later to its group)
  // until Compact drops it.
  live_.erase(slots_[s].id);
  if (closed_at) closed_[slots_[s].id] = *closed_at;
  slots_[s].live = false;
  --slots_[Find(s)].open;
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

void NearDuplicates::Compact() {
  std::lock_guard lock(mu_);
  // When the slots of closed reports are half of them, or the closed
  // reports remembered outnumber the open ones.
  const bool sparse = dead_ >= 1024 && dead_ >= slots_.size() / 2;
  const bool remembered = closed_.size() >= 65536 && closed_.size() >= live_.size();
  if (!sparse && !remembered) return;
  // Groups are made again from the open reports alone, oldest first, as
  // they would be had the closed ones never come. The closed reports'
  // versions go too: a read older than the compaction is long finished.
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.reserve(live_.size());
  live_.clear();
  bands_.clear();
  closed_.clear();
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
    Tally tally;
    std::uint32_t first = UINT32_MAX, last = 0;
    std::uint32_t oldest = 0;  // slot
    std::vector<std::uint32_t> newest;
  };
  auto key = [this](std::uint32_t s) { return std::tie(slots_[s].day, slots_[s].id); };
  boost::unordered_flat_map<std::uint32_t, Acc> by_root;
  for (std::uint32_t s = 0; s < slots_.size(); ++s) {
    if (!slots_[s].live) continue;
    const std::uint32_t root = Find(s);
    if (slots_[root].open < 2) continue;  // alone: no group (the most of them)
    Acc& a = by_root[root];
    const Slot& slot = slots_[s];
    if (a.tally.n == 0 || key(s) < key(a.oldest)) a.oldest = s;
    ++a.tally.n;
    a.tally.mix ^= MixId(slot.id);
    a.first = std::min(a.first, slot.day);
    a.last = std::max(a.last, slot.day);
    // The newest kSample, kept sorted newest first.
    auto at = std::lower_bound(a.newest.begin(), a.newest.end(), s,
                               [&](std::uint32_t x, std::uint32_t y) { return key(x) > key(y); });
    if (static_cast<size_t>(at - a.newest.begin()) < kSample) {
      a.newest.insert(at, s);
      if (a.newest.size() > kSample) a.newest.pop_back();
    }
  }
  std::vector<const Acc*> groups;
  for (const auto& [root, a] : by_root) groups.push_back(&a);
  std::sort(groups.begin(), groups.end(), [this](const Acc* x, const Acc* y) {
    if (x->tally.n != y->tally.n) return x->tally.n > y->tally.n;
    if (x->last != y->last) return x->last > y->last;
    return slots_[x->oldest].id < slots_[y->oldest].id;
  });
  if (groups.size() > limit) groups.resize(limit);
  std::vector<NearDuplicateGroup> out;
  for (const Acc* a : groups) {
    NearDuplicateGroup g;
    g.id = G::IdText(slots_[a->oldest].id);
    g.as_seen = Token(a->tally);
    g.reports = a->tally.n;
    g.first_received_on = G::DayText(a->first);
    g.last_received_on = G::DayText(a->last);
    for (std::uint32_t s : a->newest) g.newest.push_back(G::IdText(slots_[s].id));
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<std::string> NearDuplicates::Members(const std::string& id, size_t limit,
                                                 std::int64_t* total, std::string* as_seen) {
  *total = 0;
  as_seen->clear();
  Id self;
  if (!G::ParseId(id, &self)) return {};
  std::lock_guard lock(mu_);
  auto it = live_.find(self);
  if (it == live_.end()) return {};
  const std::uint32_t root = Find(it->second);
  if (slots_[root].open < 2) return {};
  std::vector<std::uint32_t> members;
  Tally tally;
  for (std::uint32_t s = 0; s < slots_.size(); ++s) {
    if (!slots_[s].live || Find(s) != root) continue;
    members.push_back(s);
    ++tally.n;
    tally.mix ^= MixId(slots_[s].id);
  }
  std::sort(members.begin(), members.end(), [this](std::uint32_t a, std::uint32_t b) {
    return std::tie(slots_[a].day, slots_[a].id) < std::tie(slots_[b].day, slots_[b].id);
  });
  *total = tally.n;
  *as_seen = Token(tally);
  if (members.size() > limit) members.resize(limit);
  std::vector<std::string> out;
  for (std::uint32_t s : members) out.push_back(G::IdText(slots_[s].id));
  return out;
}

}  // namespace portsafe::service
