#include "web/links_view.h"

#include <gtest/gtest.h>

#include <cmath>

namespace portsafe::web {
namespace {

using intel::Kind;
using intel::MatchKind;
using service::LinkGraph;

// A centre report with `ids` identifiers, each shared with `per` reports.
LinkGraph Star(size_t ids, size_t per) {
  LinkGraph g;
  LinkGraph::Node centre;
  centre.report = true;
  centre.center = true;
  centre.report_id = std::string(32, 'c');
  centre.status = core::ReportStatus::kNew;
  centre.open = true;
  g.nodes.push_back(centre);
  for (size_t i = 0; i < ids; ++i) {
    LinkGraph::Node id;
    id.entry = {Kind::kVrmGb, "AB1" + std::to_string(i) + "CDE", true};
    g.nodes.push_back(id);
    const size_t idn = g.nodes.size() - 1;
    g.edges.push_back({0, idn, MatchKind::kExact});
    for (size_t k = 0; k < per; ++k) {
      LinkGraph::Node r;
      r.report = true;
      r.depth = 1;
      r.report_id = std::to_string(i) + "-" + std::to_string(k) + std::string(28, 'a');
      r.status = k % 2 ? core::ReportStatus::kClosed : core::ReportStatus::kInProgress;
      r.open = k % 2 == 0;
      g.nodes.push_back(r);
      g.edges.push_back({g.nodes.size() - 1, idn, k == 0 ? MatchKind::kNear : MatchKind::kExact});
    }
  }
  return g;
}

TEST(LinksViewTest, EveryBoxIsInsideTheDrawingAndNoTwoOverlap) {
  for (auto [ids, per] : {std::pair<size_t, size_t>{1, 1}, {3, 2}, {5, 8}, {12, 3}}) {
    LinkGraph g = Star(ids, per);
    GraphLayout layout = LayoutGraph(g);
    const auto& at = layout.at;
    ASSERT_EQ(at.size(), g.nodes.size());
    auto w = [&](size_t i) { return g.nodes[i].report ? 130.0 : 190.0; };
    auto h = [&](size_t i) { return g.nodes[i].report ? 38.0 : 24.0; };
    for (size_t i = 0; i < at.size(); ++i) {
      EXPECT_GE(at[i].x - w(i) / 2, 0) << i;
      EXPECT_LE(at[i].x + w(i) / 2, layout.width) << i;
      EXPECT_GE(at[i].y - h(i) / 2, 0) << i;
      EXPECT_LE(at[i].y + h(i) / 2, layout.height) << i;
      for (size_t j = i + 1; j < at.size(); ++j) {
        const bool apart = std::abs(at[i].x - at[j].x) >= (w(i) + w(j)) / 2 ||
                           std::abs(at[i].y - at[j].y) >= (h(i) + h(j)) / 2;
        EXPECT_TRUE(apart) << ids << "x" << per << ": nodes " << i << " and " << j << " overlap";
      }
    }
    // Left to right: the report, its identifiers, the linked reports.
    EXPECT_LT(at[0].x, at[1].x);
    EXPECT_LT(at[1].x, at[2].x);
  }
}

TEST(LinksViewTest, ALinkedReportSitsLevelWithItsIdentifier) {
  LinkGraph g = Star(3, 1);  // nodes: centre, id0, r0, id1, r1, id2, r2
  GraphLayout layout = LayoutGraph(g);
  for (size_t id : {1u, 3u, 5u}) EXPECT_DOUBLE_EQ(layout.at[id].y, layout.at[id + 1].y);
}

TEST(LinksViewTest, SvgLinksReportsDashesNearMatchesAndEscapes) {
  LinkGraph g = Star(2, 2);
  g.nodes[1].entry = {Kind::kUrl, "x.example/<b>&\"", true};
  std::string svg = LinkGraphSvg(g, "Links of <report>");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("<title id=\"link-graph-title\">Links of &lt;report&gt;</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("href=\"/handle/reports/" + g.nodes[2].report_id + "\""), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_NE(svg.find("x.example/&lt;b&gt;&amp;&quot;"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(LinksViewTest, WordsForIdentifiersAndWhatIsShared) {
  EXPECT_EQ(EntryText({Kind::kContainer, "CSQU3054384", false}),
            "Container CSQU3054384 (check digit fails)");
  EXPECT_EQ(EntryText({Kind::kPhone, "+447700900123", true}), "Phone +447700900123");
  service::SharedEntry near{
      {Kind::kContainer, "CSQU3054383", true}, "CSQU3054383", MatchKind::kNear};
  EXPECT_EQ(SharedText(near, "CSQU3054384"),
            "Container CSQU3054383, written CSQU3054384 there (check digit fails there)");
  service::SharedEntry near_here{
      {Kind::kContainer, "CSQU3054384", false}, "CSQU3054383", MatchKind::kNear};
  EXPECT_EQ(SharedText(near_here, "CSQU3054383"),
            "Container CSQU3054384 (check digit fails), CSQU3054383 there");
  service::SharedEntry owner{{Kind::kContainer, "CSQU3054383", true}, "CSQ", MatchKind::kOwner};
  EXPECT_EQ(SharedText(owner, "CSQU0000010"), "Owner code CSQ (CSQU0000010)");
}

}  // namespace
}  // namespace portsafe::web
