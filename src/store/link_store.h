// Storage of the blind link index (intel/blind_index.h): postings (term,
// ref), each report's sealed entry list, the reports waiting to be indexed
// and the index left behind by purged reports. Everything here is opaque
// without the service key: terms are keyed hashes, refs and entries are
// sealed. Implemented by SqlLinkStore (sql_link_store.cpp); tests use
// MockLinkStore (tests/store/mock_link_store.h). Writes wait for the commit;
// reads are safe from any thread.
//
// A report waits to be indexed from the transaction that stores it (and
// again from the one that stores a reporter's message) until the one that
// stores its index: the server cannot index without the key, so reports that
// arrive while nobody is signed in are indexed at the next sign-in.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace portsafe::store {

// One posting: a term and a ref, fixed-size so that millions of them sort
// and move without allocating.
struct LinkPosting {
  static constexpr size_t kTermBytes = 16;
  static constexpr size_t kRefBytes = 28;
  std::array<char, kTermBytes> term{};
  std::array<char, kRefBytes> ref{};

  std::string_view term_bytes() const { return {term.data(), term.size()}; }
  std::string_view ref_bytes() const { return {ref.data(), ref.size()}; }
  // Term and ref together, as the store keeps them.
  std::string_view bytes() const {
    static_assert(sizeof(LinkPosting) == kTermBytes + kRefBytes);
    return {term.data(), kTermBytes + kRefBytes};
  }
  // From byte strings (cut or padded with zeros to size).
  static LinkPosting Of(std::string_view term, std::string_view ref) {
    LinkPosting p;
    std::memcpy(p.term.data(), term.data(), std::min(term.size(), kTermBytes));
    std::memcpy(p.ref.data(), ref.data(), std::min(ref.size(), kRefBytes));
    return p;
  }
  bool operator<(const LinkPosting& o) const {
    int c = std::memcmp(term.data(), o.term.data(), kTermBytes);
    return c != 0 ? c < 0 : std::memcmp(ref.data(), o.ref.data(), kRefBytes) < 0;
  }
  bool operator==(const LinkPosting& o) const { return term == o.term && ref == o.ref; }
};

// One report's index, replaced in one transaction: `remove` are the postings
// of its previous entries, `add` those of the new; `entries` is the new
// sealed entry list ("" removes the report from the index, as for a purged
// report). The report stops waiting to be indexed.
struct LinkUpdate {
  std::string report_id;
  std::string entries;
  std::vector<LinkPosting> remove;
  std::vector<LinkPosting> add;
};

// A report's sealed entries as stored.
struct LinkEntriesRow {
  std::string report_id;
  std::string entries;
};

// What indexing a report reads: its sealed content key and body, and the
// sealed bodies of the reporter's messages, in order.
struct IndexSource {
  std::string report_id;
  std::string sealed_key;
  std::string body;
  std::vector<std::string> reporter_messages;
};

class LinkStore {
 public:
  virtual ~LinkStore() = default;

  // Reports waiting to be indexed, at most `limit`, and how many wait.
  virtual Result<std::vector<std::string>> ListLinkPending(size_t limit) = 0;
  virtual Result<std::int64_t> CountLinkPending() = 0;
  // Reports purged since the index last ran with the key, at most `limit`,
  // with their sealed entries ("" when they had none).
  virtual Result<std::vector<LinkEntriesRow>> ListLinkGarbage(size_t limit) = 0;
  // Indexed reports after `after` in id order, at most `limit`, with their
  // sealed entries (for loading the queue's link graph, page by page).
  virtual Result<std::vector<LinkEntriesRow>> ListLinkEntries(const std::string& after,
                                                              size_t limit) = 0;
  // The sealed entries of a report; nullopt when it is not indexed.
  virtual Result<std::optional<std::string>> FindLinkEntries(const std::string& report_id) = 0;
  // Stored reports after `after` in id order, at most `limit`, with what
  // indexing them reads (for the bulk rebuild, page by page).
  virtual Result<std::vector<IndexSource>> ListIndexSources(const std::string& after,
                                                            size_t limit) = 0;
  // The refs posted under `term`, at most `limit`.
  virtual Result<std::vector<std::string>> ListLinkRefs(const std::string& term, size_t limit) = 0;

  // Applies the updates in one transaction. A report that no longer exists
  // (purged meanwhile) keeps no index: its update only removes.
  virtual Status PutLinkIndex(std::vector<LinkUpdate> updates) = 0;
  // The bulk rebuild, in four steps. ClearLinkIndex empties the index and
  // the waiting list (every report is about to be read; one filed or
  // answered meanwhile waits again) and marks the index incomplete, so that a
  // rebuild cut short by a crash starts over (LinkIndexVersion answers -1).
  // PutLinkEntries puts reports' entries back, page by page. PutLinkPostings
  // writes postings merged from `runs` (each sorted); successive calls must
  // come in key order (each call's postings after the last call's), so that
  // every row is appended. FinishLinkRebuild marks the index whole.
  virtual Status ClearLinkIndex() = 0;
  virtual Status PutLinkEntries(std::vector<LinkEntriesRow> rows) = 0;
  virtual Status PutLinkPostings(std::vector<std::vector<LinkPosting>> runs) = 0;
  virtual Status FinishLinkRebuild() = 0;
  // The index's version (the extraction rules it was built with; -1 while a
  // bulk rebuild is unfinished), and setting it: a new version empties the
  // index and every report waits.
  virtual Result<std::int64_t> LinkIndexVersion() = 0;
  virtual Status ResetLinkIndex(std::int64_t version) = 0;
};

}  // namespace portsafe::store
