#include "service/link_service_impl.h"

#include "service/leased_job.h"

#include <pthread.h>

#include <algorithm>
#include <set>
#include <thread>

#include "common/log.h"
#include "core/report_status.h"
#include "core/role.h"
#include "core/text.h"
#include "crypto/report_cipher.h"
#include "intel/check_digits.h"
#include "intel/handle.h"
#include "service/report_codec.h"

namespace portsafe::service {
namespace {

using intel::Entry;
using intel::Kind;
using intel::MatchKind;

bool IsOpen(core::ReportStatus status) { return status != core::ReportStatus::kClosed; }

// The other report's identifier behind a shared entry: the same value, the
// valid code near a mistyped one, or the mistyped one near a valid code; for
// an owner code, the first of the other report's containers of that owner.
std::string OtherValue(const SharedEntry& s, const std::vector<Entry>& other) {
  switch (s.match) {
    case MatchKind::kExact:
      return s.entry.value;
    case MatchKind::kNear:
      if (!s.entry.valid) return s.shared;
      for (const auto& e : other) {
        if (e.kind != Kind::kContainer || e.valid) continue;
        auto n = intel::ContainerNeighbours(e.value);
        if (std::binary_search(n.begin(), n.end(), s.entry.value)) return e.value;
      }
      return "";
    case MatchKind::kOwner:
      for (const auto& e : other) {
        if (e.kind == Kind::kContainer && e.value.compare(0, 3, s.shared) == 0) return e.value;
      }
      return "";
  }
  return "";
}

intel::Extractor MakeExtractor(const core::PortDirectory* ports, const Clock& clock) {
  return intel::Extractor({ports, intel::TodayOf(clock)});
}

// Turns what `list` yields into updates with `make`, a batch at a time, until
// it yields nothing (each update takes its report off the list it came
// from, so this ends), and calls `after` with each batch's report ids once
// it is stored. Returns how many reports it went through.
template <typename List, typename Make, typename After>
Result<size_t> Drain(store::LinkStore* links, List list, Make make, After after) {
  size_t n = 0;
  for (;;) {
    auto items = list();
    if (!items.ok()) return items.error();
    if (items->empty()) return n;
    std::vector<store::LinkUpdate> updates;
    std::vector<store::LinkEntriesRow> stored;  // what each report's entries are now
    for (const auto& item : *items) {
      auto u = make(item);
      if (!u.ok()) return u.error();
      stored.push_back({u->report_id, u->entries});
      updates.push_back(std::move(*u));
    }
    if (auto st = links->PutLinkIndex(std::move(updates)); !st.ok()) return st.error();
    if (auto st = after(stored); !st.ok()) return st.error();
    n += items->size();
  }
}

}  // namespace

LinkServiceImpl::LinkServiceImpl(store::Store* store, store::StaffStore* staff,
                                 store::LinkStore* links, AuditLog* audit,
                                 const core::PortDirectory* ports, const Clock* clock,
                                 LinkOptions options)
    : store_(store),
      staff_(staff),
      links_(links),
      audit_(audit),
      ports_(ports),
      clock_(clock),
      options_(options) {
  if (options_.leases != nullptr) {
    index_job_ = std::make_unique<LeasedJob>(
        options_.leases, clock_, LeasedJob::Options{"links.index", options_.node, 15 * 60});
  }
}

LinkServiceImpl::~LinkServiceImpl() { StopWorker(); }

void LinkServiceImpl::StopWorker() {
  {
    std::lock_guard lock(worker_mu_);
    stop_ = true;
  }
  worker_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Status LinkServiceImpl::CheckVersion() {
  auto v = links_->LinkIndexVersion();
  if (!v.ok()) return v.error();
  if (*v == kLinkIndexVersion) return Status::Ok();
  // Version 0 is a database that never had an index: nothing to rebuild
  // beyond what already waits; -1 a bulk rebuild that did not finish.
  if (*v == -1) {
    log::Info("link index rebuild was interrupted: rebuilding at the next sign-in");
  } else if (*v != 0) {
    log::Info("link index rules changed: rebuilding at the next sign-in",
              {{"from", *v}, {"to", kLinkIndexVersion}});
  }
  return links_->ResetLinkIndex(kLinkIndexVersion);
}

Result<store::LinkUpdate> LinkServiceImpl::IndexOne(const intel::BlindIndex& index,
                                                    crypto::ServiceOpener& opener,
                                                    const intel::Extractor& ex,
                                                    const std::string& id) {
  std::vector<Entry> old_entries;
  auto stored = links_->FindLinkEntries(id);
  if (!stored.ok()) return stored.error();
  if (stored->has_value()) {
    auto opened = index.OpenEntries(id, **stored);
    if (opened.ok()) old_entries = std::move(*opened);
  }
  auto report = staff_->FindReportById(id);
  if (!report.ok()) {
    if (report.error().code() != ErrorCode::kNotFound) return report.error();
    return RemovalUpdate(index, id, old_entries);  // purged since it was listed
  }
  auto messages = store_->ListMessages(id);
  if (!messages.ok()) return messages.error();
  store::IndexSource src{id, report->sealed_key, report->body, {}};
  for (const auto& m : *messages) {
    if (m.author == "reporter") src.reporter_messages.push_back(m.body);
  }
  std::vector<Entry> entries;
  std::optional<intel::TextSketch> sketch;
  std::vector<Entry> given;
  auto text = LinkText(opener, src, &given);
  if (text.ok()) {
    entries = IndexEntries(ex, *text, std::move(given));
    sketch = intel::SketchOf(*text);
  } else {
    log::Warn("a report does not decrypt; indexed with no identifiers");
  }
  return MakeLinkUpdate(index, id, old_entries, entries, sketch ? &*sketch : nullptr);
}

Result<size_t> LinkServiceImpl::RemoveGarbage(const intel::BlindIndex& index) {
  return Drain(
      links_, [this] { return links_->ListLinkGarbage(options_.batch); },
      [&index](const store::LinkEntriesRow& g) -> Result<store::LinkUpdate> {
        auto entries = index.OpenEntries(g.report_id, g.entries);
        return RemovalUpdate(index, g.report_id, entries.ok() ? *entries : std::vector<Entry>{});
      },
      [this](const std::vector<store::LinkEntriesRow>& rows) {
        for (const auto& r : rows) {
          graph_.Remove(r.report_id);
          near_.Remove(r.report_id);
        }
        return Status::Ok();
      });
}

bool LinkServiceImpl::RebuildUnderWay() {
  if (rebuilding_) return true;
  // On another node: the store marks the index unfinished while it runs.
  auto version = links_->LinkIndexVersion();
  return version.ok() && *version == -1;
}

Result<size_t> LinkServiceImpl::Rebuild(const StaffSession& s, const intel::BlindIndex& index) {
  rebuilding_ = true;
  auto run = RebuildLinkIndex(index, *s.service_key, s.retired_service_keys, links_, ports_,
                              intel::TodayOf(*clock_), options_.threads);
  rebuilding_ = false;
  graph_loaded_ = false;  // the worker loads it again from the new index
  near_.SetLoaded(false);
  if (!run.ok()) return run.error();
  if (run->damaged > 0) {
    log::Warn("reports that do not decrypt were indexed with no identifiers",
              {{"reports", static_cast<std::int64_t>(run->damaged)}});
  }
  return run->reports;
}

Result<size_t> LinkServiceImpl::IndexWaiting(const StaffSession& s,
                                             const intel::BlindIndex& index) {
  crypto::ServiceOpener opener(*s.service_key, &s.retired_service_keys);
  const intel::Extractor ex = MakeExtractor(ports_, *clock_);
  return Drain(
      links_, [this] { return links_->ListLinkPending(options_.batch); },
      [&](const std::string& id) { return IndexOne(index, opener, ex, id); },
      [&](const std::vector<store::LinkEntriesRow>& rows) { return Relink(index, rows); });
}

Status LinkServiceImpl::CatchUp(const StaffSession& s, const intel::BlindIndex& index) {
  auto waiting = links_->CountLinkPending();
  if (!waiting.ok()) return waiting.error();
  if (*waiting == 0) {
    // None waits, but a run that took the last ones may not have linked
    // them in the graph yet (it does so after its commit, holding the
    // lock): wait a moment for it, so the queue shows what is indexed; a
    // longer job (a bulk rebuild, removing a purge's entries) is not waited
    // for, and the queue reads the graph meanwhile.
    for (int tries = 0; tries < kCatchUpTries; ++tries) {
      if (index_mu_.try_lock()) {
        index_mu_.unlock();
        break;
      }
      std::this_thread::sleep_for(kCatchUpPause);
    }
    return Status::Ok();
  }
  if (static_cast<size_t>(*waiting) > options_.batch) {
    Wake();  // a big backlog is the worker's
    return Status::Ok();
  }
  // A bulk rebuild under way will get to these; otherwise wait for the
  // worker (a few reports take moments) and index what is left.
  if (RebuildUnderWay()) return Status::Ok();
  std::lock_guard lock(index_mu_);
  auto n = IndexWaiting(s, index);
  return n.ok() ? Status::Ok() : Status(n.error());
}

Result<IndexRun> LinkServiceImpl::IndexPending(const StaffSession& s) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  if (index_job_ == nullptr) return IndexPendingHere(s);
  // Another node indexing now: it takes these too (an empty run here).
  IndexRun run;
  auto ran = index_job_->RunIfDue([](const std::string&) { return true; },
                                  [&]() -> Result<std::string> {
                                    auto r = IndexPendingHere(s);
                                    if (!r.ok()) return r.error();
                                    run = *r;
                                    return std::string();
                                  });
  if (!ran.ok()) return ran.error();
  return run;
}

Result<IndexRun> LinkServiceImpl::IndexPendingHere(const StaffSession& s) {
  std::lock_guard lock(index_mu_);
  const intel::BlindIndex index(s.service_key->private_key);
  IndexRun run;
  auto removed = RemoveGarbage(index);
  if (!removed.ok()) return removed.error();
  run.removed = *removed;
  auto waiting = links_->CountLinkPending();
  if (!waiting.ok()) return waiting.error();
  auto n = static_cast<size_t>(*waiting) > options_.bulk_threshold ? Rebuild(s, index)
                                                                   : IndexWaiting(s, index);
  if (!n.ok()) return n.error();
  run.indexed = *n;
  run.rebuilt = static_cast<size_t>(*waiting) > options_.bulk_threshold;
  if (run.indexed > 0 || run.removed > 0) {
    if (auto st = audit_->Append({"system", "system", "links.indexed", ""}); !st.ok()) {
      return st.error();
    }
  }
  return run;
}

Result<std::optional<std::vector<Entry>>> LinkServiceImpl::EntriesOf(const StaffSession& s,
                                                                     const intel::BlindIndex& index,
                                                                     const std::string& id) {
  auto stored = links_->FindLinkEntries(id);
  if (!stored.ok()) return stored.error();
  if (stored->has_value()) {
    auto opened = index.OpenEntries(id, **stored);
    if (!opened.ok()) return opened.error();
    return std::optional<std::vector<Entry>>(std::move(*opened));
  }
  // Not indexed yet (it arrived while nobody was signed in, and the worker
  // has not reached it): index it now, unless a bulk rebuild is under way
  // (it takes seconds: the page does not wait for it).
  if (RebuildUnderWay()) return std::optional<std::vector<Entry>>();
  std::lock_guard lock(index_mu_);
  crypto::ServiceOpener opener(*s.service_key, &s.retired_service_keys);
  auto u = IndexOne(index, opener, MakeExtractor(ports_, *clock_), id);
  if (!u.ok()) return u.error();
  const std::string sealed = u->entries;
  if (auto st = links_->PutLinkIndex({std::move(*u)}); !st.ok()) return st.error();
  if (auto st = Relink(index, {{id, sealed}}); !st.ok()) return st.error();
  if (sealed.empty()) return std::optional<std::vector<Entry>>(std::vector<Entry>{});
  auto opened = index.OpenEntries(id, sealed);
  if (!opened.ok()) return opened.error();
  return std::optional<std::vector<Entry>>(std::move(*opened));
}

Result<ReportLinks> LinkServiceImpl::Collect(const StaffSession& s, const intel::BlindIndex& index,
                                             const std::string& id, size_t max_listed) {
  auto row = staff_->FindHandling(id);
  if (!row.ok()) return row.error();
  if (auto st = CatchUp(s, index); !st.ok()) return st.error();
  auto entries = EntriesOf(s, index, id);
  if (!entries.ok()) return entries.error();
  ReportLinks out;
  out.report_id = id;
  auto pending = links_->CountLinkPending();
  if (!pending.ok()) return pending.error();
  out.pending = *pending;
  if (!entries->has_value()) {
    out.indexed = false;
    return out;
  }
  auto found = FindLinks(index, links_, **entries, id, options_.find);
  if (!found.ok()) return found.error();
  out.identifiers = std::move(**entries);
  out.common = std::move(found->common);
  for (auto& [other, shared] : found->links) {
    auto h = staff_->FindHandling(other);
    if (!h.ok()) {
      if (h.error().code() == ErrorCode::kNotFound) continue;  // purged; its postings go soon
      return h.error();
    }
    LinkedReport l;
    l.report_id = other;
    l.status = h->status;
    l.received_on = h->received_on;
    l.open = IsOpen(h->status);
    for (const auto& e : shared) {
      l.score += Weight(e);
      l.strong = l.strong || !IsWeak(e);
    }
    l.shared = std::move(shared);
    out.links.push_back(std::move(l));
  }
  std::sort(out.links.begin(), out.links.end(), [](const LinkedReport& a, const LinkedReport& b) {
    if (a.strong != b.strong) return a.strong;
    if (a.score != b.score) return a.score > b.score;
    if (a.open != b.open) return a.open;
    if (a.received_on != b.received_on) return a.received_on > b.received_on;
    return a.report_id < b.report_id;
  });
  if (out.links.size() > max_listed) {
    out.more = out.links.size() - max_listed;
    out.links.resize(max_listed);
  }
  for (auto& l : out.links) {
    std::vector<Entry> other;
    auto stored = links_->FindLinkEntries(l.report_id);
    if (stored.ok() && stored->has_value()) {
      auto opened = index.OpenEntries(l.report_id, **stored);
      if (opened.ok()) other = std::move(*opened);
    }
    for (const auto& e : l.shared) l.other_values.push_back(OtherValue(e, other));
  }
  return out;
}

Result<ReportLinks> LinkServiceImpl::Links(const StaffSession& s, const std::string& report_id) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  const intel::BlindIndex index(s.service_key->private_key);
  auto out = Collect(s, index, report_id, options_.max_listed);
  if (!out.ok()) return out.error();
  if (auto st =
          audit_->Append({s.user_id, std::string(core::ToString(s.role)), "links.read", report_id});
      !st.ok()) {
    return st.error();
  }
  return out;
}

