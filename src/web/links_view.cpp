#include "web/links_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "intel/check_digits.h"
#include "web/staff_view.h"
#include "web/templates.h"

namespace portsafe::web {
namespace {

using intel::Kind;
using intel::MatchKind;

constexpr double kReportW = 130, kReportH = 38, kIdentW = 190, kIdentH = 24;
constexpr double kColumn = 250;  // from one column's centre to the next
constexpr double kStep = 50;     // the least distance between two centres in a column
constexpr double kMargin = 20;

// Column of a node: the report 0, its identifiers 1, linked reports 2, their
// identifiers 3, reports two hops out 4.
int Column(const service::LinkGraph::Node& n) {
  if (n.report) return n.center ? 0 : 2 * n.depth;
  return 2 * n.depth + 1;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Shorten(const std::string& s, size_t max) {
  return s.size() <= max ? s : s.substr(0, max - 1) + "…";
}

}  // namespace

std::string EntryText(const intel::Entry& e) {
  std::string out = std::string(intel::KindLabel(e.kind)) + " " + e.value;
  if (!e.valid) {
    switch (e.kind) {
      case Kind::kContainer:
      case Kind::kImo:
        out += " (check digit fails)";
        break;
      case Kind::kMmsi:
        out += " (no such MID)";
        break;
      default:
        out += " (not a valid form)";
    }
  }
  return out;
}

std::string SharedText(const service::SharedEntry& s, const std::string& other_value) {
  switch (s.match) {
    case MatchKind::kExact:
      return EntryText(s.entry);
    case MatchKind::kNear: {
      const std::string theirs = other_value.empty() ? s.shared : other_value;
      return s.entry.valid
                 ? "Container " + s.entry.value + ", written " + theirs +
                       " there (check digit fails there)"
                 : "Container " + s.entry.value + " (check digit fails), " + theirs + " there";
    }
    case MatchKind::kOwner:
      return "Owner code " + s.shared + (other_value.empty() ? "" : " (" + other_value + ")");
  }
  return EntryText(s.entry);
}

GraphLayout LayoutGraph(const service::LinkGraph& g) {
  const size_t n = g.nodes.size();
  GraphLayout out;
  out.at.resize(n);
  int columns = 0;
  for (const auto& node : g.nodes) columns = std::max(columns, Column(node) + 1);
  std::vector<std::vector<size_t>> neighbours(n);
  for (const auto& e : g.edges) {
    neighbours[e.report].push_back(e.identifier);
    neighbours[e.identifier].push_back(e.report);
  }
  std::vector<std::vector<size_t>> column(static_cast<size_t>(std::max(columns, 1)));
  for (size_t i = 0; i < n; ++i) column[static_cast<size_t>(Column(g.nodes[i]))].push_back(i);
  size_t tallest = 1;
  for (const auto& c : column) tallest = std::max(tallest, c.size());
  const double middle = kMargin + kStep * static_cast<double>(tallest) / 2;
  std::vector<bool> placed(n, false);
  for (size_t c = 0; c < column.size(); ++c) {
    // Each node wishes to sit level with the placed nodes it hangs on.
    std::vector<std::pair<double, size_t>> wish;
    for (size_t k = 0; k < column[c].size(); ++k) {
      const size_t i = column[c][k];
      double sum = 0;
      int count = 0;
      for (size_t j : neighbours[i]) {
        if (!placed[j]) continue;
        sum += out.at[j].y;
        ++count;
      }
      const double centred =
          middle + kStep * (static_cast<double>(k) - static_cast<double>(column[c].size() - 1) / 2);
      wish.emplace_back(count > 0 ? sum / count : centred, i);
    }
    std::stable_sort(wish.begin(), wish.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    // Push apart downwards, then move the block so that its middle stays
    // where the wishes' middle was.
    double wished = 0;
    for (const auto& w : wish) wished += w.first;
    for (size_t k = 1; k < wish.size(); ++k) {
      wish[k].first = std::max(wish[k].first, wish[k - 1].first + kStep);
    }
    double got = 0;
    for (const auto& w : wish) got += w.first;
    const double shift = wish.empty() ? 0 : (wished - got) / static_cast<double>(wish.size());
    for (auto& [y, i] : wish) {
      out.at[i] = {kMargin + kIdentW / 2 + kColumn * static_cast<double>(c), y + shift};
      placed[i] = true;
    }
  }
  // Everything moved down so that the highest box starts at the margin.
  double top = 0, bottom = 0;
  bool first = true;
  for (const auto& p : out.at) {
    top = first ? p.y : std::min(top, p.y);
    bottom = first ? p.y : std::max(bottom, p.y);
    first = false;
  }
  const double down = kMargin + kReportH / 2 - top;
  for (auto& p : out.at) p.y += down;
  out.width = 2 * kMargin + kIdentW + kColumn * std::max(columns - 1, 0);
  out.height = bottom - top + 2 * kMargin + kReportH;
  return out;
}

std::string LinkGraphSvg(const service::LinkGraph& g, const std::string& title) {
  const GraphLayout layout = LayoutGraph(g);
  const auto& at = layout.at;
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"link-graph\" role=\"group\" "
      "aria-labelledby=\"link-graph-title\" viewBox=\"0 0 " +
      Num(layout.width) + " " + Num(layout.height) +
      // Drawn at its own size, never scaled down: its 11 px labels stay
      // 11 px, and the figure around it scrolls on a narrow screen.
      "\" width=\"" + Num(layout.width) + "\" height=\"" + Num(layout.height) +
      "\"><title id=\"link-graph-title\">" + text::XmlEscape(title) + "</title>";
  for (const auto& e : g.edges) {
    const auto& a = at[e.report];
    const auto& b = at[e.identifier];
    svg += "<line x1=\"" + Num(a.x) + "\" y1=\"" + Num(a.y) + "\" x2=\"" + Num(b.x) + "\" y2=\"" +
           Num(b.y) + "\" stroke=\"#595959\" stroke-width=\"1.5\"" +
           (e.match == MatchKind::kNear ? " stroke-dasharray=\"6 4\"" : "") + "/>";
  }
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const auto& node = g.nodes[i];
    const auto& p = at[i];
    if (node.report) {
      const std::string fill = node.open ? "#0d2a54" : "#ffffff";
      const std::string ink = node.open ? "#ffffff" : "#1a1a1a";
      svg += "<a href=\"/handle/reports/" + text::XmlEscape(node.report_id) + "\"><rect x=\"" +
             Num(p.x - kReportW / 2) + "\" y=\"" + Num(p.y - kReportH / 2) + "\" width=\"" +
             Num(kReportW) + "\" height=\"" + Num(kReportH) + "\" rx=\"4\" fill=\"" + fill +
             "\" stroke=\"" + (node.center ? "#b35900" : "#0d2a54") + "\" stroke-width=\"" +
             (node.center ? "4" : "1.5") + "\"/><text x=\"" + Num(p.x) + "\" y=\"" + Num(p.y - 3) +
             "\" text-anchor=\"middle\" font-size=\"13\" fill=\"" + ink + "\">" +
             text::XmlEscape(ShortId(node.report_id)) + "</text><text x=\"" + Num(p.x) + "\" y=\"" +
             Num(p.y + 13) + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" + ink + "\">" +
             text::XmlEscape(Label(kStatusLabels, core::ToString(node.status))) + "</text></a>";
    } else {
      svg += "<rect x=\"" + Num(p.x - kIdentW / 2) + "\" y=\"" + Num(p.y - kIdentH / 2) +
             "\" width=\"" + Num(kIdentW) + "\" height=\"" + Num(kIdentH) +
             "\" rx=\"12\" fill=\"#f3f2f1\" stroke=\"" +
             (node.entry.valid ? "#595959" : "#b35900") + "\"/><text x=\"" + Num(p.x) + "\" y=\"" +
             Num(p.y + 4) + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1a1a1a\">" +
             text::XmlEscape(Shorten(
                 std::string(intel::KindLabel(node.entry.kind)) + " " + node.entry.value, 30)) +
             "</text>";
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace portsafe::web
