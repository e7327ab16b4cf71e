// Extraction throughput on a generated corpus of report-like text.
//   extract_bench gen --out FILE --mb N [--seed S]   write N MB of reports, one a line
//   extract_bench run --in FILE [--repeat R]         extract every report R times; prints
//                                                    the median MB/s and the count found
// bench/extract_vs_ripgrep.sh compares it with ripgrep on the same corpus.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/port_directory.h"
#include "corpus.h"
#include "intel/extractor.h"
#include "service/facilities.h"

namespace {

using namespace portsafe;

std::string Arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return fallback;
}

int Gen(int argc, char** argv) {
  const std::string out = Arg(argc, argv, "--out", "");
  const size_t mb = std::stoul(Arg(argc, argv, "--mb", "100"));
  const std::uint64_t seed = std::stoull(Arg(argc, argv, "--seed", "1"));
  if (out.empty()) {
    std::cerr << "gen needs --out FILE\n";
    return 2;
  }
  const size_t target = mb * 1000 * 1000;
  bench::ReportGenerator g(seed, target / 600);
  std::ofstream f(out, std::ios::binary);
  size_t bytes = 0, reports = 0, ids = 0;
  while (bytes < target) {
    std::string r = g.Next();
    f << r;
    bytes += r.size();
    ids += g.last_identifiers();
    ++reports;
  }
  std::printf("wrote %zu bytes, %zu reports, %zu identifiers written into them\n", bytes, reports,
              ids);
  return f ? 0 : 1;
}

int Run(int argc, char** argv) {
  const std::string in = Arg(argc, argv, "--in", "");
  const int repeat = std::stoi(Arg(argc, argv, "--repeat", "5"));
  std::ifstream f(in, std::ios::binary);
  if (!f) {
    std::cerr << "cannot read " << in << "\n";
    return 1;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  std::vector<std::string_view> reports;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    reports.push_back(std::string_view(text).substr(at, end - at));
    at = end;
  }
  auto seed = service::LoadSeedPorts();
  if (!seed.ok()) return 1;
  core::PortDirectory ports(std::move(*seed));
  intel::Extractor ex({&ports, {2026, 11}});
  std::vector<double> mbps;
  size_t found = 0, valid = 0;
  std::vector<intel::Identifier> ids;
  for (int r = 0; r < repeat; ++r) {
    found = valid = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (auto report : reports) {
      ids.clear();
      ex.ExtractInto(report, 0, &ids);
      found += ids.size();
      for (const auto& id : ids) valid += id.valid;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    mbps.push_back(static_cast<double>(text.size()) / 1e6 / s);
  }
  std::sort(mbps.begin(), mbps.end());
  std::printf(
      "extract: %zu reports, %.1f MB, %zu identifiers (%zu valid), median %.0f MB/s "
      "(runs:",
      reports.size(), static_cast<double>(text.size()) / 1e6, found, valid, mbps[mbps.size() / 2]);
  for (double m : mbps) std::printf(" %.0f", m);
  std::printf(")\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "gen") == 0) return Gen(argc, argv);
  if (argc >= 2 && std::strcmp(argv[1], "run") == 0) return Run(argc, argv);
  std::cerr << "usage: extract_bench gen --out FILE --mb N [--seed S]\n"
               "       extract_bench run --in FILE [--repeat R]\n";
  return 2;
}
