#include "core/approach.h"

#include <gtest/gtest.h>

#include "core/category.h"

namespace portsafe::core {
namespace {

PortDirectory Ports() { return PortDirectory({{"GBFXT", "Felixstowe", "SFK", "AF"}}); }

ReportSubmission Approach() {
  ReportSubmission s;
  s.category = std::string(kApproachCategory);
  s.port = "Felixstowe";
  s.approach_asked = "release_pin";
  return s;
}

std::vector<std::string> Fields(const std::vector<FieldError>& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.field + ":" + e.message_key);
  return out;
}

TEST(ApproachTest, WhatWasAskedAndThePortAreAllItNeeds) {
  ReportSubmission s = Approach();
  EXPECT_TRUE(ValidateSubmission(s, Ports()).empty());  // no description needed
  EXPECT_EQ(s.port, "GBFXT");
  s.approach_asked.clear();
  EXPECT_EQ(Fields(ValidateSubmission(s, Ports())),
            std::vector<std::string>{"approach_asked:error.approach_asked_required"});
}

TEST(ApproachTest, SeveralChoicesAreWrittenInTheListsOrderOnce) {
  ReportSubmission s = Approach();
  s.approach_asked = "look_away, release_pin,,pass_or_access,release_pin";
  s.approach_offered = "threats,money";
  EXPECT_TRUE(ValidateSubmission(s, Ports()).empty());
  EXPECT_EQ(s.approach_asked, "pass_or_access,release_pin,look_away");
  EXPECT_EQ(s.approach_offered, "money,threats");
}

TEST(ApproachTest, EveryChoiceMustBeOneListedAndNothingGivesATimeOfDay) {
  ReportSubmission s = Approach();
  s.approach_how = "carrier pigeon";
  s.approach_offered = "money,a car";
  s.approach_asked = "release_pin,bribe";
  s.approach_when = "2026-11-03 21:40";
  s.approach_ongoing = "maybe";
  s.approach_danger = "YES";
  s.approach_handle = std::string(201, 'a');
  EXPECT_EQ(Fields(ValidateSubmission(s, Ports())),
            (std::vector<std::string>{
                "approach_how:error.bad_choice", "approach_handle:error.too_long",
                "approach_offered:error.bad_choice", "approach_asked:error.bad_choice",
                "approach_when:error.bad_choice", "approach_ongoing:error.bad_choice",
                "approach_danger:error.bad_choice"}));
  // A refused several-choice field is left as sent, for the form to show.
  EXPECT_EQ(s.approach_offered, "money,a car");
}

TEST(ApproachTest, OtherReportsCarryNoApproachAnswers) {
  ReportSubmission s;
  s.port = "GBFXT";
  s.description = "A van at gate 4";
  s.approach_danger = "yes";
  EXPECT_EQ(Fields(ValidateSubmission(s, Ports())),
            std::vector<std::string>{"category:error.approach_fields_only"});
}

TEST(ApproachTest, TheCategoryHasItsOwnPathAndIsNotOnTheForm) {
  ASSERT_TRUE(IsCategory(kApproachCategory));
  for (const auto& c : Categories()) EXPECT_EQ(c.own_path, c.key == kApproachCategory) << c.key;
  EXPECT_EQ(ChoiceLabelPrefix("approach_danger"), "yes_no_unsure");
  EXPECT_EQ(ChoiceLabelPrefix("approach_asked"), "approach_asked");
  EXPECT_EQ(ChoiceLabelPrefix("approach_handle"), "");
  EXPECT_EQ(SplitChoices(" a, ,b,"), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace portsafe::core
