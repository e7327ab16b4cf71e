#include "core/handling.h"

#include <gtest/gtest.h>

#include "core/report_status.h"
#include "core/role.h"

namespace portsafe::core {
namespace {

TEST(GradeTest, ThreeFieldsEachFromItsOwnScale) {
  EXPECT_EQ(ValidateGrade({"1", "A", "P", ""}), "");
  EXPECT_EQ(ValidateGrade({"3", "E", "C", "Only to the local force"}), "");
  EXPECT_EQ(ValidateGrade({"", "A", "P", ""}), "source");
  EXPECT_EQ(ValidateGrade({"A", "1", "P", ""}), "source");  // 5x5x5 order is not accepted
  EXPECT_EQ(ValidateGrade({"1", "a", "P", ""}), "intelligence");
  EXPECT_EQ(ValidateGrade({"2", "B", "", ""}), "handling");
  EXPECT_EQ(ValidateGrade({"2", "B", "C", ""}), "conditions");
  EXPECT_EQ(ValidateGrade({"2", "B", "P", "something"}), "conditions");
  EXPECT_EQ((Grade{"2", "C", "P", ""}).Code(), "2CP");
}

TEST(DatesTest, DaysMonthsAndBadInput) {
  EXPECT_EQ(DaysBetween("2026-11-26", "2026-12-03"), 7);
  EXPECT_EQ(DaysBetween("2024-02-28", "2024-03-01"), 2);  // leap year
  EXPECT_EQ(DaysBetween("2026-13-01", "2026-12-03"), std::nullopt);
  EXPECT_EQ(DaysBetween("26-11-2026", "2026-12-03"), std::nullopt);
  EXPECT_EQ(AddDays("2026-12-28", 7), "2027-01-04");
  EXPECT_EQ(AddMonths("2026-11-30", 3), "2027-02-28");  // no 30 February
  EXPECT_EQ(AddMonths("2026-01-31", 1), "2026-02-28");
  EXPECT_EQ(AddMonths("nonsense", 1), "");
}

TEST(ClocksTest, SevenDaysToAcknowledgeThreeMonthsToFeedBack) {
  Clocks c = ComputeClocks("2026-11-26", "", "", "2026-12-03");
  EXPECT_EQ(c.ack_due, "2026-12-03");
  EXPECT_FALSE(c.ack_breached);  // the due day itself is in time
  EXPECT_EQ(c.feedback_due, "2027-02-26");
  c = ComputeClocks("2026-11-26", "", "", "2026-12-04");
  EXPECT_TRUE(c.ack_breached);
  c = ComputeClocks("2026-11-26", "2026-12-01", "", "2027-03-02");
  EXPECT_FALSE(c.ack_breached);
  EXPECT_EQ(c.feedback_due, "2027-03-01");  // from the acknowledgement
  EXPECT_TRUE(c.feedback_breached);
  c = ComputeClocks("2026-11-26", "2026-12-01", "2027-02-01", "2027-06-01");
  EXPECT_FALSE(c.feedback_breached);
}

TEST(RoleTest, NamesRoundTripAndOnlyHandlersAndSupervisorsReadReports) {
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(ToString(r)), r);
  EXPECT_EQ(ParseRole("Handler"), std::nullopt);
  EXPECT_EQ(ParseRole("port_manager"), std::nullopt);
  int readers = 0;
  for (Role r : AllRoles()) readers += ReadsReports(r) ? 1 : 0;
  EXPECT_EQ(readers, 2);
  EXPECT_TRUE(ReadsReports(Role::kSupervisor));
  EXPECT_FALSE(ReadsReports(Role::kAgency));
}

TEST(PriorityTest, Names) {
  EXPECT_EQ(ParsePriority("threat_to_life"), Priority::kThreatToLife);
  EXPECT_EQ(ParsePriority("urgent"), std::nullopt);
  EXPECT_TRUE(IsCloseReason("malicious"));
  EXPECT_FALSE(IsCloseReason("bored"));
  EXPECT_TRUE(IsInsiderType("exploited"));
}

}  // namespace
}  // namespace portsafe::core
