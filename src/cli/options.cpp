#include "cli/options.h"

#include <iostream>

namespace portsafe::cli {

bool ParseOptions(const std::vector<std::string>& args, const po::options_description& desc,
                  const char* usage, po::variables_map* vm, int* exit_code) {
  try {
    po::store(po::command_line_parser(args).options(desc).run(), *vm);
    if (vm->count("help")) {
      std::cout << usage << "\n" << desc;
      *exit_code = 0;
      return false;
    }
    po::notify(*vm);
  } catch (const po::error& e) {
    std::cerr << "portsafe: " << e.what() << "\n\n" << usage << "\n" << desc;
    *exit_code = 2;
    return false;
  }
  return true;
}

int RunVerbs(const std::vector<std::string>& args, const char* usage,
             const std::vector<std::pair<std::string, VerbFn>>& verbs) {
  for (const auto& [verb, run] : verbs) {
    if (!args.empty() && args[0] == verb) return run({args.begin() + 1, args.end()});
  }
  bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help");
  (help ? std::cout : std::cerr) << usage << "\n";
  return help ? 0 : 2;
}

}  // namespace portsafe::cli
