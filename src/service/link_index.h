// The link index's operations on the store, shared by LinkServiceImpl and
// the benchmark (bench/link_bench.cpp): turning a report's entries into
// postings, finding the reports that share entries with it, and the bulk
// rebuild. Each takes the BlindIndex (the keys of a signed-in session) and
// the store; none keeps state. Thread-safe as far as the store is.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/port_directory.h"
#include "crypto/service_sealer.h"
#include "intel/blind_index.h"
#include "intel/extractor.h"
#include "intel/vehicle_marks.h"
#include "store/link_store.h"

namespace portsafe::service {

// The postings of `entries` for `report_id`, sorted.
std::vector<store::LinkPosting> PostingsFor(const intel::BlindIndex& index,
                                            const std::string& report_id,
                                            const std::vector<intel::Entry>& entries);

// The update that replaces a report's index: `old_entries` (what the store
// held, maybe none) by `entries`, sealed with the text's `sketch` (null for
// none).
store::LinkUpdate MakeLinkUpdate(const intel::BlindIndex& index, const std::string& report_id,
                                 const std::vector<intel::Entry>& old_entries,
                                 const std::vector<intel::Entry>& entries,
                                 const intel::TextSketch* sketch = nullptr);

// The update that takes a report out of the index (purged, or gone before
// it could be indexed): its postings of `old_entries` removed, no entries.
store::LinkUpdate RemovalUpdate(const intel::BlindIndex& index, const std::string& report_id,
                                const std::vector<intel::Entry>& old_entries);

// What two reports share, seen from the one looked up.
struct SharedEntry {
  intel::Entry entry;  // this report's identifier
  std::string shared;  // the value in common (the code, the owner, the valid code)
  intel::MatchKind match = intel::MatchKind::kExact;
  bool operator==(const SharedEntry& o) const {
    return entry == o.entry && shared == o.shared && match == o.match;
  }
};

// Whether a match says little on its own: an owner code, or a port's code.
bool IsWeak(const SharedEntry& s);
// How much a shared entry counts towards a link's rank.
int Weight(const SharedEntry& s);

struct FoundLinks {
  // Linked report id -> what it shares with this report.
  std::map<std::string, std::vector<SharedEntry>> links;
  // Terms shared with more reports than the caps let through.
  std::vector<SharedEntry> common;
};

struct FindOptions {
  size_t strong_cap = 200;  // reports read per identifier
  size_t weak_cap = 25;     // per owner code or port: beyond this it links nothing
  bool weak = true;         // follow weak matches at all
};

// The reports linked to `entries` (a report's, or a new text's), leaving out
// `self_id`.
Result<FoundLinks> FindLinks(const intel::BlindIndex& index, store::LinkStore* store,
                             const std::vector<intel::Entry>& entries, const std::string& self_id,
                             const FindOptions& options = {});

// What the index reads of a stored report: its free-text fields and the
// reporter's messages, opened with the service key (not the port, facility
// or category chosen from lists, which every report of a port shares).
// When `given` is set, it receives the entries the report states outright
// rather than in its text: an approach's handle (intel/handle.h).
// kInternal when anything does not open (a damaged row).
Result<std::string> LinkText(crypto::ServiceOpener& opener, const store::IndexSource& src,
                             std::vector<intel::Entry>* given = nullptr);

// A report's entries: those extracted from its `text`, and `given`, once
// each, sorted.
std::vector<intel::Entry> IndexEntries(const intel::Extractor& ex, std::string_view text,
                                       std::vector<intel::Entry> given);

struct RebuildRun {
  size_t reports = 0;
  size_t postings = 0;
  size_t damaged = 0;  // reports that did not decrypt: indexed with no identifiers
};

// Rebuilds the whole index from every stored report: pages of reports are
// read, decrypted with `service_key` (or one of `retired`, the pairs that
// rotations replaced), their identifiers extracted (`ports`
// for UN/LOCODEs) and sealed on `threads` threads, while the store writes
// the previous page's entries; then every posting is written in key order.
// Reports filed meanwhile wait for the next run. Vehicle marks are checked
// against `today` (the caller's clock).
Result<RebuildRun> RebuildLinkIndex(const intel::BlindIndex& index,
                                    const crypto::KeyPair& service_key,
                                    const std::vector<crypto::KeyPair>& retired,
                                    store::LinkStore* store, const core::PortDirectory* ports,
                                    intel::Today today, unsigned threads = 2);

}  // namespace portsafe::service