Result<LinkGraph> LinkServiceImpl::Graph(const StaffSession& s, const std::string& report_id,
                                         int depth) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  depth = std::clamp(depth, 1, 2);
  const intel::BlindIndex index(s.service_key->private_key);
  const size_t max_reports = options_.max_graph_reports;
  // Listed as for Links(), so the graph's page shows the same table; attach()
  // draws at most max_reports of them.
  auto centre = Collect(s, index, report_id, std::max(options_.max_listed, max_reports));
  if (!centre.ok()) return centre.error();

  LinkGraph g;
  std::map<std::string, size_t> report_node;
  std::map<std::pair<Kind, std::string>, size_t> id_node;
  auto add_report = [&](const std::string& id, core::ReportStatus status, int d) -> size_t {
    auto it = report_node.find(id);
    if (it != report_node.end()) return it->second;
    LinkGraph::Node n;
    n.report = true;
    n.report_id = id;
    n.status = status;
    n.open = IsOpen(status);
    n.center = d == 0;
    n.depth = d;
    g.nodes.push_back(n);
    return report_node[id] = g.nodes.size() - 1;
  };
  auto add_identifier = [&](const Entry& e, int d) -> size_t {
    auto key = std::make_pair(e.kind, e.value);
    auto it = id_node.find(key);
    if (it != id_node.end()) return it->second;
    LinkGraph::Node n;
    n.entry = e;
    n.depth = d;
    g.nodes.push_back(n);
    return id_node[key] = g.nodes.size() - 1;
  };
  auto add_edge = [&](size_t report, size_t identifier, MatchKind m) {
    for (const auto& e : g.edges) {
      if (e.report == report && e.identifier == identifier) return;
    }
    g.edges.push_back({report, identifier, m});
  };
  auto row = staff_->FindHandling(report_id);
  if (!row.ok()) return row.error();
  const size_t c = add_report(report_id, row->status, 0);
  for (const auto& e : centre->identifiers) add_edge(c, add_identifier(e, 0), MatchKind::kExact);
  // Links hang on the centre's identifier they share (for an owner code or a
  // near code, on the centre's container).
  auto attach = [&](const ReportLinks& from, size_t from_node, int d) {
    for (const auto& l : from.links) {
      if (!l.strong) continue;
      // A link back to a report nearer the centre is drawn from that side.
      if (auto it = report_node.find(l.report_id);
          it != report_node.end() && g.nodes[it->second].depth < d) {
        continue;
      }
      if (!report_node.count(l.report_id) && report_node.size() >= max_reports) {
        g.truncated = true;
        continue;
      }
      const size_t r = add_report(l.report_id, l.status, d + 1);
      for (const auto& sh : l.shared) {
        if (IsWeak(sh)) continue;
        const size_t ident = add_identifier(sh.entry, d);
        add_edge(from_node, ident, MatchKind::kExact);
        add_edge(r, ident, sh.match);
      }
    }
    if (from.more > 0) g.truncated = true;
  };
  attach(*centre, c, 0);
  if (depth == 2) {
    std::vector<std::pair<std::string, size_t>> first;
    for (const auto& [id, node] : report_node) {
      if (node != c) first.emplace_back(id, node);
    }
    for (const auto& [id, node] : first) {
      auto next = Collect(s, index, id, max_reports);
      if (!next.ok()) return next.error();
      attach(*next, node, 1);
    }
  }
  if (auto st =
          audit_->Append({s.user_id, std::string(core::ToString(s.role)), "links.read", report_id});
      !st.ok()) {
    return st.error();
  }
  g.about = std::move(*centre);
  return g;
}

