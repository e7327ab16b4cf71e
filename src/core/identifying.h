// Warns when a sanitised intelligence report still carries material that
// could identify the reporter: names taken from the original, phone numbers,
// e-mail addresses, exact times, and first-person phrases ("I saw", "my
// shift"). A handler writes the sanitised text from the original; this runs
// over the draft and lists what to look at again. It warns, it does not
// block: the handler decides (a vessel's name is not a person's).
//
// Written here: no Debian library does this. Pure function, no I/O;
// data-driven tests in tests/testdata/identifying, fuzzed by
// fuzz/identifying_fuzz.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portsafe::core {

struct Finding {
  std::string kind;     // "name", "phone", "email", "time", "first_person"
  std::string excerpt;  // the words found in the sanitised text
};

// `original` is the reporter's text (all fields, and the thread, joined);
// `sanitised` the draft. Findings come in the order they appear in the
// draft, each excerpt at most once per kind. Inputs of any bytes are safe.
std::vector<Finding> FindIdentifying(std::string_view original, std::string_view sanitised);

}  // namespace portsafe::core
