// Generated report-like text for the extraction and link benchmarks: short
// reports in the words of people at a port, each naming a few containers,
// ships, vehicles, phone numbers, places and addresses, written the ways
// reporters write them (spaces, hyphens, lower case, now and then a
// mistyped check digit). Identifiers are drawn from pools sized to the
// number of reports, with a small hot set that recurs, so that reports link
// as they would in a real scheme. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace portsafe::bench {

class ReportGenerator {
 public:
  // `reports`: how many reports the pools are sized for.
  ReportGenerator(std::uint64_t seed, size_t reports);

  // One report's text (about 300 to 900 bytes, five identifiers on average).
  std::string Next();
  // How many identifiers the last Next() wrote.
  size_t last_identifiers() const { return last_identifiers_; }

 private:
  std::string Identifier();
  std::string Container(bool typo);
  std::string Sentence();
  size_t Pick(size_t pool);

  std::mt19937_64 rng_;
  size_t reports_;
  size_t last_identifiers_ = 0;
};

}  // namespace portsafe::bench