Result<std::vector<std::string>> LinkServiceImpl::ReportsNaming(const StaffSession& s,
                                                                const std::string& text) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  const intel::BlindIndex index(s.service_key->private_key);
  if (auto st = CatchUp(s, index); !st.ok()) return st.error();
  std::vector<Entry> entries = intel::EntriesOf(MakeExtractor(ports_, *clock_).Extract(text));
  // "@name" searches the handles approaches named, of either kind.
  if (text::Trim(text).starts_with('@')) {
    for (std::string_view how : {"social_media", "text_or_messaging"}) {
      for (auto& e : intel::HandleEntries(how, text)) entries.push_back(std::move(e));
    }
  }
  std::vector<std::string> out;
  if (!entries.empty()) {
    FindOptions options = options_.find;
    options.weak = false;  // an owner code or a port alone finds every report of it
    auto found = FindLinks(index, links_, entries, "", options);
    if (!found.ok()) return found.error();
    for (const auto& [id, shared] : found->links) {
      if (out.size() == 200) break;
      out.push_back(id);
    }
  }
  if (auto st =
          audit_->Append({s.user_id, std::string(core::ToString(s.role)), "links.searched", ""});
      !st.ok()) {
    return st.error();
  }
  return out;
}

Status LinkServiceImpl::CatchUpForQueue(const StaffSession& s) {
  if (auto st = CheckReportReader(s); !st.ok()) return st;
  const intel::BlindIndex index(s.service_key->private_key);
  return CatchUp(s, index);
}

