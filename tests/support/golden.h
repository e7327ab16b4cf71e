// The one runner of the data-driven tests: a folder of cases, each an input
// NAME.in beside its expected output NAME.out. RunGoldenCases feeds every
// input, in name order, to `run` and compares what it returns with the
// .out file, byte for byte.
//
// Update mode: with PORTSAFE_UPDATE_GOLDEN=1 in the environment the runner
// writes what `run` returned to each .out file instead of comparing (and
// fails nothing), so a deliberate change of output is one command:
//   PORTSAFE_UPDATE_GOLDEN=1 build/tests/intel_test --gtest_filter='*DataDriven*'
// then read the diff of tests/testdata before committing it.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace portsafe::testing {

inline bool UpdatingGolden() {
  const char* v = std::getenv("PORTSAFE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// Runs every case of `dir` (absolute); returns how many there were. `run`
// gets the case's name (without .in) and the input's bytes.
inline size_t RunGoldenCases(
    const std::string& dir,
    const std::function<std::string(const std::string& name, const std::string& input)>& run) {
  std::vector<std::filesystem::path> inputs;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".in") inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  const bool update = UpdatingGolden();
  for (const auto& in : inputs) {
    const std::string name = in.stem().string();
    const std::string got = run(name, ReadAll(in.string()));
    std::filesystem::path out = in;
    out.replace_extension(".out");
    if (update) {
      std::ofstream(out, std::ios::binary | std::ios::trunc) << got;
      continue;
    }
    EXPECT_TRUE(std::filesystem::exists(out))
        << out << " is missing (PORTSAFE_UPDATE_GOLDEN=1 writes it)";
    EXPECT_EQ(got, ReadAll(out.string())) << in << " (PORTSAFE_UPDATE_GOLDEN=1 rewrites the .out)";
  }
  return inputs.size();
}

}  // namespace portsafe::testing
