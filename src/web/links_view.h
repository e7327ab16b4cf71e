// How links between reports are shown: the identifiers in words, and the
// link graph as SVG drawn on the server (no library and no script in the
// browser). The graph is laid out in rings: the report in the middle, its
// identifiers around it, the reports that share them further out (and, two
// hops out, their identifiers and reports), each placed towards what it
// hangs on and spread so that no two overlap.
#pragma once

#include <string>
#include <vector>

#include "intel/blind_index.h"
#include "service/link_service.h"

namespace portsafe::web {

// "Container CSQU3054383", "Container CSQU3054384 (check digit fails)".
std::string EntryText(const intel::Entry& e);
// What two reports share, in words: "Container CSQU3054383", "Container
// CSQU3054383, written CSQU3054384 there", "Owner code CSQ (CSQU1234565)".
std::string SharedText(const service::SharedEntry& s, const std::string& other_value);

// Where each node of a graph goes, in a square of `size` units.
struct GraphPoint {
  double x = 0, y = 0;
};
std::vector<GraphPoint> LayoutGraph(const service::LinkGraph& g, double size);

// The graph as an <svg> element: reports are links to their pages, edges of
// a near (mistyped) match dashed, open reports filled, closed ones outlined.
std::string LinkGraphSvg(const service::LinkGraph& g, const std::string& title);

}  // namespace portsafe::web
