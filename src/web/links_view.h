// How links between reports are shown: the identifiers in words, and the
// link graph as SVG drawn on the server (no library and no script in the
// browser). The graph is laid out in columns, left to right: the report, its
// identifiers, the reports that share them (and, two hops out, their
// identifiers and reports). Within a column each node sits level with what
// it hangs on, as far as the column's spacing allows, so lines cross little
// and no two boxes overlap; the drawing grows with the graph.
#pragma once

#include <string>
#include <vector>

#include "intel/blind_index.h"
#include "service/link_service.h"

namespace portsafe::web {

// "Container CSQU3054383", "Container CSQU3054384 (check digit fails)".
std::string EntryText(const intel::Entry& e);
// What two reports share, in words: "Container CSQU3054383", "Container
// CSQU3054383, written CSQU3054384 there (check digit fails there)", "Owner
// code CSQ (CSQU1234565)".
std::string SharedText(const service::SharedEntry& s, const std::string& other_value);

// Where each node of a graph goes (its centre), and the size of the drawing.
struct GraphPoint {
  double x = 0, y = 0;
};
struct GraphLayout {
  std::vector<GraphPoint> at;  // one per node
  double width = 0, height = 0;
};
GraphLayout LayoutGraph(const service::LinkGraph& g);

// The graph as an <svg> element (a group named by its title, so that the
// reports in it stay links a keyboard and a screen reader reach): reports
// are links to their pages, edges of a near (mistyped) match dashed, open
// reports filled, closed ones outlined.
std::string LinkGraphSvg(const service::LinkGraph& g, const std::string& title);

}  // namespace portsafe::web