namespace {

// The reports `entries` are strongly linked to (FindLinks without owner
// codes and ports, as the queue counts links).
Result<std::vector<std::string>> StrongLinks(const intel::BlindIndex& index,
                                             store::LinkStore* store,
                                             const std::vector<Entry>& entries,
                                             const std::string& id, FindOptions options) {
  options.weak = false;
  // The graph keeps a few links a report: a few refs an identifier will do.
  options.strong_cap = std::min(options.strong_cap, OpenLinkGraph::kMaxCandidates);
  auto found = FindLinks(index, store, entries, id, options);
  if (!found.ok()) return found.error();
  std::vector<std::string> out;
  for (const auto& [other, shared] : found->links) {
    out.push_back(other);
    if (out.size() == OpenLinkGraph::kMaxCandidates) break;
  }
  return out;
}

QueueKey KeyOf(const store::HandlingRow& h) {
  return {IsOpen(h.status), h.priority, h.received_on, h.version};
}

}  // namespace

Status LinkServiceImpl::Relink(const intel::BlindIndex& index,
                               const std::vector<store::LinkEntriesRow>& rows) {
  std::vector<std::pair<std::string, std::vector<std::string>>> found;
  std::map<std::string, std::optional<intel::TextSketch>> sketches;
  std::set<std::string> need;
  for (const auto& [id, sealed] : rows) {
    std::vector<std::string> linked;
    if (!sealed.empty()) {
      auto record = index.OpenRecord(id, sealed);
      if (record.ok()) {
        sketches[id] = record->sketch;
        if (!record->entries.empty()) {
          auto l = StrongLinks(index, links_, record->entries, id, options_.find);
          if (!l.ok()) return l.error();
          linked = std::move(*l);
        }
      }
    }
    need.insert(id);
    need.insert(linked.begin(), linked.end());
    found.emplace_back(id, std::move(linked));
  }
  auto handling = staff_->FindHandlingOf({need.begin(), need.end()});
  if (!handling.ok()) return handling.error();
  std::map<std::string, QueueKey> keys;
  for (const auto& h : *handling) keys.emplace(h.report_id, KeyOf(h));
  for (const auto& [id, linked] : found) {
    graph_.SetLinks(id, linked, keys);
    auto key = keys.find(id);
    auto sketch = sketches.find(id);
    if (key == keys.end() || sketch == sketches.end()) {
      near_.Remove(id);  // purged, or no sketch that opens
    } else {
      near_.Set(id, sketch->second, key->second);
    }
  }
  return Status::Ok();
}

