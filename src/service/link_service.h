// Intelligence linking for handlers and supervisors: the identifiers of a
// report, the other reports that name the same container, ship, vehicle,
// phone or address, the link graph, and the count of open reports each open
// report links to (which raises it in the queue). Implemented by
// LinkServiceImpl; tests use MockLinkService
// (tests/service/mock_link_service.h).
//
// Every call takes the caller's session: kPermissionDenied for a role that
// may not read reports or a session without the service key (the index's
// keys come from it); kNotFound for an unknown report. Reading links is
// written to the audit log before the answer.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/report_status.h"
#include "intel/blind_index.h"
#include "service/link_index.h"
#include "service/near_duplicates.h"
#include "service/open_link_graph.h"
#include "service/staff_session.h"

namespace portsafe::service {

struct LinkedReport {
  std::string report_id;
  core::ReportStatus status = core::ReportStatus::kNew;
  std::string received_on;  // YYYY-MM-DD
  bool open = false;        // not closed
  bool strong = false;      // shares more than an owner code or a port
  int score = 0;            // the sum of Weight() over `shared`
  // What it shares with the report looked up; for a mistyped container the
  // other report's code is in `other_values` (same order).
  std::vector<SharedEntry> shared;
  std::vector<std::string> other_values;
};

struct ReportLinks {
  std::string report_id;
  bool indexed = true;  // false: not indexed yet (a rebuild is under way); nothing else is set
  std::vector<intel::Entry> identifiers;  // the report's own, sorted
  std::vector<LinkedReport> links;        // strongest first, at most LinkOptions::max_listed
  size_t more = 0;                        // linked reports beyond those listed
  std::vector<SharedEntry> common;        // identifiers too common to list every report
  std::int64_t pending = 0;               // reports still waiting to be indexed
};

// A report, its identifiers and the reports they link to, for drawing.
struct LinkGraph {
  struct Node {
    bool report = false;                                   // a report, or an identifier
    std::string report_id;                                 // reports
    core::ReportStatus status = core::ReportStatus::kNew;  // reports
    bool open = false;                                     // reports
    bool center = false;                                   // the report the graph is about
    int depth = 0;       // hops from the centre report (identifiers: of the report they hang on)
    intel::Entry entry;  // identifiers
  };
  struct Edge {
    size_t report = 0;      // index of a report node
    size_t identifier = 0;  // index of an identifier node
    intel::MatchKind match = intel::MatchKind::kExact;
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  bool truncated = false;  // more reports linked than drawn
  ReportLinks about;       // the centre report's links, as Links() gives them
};

struct IndexRun {
  size_t indexed = 0;  // reports (re)indexed
  size_t removed = 0;  // purged reports whose index was removed
  bool rebuilt = false;
};

class LinkService {
 public:
  virtual ~LinkService() = default;

  // The report's identifiers and links. A report not yet indexed is indexed
  // first, unless indexing is under way elsewhere (then `indexed` is false).
  virtual Result<ReportLinks> Links(const StaffSession& s, const std::string& report_id) = 0;
  // The graph around a report: `depth` 1 draws the reports linked to it, 2
  // also the reports linked to those (at most LinkOptions::max_graph_reports);
  // with the report's links as Links() gives them (one audit entry for both).
  virtual Result<LinkGraph> Graph(const StaffSession& s, const std::string& report_id,
                                  int depth) = 0;
  // The reports (ids, at most 200) that name an identifier found in `text`
  // (a container, ship, vehicle, phone number or address typed in the
  // queue's search), as the link index finds them. Empty when the text
  // holds no identifier. Audited ("links.searched"), never the text.
  virtual Result<std::vector<std::string>> ReportsNaming(const StaffSession& s,
                                                         const std::string& text) = 0;
  // Before a page of the queue: a few waiting reports are indexed now (as
  // for a report's links), so the queue's links are complete.
  virtual Status CatchUpForQueue(const StaffSession& s) = 0;
  // Which open reports are linked to which, kept in memory for the queue
  // (service/open_link_graph.h). Owned by the service; never null.
  virtual OpenLinkGraph* open_links() = 0;
  // Which open reports are near-identical, kept in memory for the handlers'
  // groups (service/near_duplicates.h). Owned by the service; never null.
  virtual NearDuplicates* near_duplicates() = 0;
  // Indexes every report that waits (new reports, new reporter messages) and
  // removes what purged reports left behind; a large backlog or a change of
  // the extraction rules rebuilds the whole index in bulk.
  virtual Result<IndexRun> IndexPending(const StaffSession& s) = 0;
};

}  // namespace portsafe::service
