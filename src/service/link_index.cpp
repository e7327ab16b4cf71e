#include "service/link_index.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

#include <boost/json.hpp>
#include "crypto/report_cipher.h"
#include "intel/extractor.h"
#include "intel/handle.h"
#include "service/report_codec.h"

#include "core/report.h"

namespace portsafe::service {

using intel::Kind;
using intel::MatchKind;

namespace {

// Appends the postings of `entries` for the report `id`.
void AppendPostings(const intel::BlindIndex& index, const intel::BlindIndex::IdBytes& id,
                    const std::vector<intel::Entry>& entries,
                    std::vector<intel::BlindIndex::TermBytes>& terms,
                    std::vector<store::LinkPosting>* out) {
  terms.clear();
  for (const auto& e : entries) index.PostingTerms(e, &terms);
  for (const auto& t : terms) {
    store::LinkPosting p;
    p.term = t;
    index.SealRef(t, id, &p.ref);
    out->push_back(p);
  }
}

void SortUnique(std::vector<store::LinkPosting>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::vector<store::LinkPosting> PostingsFor(const intel::BlindIndex& index,
                                            const std::string& report_id,
                                            const std::vector<intel::Entry>& entries) {
  std::vector<store::LinkPosting> out;
  intel::BlindIndex::IdBytes id;
  if (!intel::BlindIndex::ParseId(report_id, &id)) return out;
  std::vector<intel::BlindIndex::TermBytes> terms;
  AppendPostings(index, id, entries, terms, &out);
  SortUnique(out);
  return out;
}

store::LinkUpdate MakeLinkUpdate(const intel::BlindIndex& index, const std::string& report_id,
                                 const std::vector<intel::Entry>& old_entries,
                                 const std::vector<intel::Entry>& entries,
                                 const intel::TextSketch* sketch) {
  store::LinkUpdate u;
  u.report_id = report_id;
  auto before = PostingsFor(index, report_id, old_entries);
  auto after = PostingsFor(index, report_id, entries);
  // Only the difference is written: a follow-up message that names one more
  // van adds that van's posting and leaves the rest alone.
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(u.remove));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(u.add));
  u.entries = index.SealEntries(report_id, entries, sketch);
  return u;
}

store::LinkUpdate RemovalUpdate(const intel::BlindIndex& index, const std::string& report_id,
                                const std::vector<intel::Entry>& old_entries) {
  store::LinkUpdate u;
  u.report_id = report_id;
  u.remove = PostingsFor(index, report_id, old_entries);
  return u;
}

bool IsWeak(const SharedEntry& s) {
  return s.match == MatchKind::kOwner || s.entry.kind == Kind::kUnlocode;
}

int Weight(const SharedEntry& s) {
  if (s.match == MatchKind::kOwner) return 1;
  if (s.match == MatchKind::kNear) return 6;
  switch (s.entry.kind) {
    case Kind::kUnlocode:
      return 1;
    case Kind::kPostcodeGb:
      return 4;
    case Kind::kUrl:
      return 6;
    default:
      return 10;
  }
}

Result<FoundLinks> FindLinks(const intel::BlindIndex& index, store::LinkStore* store,
                             const std::vector<intel::Entry>& entries, const std::string& self_id,
                             const FindOptions& options) {
  FoundLinks out;
  for (const auto& e : entries) {
    for (auto& probe : index.LookupProbes(e)) {
      SharedEntry shared{e, probe.shared, probe.match};
      const bool weak = IsWeak(shared);
      if (weak && !options.weak) continue;
      const size_t cap = weak ? options.weak_cap : options.strong_cap;
      auto refs = store->ListLinkRefs(probe.term, cap + 1);
      if (!refs.ok()) return refs.error();
      if (refs->size() > cap) {
        out.common.push_back(shared);
        if (weak) continue;  // a big carrier's boxes link nothing on their own
        refs->resize(cap);
      }
      for (const auto& ref : *refs) {
        auto id = index.OpenRef(probe.term, ref);
        if (!id || *id == self_id) continue;
        auto& list = out.links[*id];
        if (std::find(list.begin(), list.end(), shared) == list.end()) list.push_back(shared);
      }
    }
  }
  // An owner code says nothing more where the same container (or one a
  // character away) is shared: keep only owner codes that stand alone.
  for (auto& link : out.links) {
    auto& list = link.second;  // not a structured binding: clang 14 cannot capture one
    auto covered = [&list](const SharedEntry& s) {
      if (s.match != MatchKind::kOwner) return false;
      for (const auto& o : list) {
        if (o.match != MatchKind::kOwner && o.entry.kind == Kind::kContainer &&
            o.entry.value.compare(0, 3, s.shared) == 0) {
          return true;
        }
      }
      return false;
    };
    list.erase(std::remove_if(list.begin(), list.end(), covered), list.end());
  }
  return out;
}

Result<std::string> LinkText(crypto::ServiceOpener& opener, const store::IndexSource& src,
                             std::vector<intel::Entry>* given) {
  // The free-text fields' places among the body's fields (BodyFieldOrder(),
  // report_codec.h).
  static const std::vector<size_t> kFreeText = [] {
    std::vector<size_t> at;
    const auto& fields = BodyFieldOrder();
    for (size_t i = 0; i < fields.size(); ++i) {
      for (std::string_view name : {"description", "area", "when", "people", "vehicles", "vessels",
                                    "containers", "approach_handle"}) {
        if (fields[i] == name) at.push_back(i);
      }
    }
    return at;
  }();
  const std::string& id = src.report_id;
  auto key = opener.Open(id, src.sealed_key);
  if (!key.ok()) return Internal("a report's key does not open");
  auto body = crypto::OpenReportField(*key, id, "body", src.body);
  if (!body.ok()) return Internal("a report's body does not open");
  // Parsed into a buffer on the stack (reports are short), read in place.
  unsigned char buf[8192];
  boost::json::monotonic_resource mr(buf, sizeof buf);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body->view(), ec, &mr);
  if (ec || !v.is_array()) return Internal("a report's body is malformed");
  const auto& a = v.get_array();
  auto start = BodyFieldsStart(a);
  if (!start.ok()) return start.error();
  std::string out;
  for (size_t i : kFreeText) {
    if (*start + i < a.size() && a[*start + i].is_string()) out.append(a[*start + i].get_string());
    out += '\n';
  }
  // An approach's handle, read as the kind its path says it is.
  static const std::pair<size_t, size_t> kHandle = [] {
    const auto& fields = BodyFieldOrder();
    size_t how = 0, handle = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i] == "approach_how") how = i;
      if (fields[i] == "approach_handle") handle = i;
    }
    return std::pair{how, handle};
  }();
  if (given != nullptr && *start + kHandle.second < a.size() &&
      a[*start + kHandle.first].is_string() && a[*start + kHandle.second].is_string()) {
    *given = intel::HandleEntries(a[*start + kHandle.first].get_string(),
                                  a[*start + kHandle.second].get_string());
  }
  for (const auto& m : src.reporter_messages) {
    auto text = crypto::OpenReportField(*key, id, "msg", m);
    if (!text.ok()) return Internal("a report's message does not open");
    out += text->view();
    out += '\n';
  }
  return out;
}

