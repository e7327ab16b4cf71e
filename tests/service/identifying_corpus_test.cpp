// The identifying-content check measured on the labelled corpus
// (tests/testdata/identifying/corpus/*.txt): drafts as handlers write them,
// half carrying one element that could identify the reporter (its words
// given as the marker), half pure intelligence. The check runs as the
// service runs it (service::CheckIdentifying: the extractor's identifiers,
// the port directory, the operators). Targets (issue 17, docs/security.md):
// at least 95% of identifying drafts get a warning that points at the
// marker, and at most 10% of clean drafts draw any warning at all.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "common/clock.h"
#include "service/facilities.h"
#include "service/identifying_context.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {

struct Draft {
  std::string id, label, kind, marker, original, text;
};

std::vector<Draft> ReadCorpus(const std::string& path) {
  std::vector<Draft> out;
  std::istringstream in(testing::ReadAll(path));
  std::string line;
  Draft d;
  auto flush = [&] {
    if (!d.id.empty()) out.push_back(d);
    d = Draft{};
  };
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) == 0) {
      flush();
      d.id = line.substr(4);
    } else if (line.rfind("label: ", 0) == 0) {
      d.label = line.substr(7);
    } else if (line.rfind("kind: ", 0) == 0) {
      d.kind = line.substr(6);
    } else if (line.rfind("marker: ", 0) == 0) {
      d.marker = line.substr(8);
    } else if (line.rfind("original: ", 0) == 0) {
      d.original = line.substr(10);
    } else if (line.rfind("draft: ", 0) == 0) {
      d.text = line.substr(7);
    }
  }
  flush();
  return out;
}

struct Tally {
  int identifying = 0, pointed = 0, clean = 0, warned = 0;
};

TEST(IdentifyingCorpusTest, WarnsOnWhatIdentifiesAndLeavesTheIntelligenceAlone) {
  auto ports = LoadSeedPorts();
  ASSERT_TRUE(ports.ok());
  auto groups = LoadPortGroups();
  ASSERT_TRUE(groups.ok());
  const core::PortDirectory directory(std::move(*ports));
  const ManualClock clock(ManualClock::NoonOn("2026-11-26"));

  std::map<std::string, Tally> by_lang;
  std::map<std::string, std::pair<int, int>> by_kind;  // pointed, total
  std::string misses, alarms;
  const std::string dir = std::string(PORTSAFE_TESTDATA) + "/identifying/corpus";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    const std::string lang = entry.path().stem().string();
    for (const Draft& d : ReadCorpus(entry.path().string())) {
      ASSERT_FALSE(d.text.empty()) << d.id;
      const auto found = CheckIdentifying(d.original, d.text, directory, *groups, clock);
      Tally& t = by_lang[lang];
      if (d.label == "identifying") {
        const size_t at = d.text.find(d.marker);
        ASSERT_NE(at, std::string::npos) << d.id << ": the marker is not in the draft";
        bool pointed = false;
        for (const auto& f : found) {
          // Any occurrence of the excerpt that overlaps the marker's words.
          for (size_t p = d.text.find(f.excerpt); p != std::string::npos && !pointed;
               p = d.text.find(f.excerpt, p + 1)) {
            pointed = p < at + d.marker.size() && at < p + f.excerpt.size();
          }
        }
        ++t.identifying;
        t.pointed += pointed;
        auto& k = by_kind[d.kind];
        ++k.second;
        k.first += pointed;
        if (!pointed) misses += "  " + d.id + " [" + d.kind + "] " + d.marker + "\n";
      } else {
        ASSERT_EQ(d.label, "clean") << d.id;
        ++t.clean;
        if (!found.empty()) {
          ++t.warned;
          alarms += "  " + d.id + ":";
          for (const auto& f : found) alarms += " " + f.kind + " \"" + f.excerpt + "\"";
          alarms += "\n";
        }
      }
    }
  }
  Tally all;
  std::string report = "identifying-content corpus:\n";
  for (const auto& [lang, t] : by_lang) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "  %s: %d/%d identifying drafts pointed at (%.1f%%), %d/%d clean drafts warned "
                  "(%.1f%%)\n",
                  lang.c_str(), t.pointed, t.identifying, 100.0 * t.pointed / t.identifying,
                  t.warned, t.clean, 100.0 * t.warned / t.clean);
    report += line;
    all.identifying += t.identifying;
    all.pointed += t.pointed;
    all.clean += t.clean;
    all.warned += t.warned;
  }
  for (const auto& [kind, k] : by_kind) {
    report += "  " + kind + ": " + std::to_string(k.first) + "/" + std::to_string(k.second) + "\n";
  }
  std::fputs(report.c_str(), stdout);
  ASSERT_GE(by_lang["en"].identifying + by_lang["en"].clean, 300);
  ASSERT_GT(by_lang["pl"].identifying + by_lang["pl"].clean, 0);
  EXPECT_GE(all.pointed, all.identifying * 95 / 100.0) << report << "missed:\n" << misses;
  EXPECT_LE(all.warned, all.clean * 10 / 100.0) << report << "false alarms:\n" << alarms;
  if (std::getenv("PORTSAFE_CORPUS_VERBOSE")) {
    std::fputs(("missed:\n" + misses + "false alarms:\n" + alarms).c_str(), stdout);
  }
}

}  // namespace
}  // namespace portsafe::service
