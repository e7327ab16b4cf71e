// The queue's link graph on its own: links kept both ways, open counts that
// follow statuses, the raised order, the cap, and removal. A model (a plain
// map of sets) is run beside it through random changes and the two must
// agree after every step.
#include "service/open_link_graph.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace portsafe::service {
namespace {

using core::Priority;

std::string Id(int n) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%032x", n);
  return buf;
}

QueueKey Open(Priority p = Priority::kNormal, const std::string& day = "2026-11-01") {
  return {true, p, day};
}
QueueKey Closed(Priority p = Priority::kNormal, const std::string& day = "2026-11-01") {
  return {false, p, day};
}

std::vector<std::string> Ids(const std::vector<std::pair<std::string, std::string>>& raised) {
  std::vector<std::string> out;
  for (const auto& r : raised) out.push_back(r.second);
  return out;
}

TEST(OpenLinkGraphTest, ALinkRaisesBothOpenReportsAndClosingOneLowersTheOther) {
  OpenLinkGraph g;
  g.SetLinks(Id(1), {Id(2)}, {{Id(1), Open()}, {Id(2), Open()}});
  EXPECT_EQ(g.OpenLinks(Id(1)), 1);
  EXPECT_EQ(g.OpenLinks(Id(2)), 1);  // kept both ways
  EXPECT_TRUE(g.Raised(Id(1), Priority::kNormal));
  EXPECT_FALSE(g.Raised(Id(1), Priority::kHigh));
  EXPECT_EQ(Ids(g.RaisedAfter(Priority::kNormal, "", "", 10)),
            (std::vector<std::string>{Id(1), Id(2)}));
  g.SetKey(Id(2), Closed());
  EXPECT_EQ(g.OpenLinks(Id(1)), 0);
  EXPECT_EQ(g.OpenLinks(Id(2)), 0);  // closed: counts nothing
  EXPECT_TRUE(g.RaisedAfter(Priority::kNormal, "", "", 10).empty());
  g.SetKey(Id(2), Open());  // reopened
  EXPECT_EQ(g.raised(), 2u);
  g.Remove(Id(1));  // purged
  EXPECT_EQ(g.OpenLinks(Id(2)), 0);
  EXPECT_EQ(g.size(), 0u);  // a report with no link is not kept
}

TEST(OpenLinkGraphTest, RaisedReportsComeByPriorityThenDateThenIdAfterTheCursor) {
  OpenLinkGraph g;
  std::map<std::string, QueueKey> keys = {{Id(1), Open(Priority::kHigh, "2026-11-05")},
                                          {Id(2), Open(Priority::kNormal, "2026-11-03")},
                                          {Id(3), Open(Priority::kNormal, "2026-11-01")},
                                          {Id(4), Open(Priority::kNormal, "2026-11-03")}};
  g.SetLinks(Id(1), {Id(2), Id(3), Id(4)}, keys);
  EXPECT_EQ(Ids(g.RaisedAfter(Priority::kHigh, "", "", 10)), (std::vector<std::string>{Id(1)}));
  EXPECT_EQ(Ids(g.RaisedAfter(Priority::kNormal, "", "", 10)),
            (std::vector<std::string>{Id(3), Id(2), Id(4)}));
  EXPECT_EQ(Ids(g.RaisedAfter(Priority::kNormal, "2026-11-03", Id(2), 10)),
            (std::vector<std::string>{Id(4)}));
  EXPECT_EQ(Ids(g.RaisedAfter(Priority::kNormal, "", "", 2)),
            (std::vector<std::string>{Id(3), Id(2)}));
  // A new priority moves it.
  g.SetKey(Id(3), Open(Priority::kThreatToLife, "2026-11-01"));
  EXPECT_TRUE(g.Raised(Id(3), Priority::kThreatToLife));
  EXPECT_EQ(Ids(g.RaisedAfter(Priority::kNormal, "", "", 10)),
            (std::vector<std::string>{Id(2), Id(4)}));
}

TEST(OpenLinkGraphTest, AFloodOfReportsNamingOneThingKeepsAFewLinksEach) {
  OpenLinkGraph g;
  std::map<std::string, QueueKey> keys;
  for (int i = 0; i < 1000; ++i) keys[Id(i)] = Open();
  for (int i = 0; i < 1000; ++i) {
    std::vector<std::string> linked;
    for (int j = 0; j < 1000; j += 7) linked.push_back(Id(j));
    g.SetLinks(Id(i), linked, keys);
  }
  for (int i = 0; i < 1000; ++i) {
    EXPECT_LE(g.OpenLinks(Id(i)),
              static_cast<int>(OpenLinkGraph::kMaxLinksKept + OpenLinkGraph::kMaxCandidates));
    EXPECT_GT(g.OpenLinks(Id(i)), 0) << i;  // every one of them is raised
  }
  EXPECT_EQ(g.raised(), 1000u);
}

