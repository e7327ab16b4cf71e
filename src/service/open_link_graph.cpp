#include "service/open_link_graph.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <sodium.h>

#include "crypto/sodium.h"

namespace portsafe::service {

size_t OpenLinkGraph::IdHash::operator()(const Id& id) const {
  // Ids are random, so their bytes need no hashing; both halves are mixed
  // in all the same, so that ids alike in one half still spread.
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, id.data(), sizeof a);
  std::memcpy(&b, id.data() + 8, sizeof b);
  return static_cast<size_t>(a ^ (b * 0x9E3779B97F4A7C15ull));
}

bool OpenLinkGraph::ParseId(const std::string& text, Id* out) {
  // Lower case only: ids are written so, and upper case would sort apart.
  if (text.size() != 2 * out->size() || !crypto::IsLowerHex(text)) return false;
  return sodium_hex2bin(out->data(), out->size(), text.data(), text.size(), nullptr, nullptr,
                        nullptr) == 0;
}

std::string OpenLinkGraph::IdText(const Id& id) {
  return crypto::ToHex(std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
}

std::uint32_t OpenLinkGraph::DayOf(const std::string& received_on) {
  if (received_on.size() != 10) return 0;
  std::uint32_t n = 0;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    const char c = received_on[i];
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return n;
}

std::string OpenLinkGraph::DayText(std::uint32_t day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", day / 10000, day / 100 % 100, day % 100);
  return buf;
}

std::uint32_t OpenLinkGraph::Slot(const Id& id, const QueueKey& key) {
  auto it = slots_.find(id);
  if (it != slots_.end()) return it->second;
  std::uint32_t s;
  if (!free_.empty()) {
    s = free_.back();
    free_.pop_back();
  } else {
    s = static_cast<std::uint32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  Node& n = nodes_[s];
  n = Node{};
  n.id = id;
  n.open = key.open;
  n.priority = static_cast<std::uint8_t>(key.priority);
  n.day = DayOf(key.received_on);
  n.version = static_cast<std::uint32_t>(std::min<std::int64_t>(key.version, UINT32_MAX));
  slots_.emplace(id, s);
  return s;
}

void OpenLinkGraph::Unrank(std::uint32_t s) {
  const Node& n = nodes_[s];
  raised_.erase(Rank{-static_cast<int>(n.priority), n.day, n.id});
}

void OpenLinkGraph::Rerank(std::uint32_t s) {
  const Node& n = nodes_[s];
  if (n.open && n.open_links + n.untracked > 0) {
    raised_.insert(Rank{-static_cast<int>(n.priority), n.day, n.id});
  }
}

void OpenLinkGraph::Link(std::uint32_t a, std::uint32_t b) {
  if (a == b) return;
  Node& na = nodes_[a];
  Node& nb = nodes_[b];
  // Links are kept both ways or not at all: a report with no room left
  // takes no more (so that a report's own list names all who count it).
  if (na.count == kMaxLinksKept || nb.count == kMaxLinksKept) return;
  if (std::find(na.links.begin(), na.links.begin() + na.count, b) != na.links.begin() + na.count) {
    return;
  }
  Unrank(a);
  Unrank(b);
  na.links[na.count++] = b;
  nb.links[nb.count++] = a;
  if (nb.open) ++na.open_links;
  if (na.open) ++nb.open_links;
  Rerank(a);
  Rerank(b);
}

void OpenLinkGraph::Unlink(std::uint32_t a, std::uint32_t b) {
  Node& na = nodes_[a];
  auto end = na.links.begin() + na.count;
  auto it = std::find(na.links.begin(), end, b);
  if (it == end) return;
  Unrank(a);
  *it = *(end - 1);
  --na.count;
  if (nodes_[b].open) --na.open_links;
  Rerank(a);
}

void OpenLinkGraph::DropIfAlone(std::uint32_t s) {
  Node& n = nodes_[s];
  if (n.count > 0 || n.untracked > 0) return;
  Unrank(s);
  slots_.erase(n.id);
  n = Node{};
  free_.push_back(s);
}

void OpenLinkGraph::SetLinks(const std::string& id, const std::vector<std::string>& linked,
                             const std::map<std::string, QueueKey>& keys) {
  Id self;
  if (!ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  auto own = keys.find(id);
  auto it = slots_.find(self);
  if (own == keys.end()) {  // gone meanwhile
    if (it != slots_.end()) RemoveSlot(it->second);
    return;
  }
  std::vector<std::pair<Id, const QueueKey*>> others;
  for (const auto& other : linked) {
    Id o;
    auto k = keys.find(other);
    if (other == id || k == keys.end() || !ParseId(other, &o)) continue;
    others.emplace_back(o, &k->second);
    if (others.size() == kMaxCandidates) break;
  }
  if (others.empty() && it == slots_.end()) return;  // nothing to keep
  const std::uint32_t s = Slot(self, own->second);
  SetKeyOf(s, own->second);  // as read now
  std::vector<std::uint32_t> wanted;
  for (const auto& [o, key] : others) {
    const std::uint32_t t = Slot(o, *key);
    SetKeyOf(t, *key);
    wanted.push_back(t);
  }
  // Links that are no longer there go, both ways.
  const Node copy = nodes_[s];
  for (std::uint8_t i = 0; i < copy.count; ++i) {
    const std::uint32_t t = copy.links[i];
    if (std::find(wanted.begin(), wanted.end(), t) != wanted.end()) continue;
    Unlink(s, t);
    Unlink(t, s);
    DropIfAlone(t);
  }
  for (std::uint32_t t : wanted) Link(s, t);
  // Open reports it is linked to but keeps no link with (one side was
  // full): counted as they are now, so that it is raised all the same.
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::uint8_t untracked = 0;
  for (std::uint32_t t : wanted) {
    const Node& n = nodes_[s];
    const bool kept =
        std::find(n.links.begin(), n.links.begin() + n.count, t) != n.links.begin() + n.count;
    if (!kept && t != s && nodes_[t].open) ++untracked;
  }
  Unrank(s);
  nodes_[s].untracked = untracked;
  Rerank(s);
  for (std::uint32_t t : wanted) DropIfAlone(t);  // a full side took nothing
  DropIfAlone(s);
}

void OpenLinkGraph::RemoveSlot(std::uint32_t s) {
  Unrank(s);
  nodes_[s].untracked = 0;
  const Node copy = nodes_[s];
  for (std::uint8_t i = 0; i < copy.count; ++i) {
    Unlink(s, copy.links[i]);
    Unlink(copy.links[i], s);
    DropIfAlone(copy.links[i]);
  }
  DropIfAlone(s);
}

void OpenLinkGraph::SetKeyOf(std::uint32_t s, const QueueKey& key) {
  Node& n = nodes_[s];
  if (key.version < n.version) return;  // read before the change already kept
  n.version = static_cast<std::uint32_t>(std::min<std::int64_t>(key.version, UINT32_MAX));
  const bool was_open = n.open;
  Unrank(s);
  n.open = key.open;
  n.priority = static_cast<std::uint8_t>(key.priority);
  n.day = DayOf(key.received_on);
  Rerank(s);
  if (was_open == key.open) return;
  // Every report that counts it keeps a link to it, and it to them.
  for (std::uint8_t i = 0; i < n.count; ++i) {
    const std::uint32_t t = n.links[i];
    Unrank(t);
    if (key.open) {
      ++nodes_[t].open_links;
    } else {
      --nodes_[t].open_links;
    }
    Rerank(t);
  }
}

void OpenLinkGraph::Remove(const std::string& id) {
  Id self;
  if (!ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  auto it = slots_.find(self);
  if (it != slots_.end()) RemoveSlot(it->second);
}

void OpenLinkGraph::SetKey(const std::string& id, const QueueKey& key) {
  Id self;
  if (!ParseId(id, &self)) return;
  std::lock_guard lock(mu_);
  auto it = slots_.find(self);
  if (it != slots_.end()) SetKeyOf(it->second, key);
}

void OpenLinkGraph::Clear() {
  std::lock_guard lock(mu_);
  nodes_.clear();
  free_.clear();
  slots_.clear();
  raised_.clear();
}

int OpenLinkGraph::OpenLinks(const std::string& id) const {
  Id self;
  if (!ParseId(id, &self)) return 0;
  std::lock_guard lock(mu_);
  auto it = slots_.find(self);
  if (it == slots_.end()) return 0;
  const Node& n = nodes_[it->second];
  return n.open ? n.open_links + n.untracked : 0;
}

bool OpenLinkGraph::Raised(const std::string& id, core::Priority priority) const {
  Id self;
  if (!ParseId(id, &self)) return false;
  std::lock_guard lock(mu_);
  auto it = slots_.find(self);
  if (it == slots_.end()) return false;
  const Node& n = nodes_[it->second];
  return n.open && n.open_links + n.untracked > 0 &&
         n.priority == static_cast<std::uint8_t>(priority);
}

std::vector<std::pair<std::string, std::string>> OpenLinkGraph::RaisedAfter(
    core::Priority priority, const std::string& received_on, const std::string& id,
    size_t limit) const {
  Id after{};
  if (!id.empty() && !ParseId(id, &after)) return {};
  std::lock_guard lock(mu_);
  const int p = -static_cast<int>(priority);
  auto it = raised_.upper_bound(Rank{p, DayOf(received_on), after});
  std::vector<std::pair<std::string, std::string>> out;
  for (; it != raised_.end() && std::get<0>(*it) == p && out.size() < limit; ++it) {
    out.emplace_back(DayText(std::get<1>(*it)), IdText(std::get<2>(*it)));
  }
  return out;
}

size_t OpenLinkGraph::size() const {
  std::lock_guard lock(mu_);
  return slots_.size();
}

size_t OpenLinkGraph::raised() const {
  std::lock_guard lock(mu_);
  return raised_.size();
}

}  // namespace portsafe::service
