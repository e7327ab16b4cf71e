// Warns when a sanitised intelligence draft still carries material that
// could identify the reporter, so that the handler looks at it again before
// it goes to a supervisor or an agency. It looks for:
//   name              personal names: from lists of common first names and
//                     surnames of the UK port workforce's languages
//                     (assets/data/names), after a title (Mr, Mrs, Dr...),
//                     introduced ("a man called ..."), or taken from the
//                     reporter's original text;
//   first_person      the reporter speaking ("I", "me", "my shift"; Polish
//                     "ja", "mnie", "widziałem");
//   self_description  words that narrow the reporter to a few people ("the
//                     reporter is...", "the only woman on the night shift",
//                     "works as a lasher", a role and a shift or crew);
//   date              calendar dates and weekdays ("Tuesday 14 March",
//                     "3/11", "14th", "2026-03-14", "14 marca");
//   time              times of day ("23:15", "2.40am", "at 0400", "quarter
//                     past eleven");
//   pass_number       pass, badge, staff and works numbers;
//   phone, email      phone numbers and e-mail addresses.
// It leaves the intelligence alone: the identifiers the extractor recognises
// (containers, vessels, vehicle and trailer marks: the caller passes their
// spans), the port directory's places, facilities and operators (passed as
// known terms), vessel and company names, vehicle makes, and coarse times
// ("at night", "in November").
//
// It never says that nothing identifying was found: it warns, and says what
// it looked for (IdentifyingKinds). The handler decides.
//
// Written here: no Debian library does this for these languages and this
// domain. Pure function over its inputs and the embedded name lists; no I/O.
// Thread-safe. Data-driven tests in tests/testdata/identifying; measured on
// the labelled corpus there (docs/security.md); fuzzed by
// fuzz/identifying_fuzz.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portsafe::core {

struct Finding {
  std::string kind;     // one of IdentifyingKinds()
  std::string excerpt;  // the words found in the draft
  // Names this warning for its acknowledgement: 16 hex digits from the
  // kind, the excerpt and which occurrence of the two in the draft it is, so
  // that the same words in an edited draft keep their id.
  std::string id;
  bool acknowledged = false;  // set by the handling service, never here
};

struct IdentifyingContext {
  // Byte ranges [begin, end) of the draft that are intelligence and never a
  // warning: the identifiers the extractor recognised in it, other than
  // phone numbers and e-mail addresses.
  std::vector<std::pair<size_t, size_t>> intelligence;
  // Names that are never a person wherever they appear: ports, facilities,
  // operators. Matched as whole words, case-insensitively.
  std::vector<std::string> known_terms;
};

// The kinds, in the order the page lists what was looked for.
const std::vector<std::string_view>& IdentifyingKinds();

// `original` is the reporter's text (every field and the thread, joined);
// `draft` the sanitised text. Findings come in the order they appear in the
// draft, each excerpt at most once per kind. Inputs of any bytes are safe.
std::vector<Finding> FindIdentifying(std::string_view original, std::string_view draft,
                                     const IdentifyingContext& context = {});

}  // namespace portsafe::core