Status LinkServiceImpl::LoadGraph(const StaffSession& s) {
  if (auto st = CheckReportReader(s); !st.ok()) return st;
  const intel::BlindIndex index(s.service_key->private_key);
  // Report by report, each one's links replaced: the queue keeps reading
  // the graph meanwhile, and reports indexed meanwhile keep theirs.
  std::string after;
  for (;;) {
    auto page = links_->ListLinkEntries(after, 512);
    if (!page.ok()) return page.error();
    if (page->empty()) {
      near_.SetLoaded(true);
      return Status::Ok();
    }
    after = page->back().report_id;
    std::vector<store::LinkEntriesRow> linked;
    for (auto& row : *page) {
      if (row.entries.empty()) {
        graph_.Remove(row.report_id);  // not indexed (any more): no links
        near_.Remove(row.report_id);
      } else {
        linked.push_back(std::move(row));
      }
    }
    // Under the indexing lock, a page at a time: a report indexed meanwhile
    // is linked before or after this page is, never overwritten by it.
    {
      std::lock_guard lock(index_mu_);
      if (auto st = Relink(index, linked); !st.ok()) return st;
    }
    std::lock_guard lock(worker_mu_);
    if (stop_) return Status::Ok();
  }
}

void LinkServiceImpl::StartWorker(std::function<std::shared_ptr<const StaffSession>()> key_holder) {
  key_holder_ = std::move(key_holder);
  worker_ = std::thread([this] { WorkerLoop(); });
}

