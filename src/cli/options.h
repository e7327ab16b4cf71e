// Shared parsing for subcommand options (Boost.ProgramOptions).
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace portsafe::cli {

namespace po = boost::program_options;

// Parses `args` against `desc`. Prints help (and returns 0 through
// *exit_code) for --help, prints the error and usage (exit code 2) for bad
// arguments; returns true when the command should go on.
bool ParseOptions(const std::vector<std::string>& args, const po::options_description& desc,
                  const char* usage, po::variables_map* vm, int* exit_code);

// Runs the function of the verb args[0] names (as in `portsafe user add
// ...`) with the arguments after it. Otherwise prints `usage`: to stdout
// with exit code 0 for --help/-h/help, to stderr with exit code 2 for
// anything else.
using VerbFn = std::function<int(const std::vector<std::string>&)>;
int RunVerbs(const std::vector<std::string>& args, const char* usage,
             const std::vector<std::pair<std::string, VerbFn>>& verbs);

}  // namespace portsafe::cli
