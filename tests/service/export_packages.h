// What the export tests share (stix_bundle_test.cpp, misp_event_test.cpp):
// a package of every shape, the real port directory, and the validators of
// tests/tools run on a file.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <functional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "core/port_directory.h"
#include "service/facilities.h"
#include "service/package_export.h"

namespace portsafe::service::export_testing {

inline const core::PortDirectory& Ports() {
  static const core::PortDirectory* ports = [] {
    auto seed = LoadSeedPorts();
    EXPECT_TRUE(seed.ok());
    return new core::PortDirectory(seed.ok() ? std::move(*seed) : std::vector<core::Port>{});
  }();
  return *ports;
}

inline constexpr char kServiceName[] = "PortSafe Reporting Service";

// One of each identifier kind the extractor finds in free text.
inline constexpr char kRichText[] =
    "Container CSQU 305438 3 came off the ship IMO 9074729 (MMSI 232001234).\n"
    "A lorry AB12 CDE towed trailer A123 4567; an Irish car 191-D-12345 waited.\n"
    "Ring 07700 900123. Unloaded at GBSOU, taken to SW1A 1AA.\n"
    "Contact john@example.com or https://track.example/load?id=7 for the next one.";

inline PackageContent BasePackage() {
  PackageContent p;
  p.package_id = "3f9a0c1b2d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd";
  p.category = "drugs";
  p.insider_type = "deliberate";
  p.priority = core::Priority::kNormal;
  p.port_code = "GBFXT";
  p.facility_code = "FXT-TRINITY";
  p.received_month = "2026-11";
  p.sent_on = "2026-12-03";
  p.grade = {"2", "B", "P", ""};
  p.text = "Nothing here names anything that could be looked up.";
  return p;
}

struct Shape {
  std::string name;
  PackageContent content;
};

// Every shape of package: none and many identifiers, both handling codes,
// each priority and intelligence grade, an approach, hard text.
inline std::vector<Shape> Shapes() {
  std::vector<Shape> shapes;
  shapes.push_back({"no_identifiers", BasePackage()});
  PackageContent rich = BasePackage();
  rich.text = kRichText;
  shapes.push_back({"rich", rich});
  PackageContent conditions = rich;
  conditions.package_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  conditions.grade = {"1", "A", "C", "Share with Border Force only; \"no\" further dissemination."};
  shapes.push_back({"handling_c", conditions});
  PackageContent high = BasePackage();
  high.priority = core::Priority::kHigh;
  high.grade = {"3", "D", "P", ""};
  shapes.push_back({"priority_high", high});
  PackageContent life = rich;
  life.priority = core::Priority::kThreatToLife;
  life.grade = {"2", "E", "C", "Do not act before speaking to the handler."};
  shapes.push_back({"priority_threat_to_life", life});
  PackageContent approach = BasePackage();
  approach.category = "approach";
  approach.insider_type = "";
  approach.facility_code = "";
  approach.grade = {"2", "C", "P", ""};
  approach.text = "Someone offered money on the quay to look the other way. Ring 07700 900123.";
  shapes.push_back({"approach", approach});
  PackageContent hard = BasePackage();
  hard.text =
      "He said \"tonight\" at the \\ quay,\nthen left.\r\n\tGdańsk crew — ünïcödé 🚢 "
      "'quoted' </script> \x01 end. Port GBLGP, mail a.b+tag@sub.example.org";
  hard.port_code = "";
  shapes.push_back({"hard_text", hard});
  return shapes;
}

// Writes `text` to `path`.
inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

struct Run {
  int status = -1;  // the validator's exit status
  std::string output;
};

// Runs tests/tools/`script` on `file` with python3, stdout and stderr
// together.
inline Run RunValidator(const std::string& script, const std::string& file) {
  const std::string command = "python3 '" + std::string(PORTSAFE_SOURCE_DIR) + "/tests/tools/" +
                              script + "' '" + file + "' 2>&1";
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.output.append(buf, n);
  const int raw = pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return run;
}

// Every string in `v`, at any depth, keys included.
inline void EachString(const boost::json::value& v,
                       const std::function<void(std::string_view)>& f) {
  if (v.is_string()) {
    f(v.as_string());
  } else if (v.is_array()) {
    for (const auto& x : v.as_array()) EachString(x, f);
  } else if (v.is_object()) {
    for (const auto& kv : v.as_object()) {
      f(kv.key());
      EachString(kv.value(), f);
    }
  }
}

// The times in `v` that say more than a day: any "YYYY-MM-DDT..." that is
// not midnight exactly.
inline std::vector<std::string> TimesFinerThanADay(const boost::json::value& v) {
  static const std::regex kTime(R"(\d{4}-\d{2}-\d{2}T[^"]*)");
  static const std::regex kMidnight(R"(\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z)");
  std::vector<std::string> bad;
  EachString(v, [&](std::string_view s) {
    const std::string str(s);
    for (std::sregex_iterator it(str.begin(), str.end(), kTime), end; it != end; ++it) {
      if (!std::regex_match(it->str(), kMidnight)) bad.push_back(it->str());
    }
  });
  return bad;
}

}  // namespace portsafe::service::export_testing
