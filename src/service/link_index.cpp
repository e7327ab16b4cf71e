#include "service/link_index.h"

#include <algorithm>
#include <thread>

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
                                 const std::vector<intel::Entry>& entries) {
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
  u.entries = index.SealEntries(report_id, entries);
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
  for (auto& [id, list] : out.links) {
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

Result<size_t> RebuildLinkIndex(const intel::BlindIndex& index, store::LinkStore* store,
                                const std::vector<IndexedReport>& reports, unsigned threads) {
  threads = std::max(1u, threads);
  std::vector<std::vector<store::LinkPosting>> parts(threads);
  std::vector<store::LinkEntriesRow> rows(reports.size());
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::vector<intel::BlindIndex::TermBytes> terms;
      intel::BlindIndex::IdBytes id;
      for (size_t i = t; i < reports.size(); i += threads) {
        const auto& r = reports[i];
        if (!intel::BlindIndex::ParseId(r.report_id, &id)) continue;
        AppendPostings(index, id, r.entries, terms, &parts[t]);
        rows[i] = {r.report_id, index.SealEntries(r.report_id, r.entries)};
      }
      SortUnique(parts[t]);
    });
  }
  for (auto& w : workers) w.join();
  // Merge the sorted parts into one sorted list.
  std::vector<store::LinkPosting> postings = std::move(parts[0]);
  for (unsigned t = 1; t < threads; ++t) {
    const auto mid = static_cast<std::ptrdiff_t>(postings.size());
    postings.insert(postings.end(), parts[t].begin(), parts[t].end());
    parts[t] = {};
    std::inplace_merge(postings.begin(), postings.begin() + mid, postings.end());
  }
  postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [](const store::LinkEntriesRow& r) { return r.report_id.empty(); }),
             rows.end());
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.report_id < b.report_id; });
  const size_t n = postings.size();
  if (auto st = store->ReplaceLinkIndex(std::move(rows), std::move(postings)); !st.ok()) {
    return st.error();
  }
  return n;
}

}  // namespace portsafe::service