void LinkServiceImpl::Wake() {
  {
    std::lock_guard lock(worker_mu_);
    wake_ = true;
  }
  worker_cv_.notify_one();
}

void LinkServiceImpl::Notify(Notice notice, const std::string&) {
  if (notice == Notice::kNewReport || notice == Notice::kReporterReplied) Wake();
}

void LinkServiceImpl::WorkerLoop() {
  pthread_setname_np(pthread_self(), "ps-links");
  for (;;) {
    {
      std::unique_lock lock(worker_mu_);
      worker_cv_.wait_for(lock, options_.poll, [this] { return stop_ || wake_; });
      if (stop_) return;
      wake_ = false;
    }
    std::shared_ptr<const StaffSession> s = key_holder_ ? key_holder_() : nullptr;
    if (!s) continue;
    auto run = IndexPending(*s);
    if (!run.ok()) {
      log::Warn("link indexing failed", {{"error", run.error().message()}});
    } else if (run->rebuilt) {
      log::Info("link index rebuilt", {{"reports", static_cast<std::int64_t>(run->indexed)}});
    }
    // With several nodes, reports indexed on another node reach this one's
    // graph when it is loaded again, every ten rounds.
    if (index_job_ != nullptr && ++rounds_since_load_ >= 10) graph_loaded_ = false;
    if (!graph_loaded_ && !RebuildUnderWay()) {
      rounds_since_load_ = 0;
      if (auto st = LoadGraph(*s); !st.ok()) {
        log::Warn("loading the queue's link graph failed", {{"error", st.error().message()}});
      } else {
        graph_loaded_ = true;
        log::Info("queue link graph loaded",
                  {{"linked_reports", static_cast<std::int64_t>(graph_.size())},
                   {"raised", static_cast<std::int64_t>(graph_.raised())},
                   {"sketched_open_reports", static_cast<std::int64_t>(near_.size())}});
      }
    }
    {
      // Here, not on a handler's request; under the indexing lock, so that
      // no Relink that read a report before it closed is under way (the
      // compaction forgets which reports closed).
      std::lock_guard lock(index_mu_);
      near_.Compact();
    }
  }
}

}  // namespace portsafe::service