// Twenty reports naming one van: each keeps a few links, and every one is
// raised, the last indexed too, although the others' room is taken.
TEST(OpenLinkGraphTest, EveryReportOfALargeClusterIsRaised) {
  OpenLinkGraph g;
  std::map<std::string, QueueKey> keys;
  std::vector<std::string> all;
  for (int i = 0; i < 20; ++i) {
    keys[Id(i)] = Open();
    all.push_back(Id(i));
  }
  for (int i = 0; i < 20; ++i) {
    std::vector<std::string> others;
    for (const auto& o : all) {
      if (o != Id(i) && others.size() < OpenLinkGraph::kMaxCandidates) others.push_back(o);
    }
    g.SetLinks(Id(i), others, keys);
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(g.Raised(Id(i), Priority::kNormal)) << i;
    EXPECT_GE(g.OpenLinks(Id(i)), 1) << i;
  }
}

TEST(OpenLinkGraphTest, IdsThatAreNotReportIdsAndGoneReportsAreLeftOut) {
  OpenLinkGraph g;
  g.SetLinks("not an id", {Id(2)}, {{"not an id", Open()}, {Id(2), Open()}});
  g.SetLinks(Id(1), {"ABCDEF00000000000000000000000000", Id(3)}, {{Id(1), Open()}});
  EXPECT_EQ(g.size(), 0u);  // Id(3) has no key: purged meanwhile
  g.SetLinks(Id(1), {Id(2)}, {{Id(1), Open()}, {Id(2), Open()}});
  g.SetLinks(Id(1), {Id(2)}, {{Id(2), Open()}});  // Id(1) itself gone
  EXPECT_EQ(g.size(), 0u);
  EXPECT_EQ(g.OpenLinks(Id(2)), 0);
}

// The graph against a model of the same changes: symmetric links under the
// cap, open counts, and the raised list in order.
TEST(OpenLinkGraphTest, AgreesWithAModelThroughRandomChanges) {
  std::mt19937 rng(7);
  constexpr int kReports = 60;
  OpenLinkGraph g;
  std::map<std::string, QueueKey> keys;
  for (int i = 0; i < kReports; ++i) {
    keys[Id(i)] = {true, static_cast<Priority>(rng() % 3),
                   "2026-11-0" + std::to_string(1 + rng() % 9)};
  }
  std::map<std::string, std::set<std::string>> model;
  std::map<std::string, int> untracked;  // open, linked, no link kept: as at its SetLinks
  auto unlink_all = [&](const std::string& id) {
    for (const auto& o : model[id]) model[o].erase(id);
    model.erase(id);
    untracked.erase(id);
  };
  for (int step = 0; step < 3000; ++step) {
    const std::string id = Id(static_cast<int>(rng() % kReports));
    switch (rng() % 4) {
      case 0:
      case 1: {  // relink
        std::vector<std::string> linked;
        for (int n = static_cast<int>(rng() % 5); n > 0; --n) {
          linked.push_back(Id(static_cast<int>(rng() % kReports)));
        }
        g.SetLinks(id, linked, keys);
        // The model: old links of id dropped, then each new one added while
        // both sides have room (in the order given, at most the cap taken).
        unlink_all(id);
        size_t taken = 0;
        std::set<std::string> candidates;
        for (const auto& o : linked) {
          if (o == id || taken == OpenLinkGraph::kMaxCandidates) continue;
          ++taken;
          candidates.insert(o);
          if (model[id].count(o)) continue;
          if (model[id].size() < OpenLinkGraph::kMaxLinksKept &&
              model[o].size() < OpenLinkGraph::kMaxLinksKept) {
            model[id].insert(o);
            model[o].insert(id);
          }
        }
        for (const auto& o : candidates) {
          if (!model[id].count(o) && keys[o].open) ++untracked[id];
        }
        break;
      }
      case 2:
        keys[id].open = !keys[id].open;
        keys[id].priority = static_cast<Priority>(rng() % 3);
        g.SetKey(id, keys[id]);
        break;
      case 3:
        if (rng() % 4 == 0) {
          g.Remove(id);
          unlink_all(id);
        }
        break;
    }
    for (auto it = model.begin(); it != model.end();) {
      it = it->second.empty() && untracked[it->first] == 0 ? model.erase(it) : std::next(it);
    }
    for (auto it = untracked.begin(); it != untracked.end();) {  // kept in the graph too
      if (it->second > 0) model[it->first];
      it = it->second == 0 ? untracked.erase(it) : std::next(it);
    }
    ASSERT_EQ(g.size(), model.size()) << "step " << step;
    std::map<int, std::vector<std::tuple<std::string, std::string>>> raised;
    for (const auto& [r, others] : model) {
      int open = untracked.count(r) ? untracked[r] : 0;
      for (const auto& o : others) open += keys[o].open ? 1 : 0;
      ASSERT_EQ(g.OpenLinks(r), keys[r].open ? open : 0) << "step " << step << " " << r;
      if (keys[r].open && open > 0) {
        raised[static_cast<int>(keys[r].priority)].emplace_back(keys[r].received_on, r);
      }
    }
    for (int p = 0; p < 3; ++p) {
      auto& want = raised[p];
      std::sort(want.begin(), want.end());
      std::vector<std::string> ids;
      for (const auto& w : want) ids.push_back(std::get<1>(w));
      ASSERT_EQ(Ids(g.RaisedAfter(static_cast<Priority>(p), "", "", 1000)), ids) << "step " << step;
    }
  }
}

}  // namespace
}  // namespace portsafe::service
