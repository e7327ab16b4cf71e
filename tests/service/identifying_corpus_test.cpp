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
#include <cstdlib>
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

struct Measured {
  std::map<std::string, Tally> by_lang;
  std::map<std::string, std::pair<int, int>> by_kind;  // pointed, total
  Tally all;
  std::string report, misses, alarms;
};

// Runs the check over every draft of `dir`/*.txt as the service runs it.
Measured Measure(const std::string& dir) {
  Measured m;
  auto ports = LoadSeedPorts();
  auto groups = LoadPortGroups();
  if (!ports.ok() || !groups.ok()) {
    ADD_FAILURE() << "the port directory is not embedded";
    return m;
  }
  const core::PortDirectory directory(std::move(*ports));
  const ManualClock clock(ManualClock::NoonOn("2026-11-26"));
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    const std::string lang = entry.path().stem().string();
    for (const Draft& d : ReadCorpus(entry.path().string())) {
      EXPECT_FALSE(d.text.empty()) << d.id;
      const auto found = CheckIdentifying(d.original, d.text, directory, *groups, clock);
      Tally& t = m.by_lang[lang];
      if (d.label == "identifying") {
        const size_t at = d.text.find(d.marker);
        if (at == std::string::npos) {
          ADD_FAILURE() << d.id << ": the marker is not in the draft";
          continue;
        }
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
        auto& k = m.by_kind[d.kind];
        ++k.second;
        k.first += pointed;
        if (!pointed) m.misses += "  " + d.id + " [" + d.kind + "] " + d.marker + "\n";
      } else {
        EXPECT_EQ(d.label, "clean") << d.id;
        ++t.clean;
        if (!found.empty()) {
          ++t.warned;
          m.alarms += "  " + d.id + ":";
          for (const auto& f : found) m.alarms += " " + f.kind + " \"" + f.excerpt + "\"";
          m.alarms += "\n";
        }
      }
    }
  }
  m.report = "identifying-content check on " + dir + ":\n";
  for (const auto& [lang, t] : m.by_lang) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "  %s: %d/%d identifying drafts pointed at (%.1f%%), %d/%d clean drafts warned "
                  "(%.1f%%)\n",
                  lang.c_str(), t.pointed, t.identifying, 100.0 * t.pointed / t.identifying,
                  t.warned, t.clean, 100.0 * t.warned / t.clean);
    m.report += line;
    m.all.identifying += t.identifying;
    m.all.pointed += t.pointed;
    m.all.clean += t.clean;
    m.all.warned += t.warned;
  }
  for (const auto& [kind, k] : m.by_kind) {
    m.report +=
        "  " + kind + ": " + std::to_string(k.first) + "/" + std::to_string(k.second) + "\n";
  }
  std::fputs(m.report.c_str(), stdout);
  if (std::getenv("PORTSAFE_CORPUS_VERBOSE")) {
    std::fputs(("missed:\n" + m.misses + "false alarms:\n" + m.alarms).c_str(), stdout);
  }
  return m;
}

TEST(IdentifyingCorpusTest, WarnsOnWhatIdentifiesAndLeavesTheIntelligenceAlone) {
  const Measured m = Measure(std::string(PORTSAFE_TESTDATA) + "/identifying/corpus");
  ASSERT_GE(m.by_lang.at("en").identifying + m.by_lang.at("en").clean, 300);
  ASSERT_GT(m.by_lang.at("pl").identifying + m.by_lang.at("pl").clean, 0);
  EXPECT_GE(m.all.pointed, m.all.identifying * 95 / 100.0) << m.report << "missed:\n" << m.misses;
  EXPECT_LE(m.all.warned, m.all.clean * 10 / 100.0) << m.report << "false alarms:\n" << m.alarms;
}

// A second corpus, written later by another hand and never used to tune
// the rules: its figures are printed (docs/security.md quotes them), and
// only a collapse fails the test.
TEST(IdentifyingCorpusTest, HeldOutDraftsAreMeasuredToo) {
  const Measured m = Measure(std::string(PORTSAFE_TESTDATA) + "/identifying/heldout");
  ASSERT_GE(m.all.identifying + m.all.clean, 120);
  EXPECT_GE(m.all.pointed, m.all.identifying * 80 / 100.0) << m.report << m.misses;
  EXPECT_LE(m.all.warned, m.all.clean * 25 / 100.0) << m.report << m.alarms;
}

}  // namespace
}  // namespace portsafe::service
