#include "web/links_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "intel/check_digits.h"
#include "web/staff_view.h"
#include "web/templates.h"

namespace portsafe::web {
namespace {

using intel::Kind;
using intel::MatchKind;

constexpr double kPi = 3.14159265358979323846;
constexpr double kReportW = 130, kReportH = 38, kIdentW = 190, kIdentH = 24;

// Ring of a node: the report in the middle 0, its identifiers 1, linked
// reports 2, their identifiers 3, reports two hops out 4.
int Ring(const service::LinkGraph::Node& n) {
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

// Spreads angles (sorted by their wish) so that neighbours are at least
// `gap` apart; when they cannot all fit, evenly round the circle.
void Spread(std::vector<std::pair<double, size_t>>& wish, double gap) {
  const size_t n = wish.size();
  if (n < 2) return;
  std::sort(wish.begin(), wish.end());
  if (gap * static_cast<double>(n) >= 2 * kPi) {
    for (size_t i = 0; i < n; ++i) wish[i].first = wish[0].first + 2 * kPi * i / n;
    return;
  }
  for (size_t i = 1; i < n; ++i) wish[i].first = std::max(wish[i].first, wish[i - 1].first + gap);
  // The last may now crowd the first from the other side: pull the whole
  // run back by what overflows.
  const double over = wish[n - 1].first - (wish[0].first + 2 * kPi - gap);
  if (over > 0) {
    for (auto& w : wish) w.first -= over;
    for (size_t i = n - 1; i-- > 0;) {
      wish[i].first = std::min(wish[i].first, wish[i + 1].first - gap);
    }
  }
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
      const std::string mine = s.entry.value;
      const std::string theirs = other_value.empty() ? s.shared : other_value;
      return "Container " + mine + ", one character from " + theirs + " there" +
             (s.entry.valid ? " (mistyped there)" : " (mistyped here)");
    }
    case MatchKind::kOwner:
      return "Owner code " + s.shared + (other_value.empty() ? "" : " (" + other_value + ")");
  }
  return EntryText(s.entry);
}

std::vector<GraphPoint> LayoutGraph(const service::LinkGraph& g, double size) {
  const size_t n = g.nodes.size();
  std::vector<GraphPoint> at(n);
  std::vector<double> angle(n, 0);
  int rings = 0;
  for (const auto& node : g.nodes) rings = std::max(rings, Ring(node));
  const double centre = size / 2;
  const double outer = size / 2 - std::max(kIdentW, kReportW) / 2 - 8;
  auto radius = [&](int ring) { return rings == 0 ? 0.0 : outer * ring / rings; };
  std::vector<std::vector<size_t>> neighbours(n);
  for (const auto& e : g.edges) {
    neighbours[e.report].push_back(e.identifier);
    neighbours[e.identifier].push_back(e.report);
  }
  std::vector<bool> placed(n, false);
  for (int ring = 0; ring <= rings; ++ring) {
    std::vector<std::pair<double, size_t>> wish;
    for (size_t i = 0; i < n; ++i) {
      if (Ring(g.nodes[i]) != ring) continue;
      // Towards the placed nodes it hangs on (their circular mean).
      double sx = 0, sy = 0;
      for (size_t j : neighbours[i]) {
        if (!placed[j] || Ring(g.nodes[j]) >= ring) continue;
        sx += std::cos(angle[j]);
        sy += std::sin(angle[j]);
      }
      const double a = (sx == 0 && sy == 0)
                           ? 2 * kPi * static_cast<double>(wish.size()) / std::max<double>(1, n)
                           : std::atan2(sy, sx);
      wish.emplace_back(a, i);
    }
    if (ring == 1) {
      // The centre's identifiers: evenly round it, in their order.
      for (size_t k = 0; k < wish.size(); ++k) wish[k].first = 2 * kPi * k / wish.size() - kPi / 2;
    }
    const double r = radius(ring);
    const double width = ring % 2 == 1 ? kIdentW : kReportW;
    const double gap = r > 0 ? 2 * std::asin(std::min(1.0, (width * 0.55 + 6) / r)) / 2 : 0;
    // Boxes are wide, not tall: at the sides of a ring they need less room.
    Spread(wish, ring == 0 ? 0 : std::max(gap, 2 * std::atan((kReportH + 10) / std::max(1.0, r))));
    for (const auto& [a, i] : wish) {
      angle[i] = a;
      at[i] = {centre + r * std::cos(a), centre + r * std::sin(a)};
      placed[i] = true;
    }
  }
  return at;
}

std::string LinkGraphSvg(const service::LinkGraph& g, const std::string& title) {
  constexpr double kSize = 1000;
  const auto at = LayoutGraph(g, kSize);
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"link-graph\" role=\"img\" "
      "aria-labelledby=\"link-graph-title\" viewBox=\"0 0 1000 1000\" width=\"100%\">"
      "<title id=\"link-graph-title\">" +
      XmlEscape(title) + "</title>";
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
      svg += "<a href=\"/handle/reports/" + XmlEscape(node.report_id) + "\"><rect x=\"" +
             Num(p.x - kReportW / 2) + "\" y=\"" + Num(p.y - kReportH / 2) + "\" width=\"" +
             Num(kReportW) + "\" height=\"" + Num(kReportH) + "\" rx=\"4\" fill=\"" + fill +
             "\" stroke=\"" + (node.center ? "#b35900" : "#0d2a54") + "\" stroke-width=\"" +
             (node.center ? "4" : "1.5") + "\"/><text x=\"" + Num(p.x) + "\" y=\"" + Num(p.y - 3) +
             "\" text-anchor=\"middle\" font-size=\"13\" fill=\"" + ink + "\">" +
             XmlEscape(ShortId(node.report_id)) + "</text><text x=\"" + Num(p.x) + "\" y=\"" +
             Num(p.y + 13) + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" + ink + "\">" +
             XmlEscape(Label(kStatusLabels, node.status)) + "</text></a>";
    } else {
      svg += "<rect x=\"" + Num(p.x - kIdentW / 2) + "\" y=\"" + Num(p.y - kIdentH / 2) +
             "\" width=\"" + Num(kIdentW) + "\" height=\"" + Num(kIdentH) +
             "\" rx=\"12\" fill=\"#f3f2f1\" stroke=\"" +
             (node.entry.valid ? "#595959" : "#b35900") + "\"/><text x=\"" + Num(p.x) + "\" y=\"" +
             Num(p.y + 4) + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1a1a1a\">" +
             XmlEscape(Shorten(
                 std::string(intel::KindLabel(node.entry.kind)) + " " + node.entry.value, 30)) +
             "</text>";
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace portsafe::web