std::vector<intel::Entry> IndexEntries(const intel::Extractor& ex, std::string_view text,
                                       std::vector<intel::Entry> given) {
  std::vector<intel::Entry> out = intel::EntriesOf(ex.Extract(text));
  if (given.empty()) return out;
  out.insert(out.end(), std::make_move_iterator(given.begin()),
             std::make_move_iterator(given.end()));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<RebuildRun> RebuildLinkIndex(const intel::BlindIndex& index,
                                    const crypto::KeyPair& service_key,
                                    const std::vector<crypto::KeyPair>& retired,
                                    store::LinkStore* store, const core::PortDirectory* ports,
                                    intel::Today today, unsigned threads) {
  constexpr size_t kPage = 8192;
  // Postings go into buckets by the first four bits of their term, so that
  // bucket b + 1 is sorted while the store writes bucket b (terms are
  // uniform: each bucket holds about a sixteenth).
  constexpr size_t kBuckets = 16;
  threads = std::max(1u, threads);
  if (auto st = store->ClearLinkIndex(); !st.ok()) return st.error();
  RebuildRun run;
  // Each thread keeps buckets of its own; the store merges the threads'
  // runs of one bucket as it writes them.
  std::vector<std::array<std::vector<store::LinkPosting>, kBuckets>> buckets(threads);
  std::vector<size_t> damaged(threads, 0);
  auto read = [store](std::string after) { return store->ListIndexSources(after, kPage); };
  auto next_page = std::async(std::launch::async, read, std::string());
  std::future<Status> written;  // the previous page's entries
  for (;;) {
    auto page = next_page.get();
    if (!page.ok()) return page.error();
    if (page->empty()) break;
    next_page = std::async(std::launch::async, read, page->back().report_id);
    std::vector<store::LinkEntriesRow> rows(page->size());
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        crypto::ServiceOpener opener(service_key, &retired);
        const intel::Extractor ex({ports, today});
        std::vector<intel::BlindIndex::TermBytes> terms;
        std::vector<store::LinkPosting> postings;
        intel::BlindIndex::IdBytes id;
        for (size_t i = t; i < page->size(); i += threads) {
          const store::IndexSource& src = (*page)[i];
          std::vector<intel::Entry> entries;
          std::optional<intel::TextSketch> sketch;
          std::vector<intel::Entry> given;
          auto text = LinkText(opener, src, &given);
          if (text.ok()) {
            entries = IndexEntries(ex, *text, std::move(given));
            sketch = intel::SketchOf(*text);
          } else {
            ++damaged[t];
          }
          if (!intel::BlindIndex::ParseId(src.report_id, &id)) continue;
          postings.clear();
          AppendPostings(index, id, entries, terms, &postings);
          for (const auto& p : postings) {
            buckets[t][static_cast<unsigned char>(p.term[0]) >> 4].push_back(p);
          }
          rows[i] = {src.report_id,
                     index.SealEntries(src.report_id, entries, sketch ? &*sketch : nullptr)};
        }
      });
    }
    for (auto& w : workers) w.join();
    if (written.valid()) {
      if (auto st = written.get(); !st.ok()) return st.error();
    }
    run.reports += page->size();
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [](const store::LinkEntriesRow& r) { return r.report_id.empty(); }),
               rows.end());
    written = std::async(std::launch::async, [store, rows = std::move(rows)]() mutable {
      return store->PutLinkEntries(std::move(rows));
    });
  }
  if (written.valid()) {
    if (auto st = written.get(); !st.ok()) return st.error();
  }
  for (size_t d : damaged) run.damaged += d;
  // Sort a bucket of every thread's (on as many threads), then hand it to
  // the store; the next bucket is sorted while this one is written.
  auto sort_bucket = [&](size_t b) {
    std::vector<std::thread> sorters;
    for (unsigned t = 0; t < threads; ++t) {
      sorters.emplace_back([&buckets, t, b] { SortUnique(buckets[t][b]); });
    }
    for (auto& s : sorters) s.join();
  };
  sort_bucket(0);
  for (size_t b = 0; b < kBuckets; ++b) {
    std::vector<std::vector<store::LinkPosting>> runs;
    for (unsigned t = 0; t < threads; ++t) {
      run.postings += buckets[t][b].size();
      runs.push_back(std::move(buckets[t][b]));
    }
    auto put = std::async(std::launch::async,
                          [store, &runs] { return store->PutLinkPostings(std::move(runs)); });
    if (b + 1 < kBuckets) sort_bucket(b + 1);
    if (auto st = put.get(); !st.ok()) return st.error();
  }
  if (auto st = store->FinishLinkRebuild(); !st.ok()) return st.error();
  return run;
}

}  // namespace portsafe::service
