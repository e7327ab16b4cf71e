// "I was approached": a report from someone whom a criminal asked for help
// (their pass, a release PIN, a box moved). It is a report like any other
// (receipt, follow-up, grading, linking), filed under the category
// kApproachCategory, with the answers of its own path in the approach_*
// fields of ReportSubmission. Choice fields hold keys from the lists below;
// a field that takes several choices holds them comma-separated, in the
// list's order. People read the translated label "<list>.<key>"
// ("approach_how.social_media"). No I/O; thread-safe (constants only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/report.h"

namespace portsafe::core {

inline constexpr std::string_view kApproachCategory = "approach";

// How the approach came.
inline constexpr std::string_view kApproachHowValues[] = {
    "in_person", "phone_call", "text_or_messaging", "social_media", "colleague_or_family"};
// What was offered (several).
inline constexpr std::string_view kApproachOfferedValues[] = {"money", "debt_relief", "threats",
                                                              "favour", "other"};
// What was asked for (several; at least one).
inline constexpr std::string_view kApproachAskedValues[] = {
    "pass_or_access",  "release_pin", "container_details", "move_a_box",
    "carry_something", "rosters",     "look_away",         "other"};
// When, roughly: never a day or a time of day.
inline constexpr std::string_view kApproachWhenValues[] = {
    "this_week", "last_week", "this_month", "last_month", "months_ago", "longer_ago"};
// Whether it is still going on, and whether they feel in danger.
inline constexpr std::string_view kYesNoUnsureValues[] = {"yes", "no", "unsure"};

bool IsApproach(const ReportSubmission& s);
// Whether any approach_* field is set.
bool HasApproachAnswers(const ReportSubmission& s);

// The prefix of the labels of an approach field's keys ("approach_how" for
// approach_how, "yes_no_unsure" for approach_ongoing and approach_danger);
// "" for a field that is not a choice.
std::string_view ChoiceLabelPrefix(std::string_view field);

// The keys of a comma-separated choice field, as written.
std::vector<std::string> SplitChoices(std::string_view joined);

// Checks the approach_* fields of `sub` and appends a FieldError for each
// problem (field names as in SubmissionFields()). For an approach: what was
// asked is required, every choice must be a listed key (a multi-choice field
// is rewritten in the list's order, each key once), and the handle is short
// text. For any other report the approach fields must be empty.
void ValidateApproach(ReportSubmission& sub, std::vector<FieldError>* errs);

}  // namespace portsafe::core
