#include "core/report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/category.h"
#include "core/limits.h"
#include "core/report_status.h"
#include "core/text.h"

namespace portsafe::core {
namespace {

PortDirectory Ports() {
  return PortDirectory({{"GBFXT", "Felixstowe", "SFK", "AF"}, {"GBHRW", "Harwich", "ESS", "AF"}});
}

bool HasError(const std::vector<FieldError>& errs, const std::string& field,
              const std::string& key) {
  for (const auto& e : errs) {
    if (e.field == field && e.message_key == key) return true;
  }
  return false;
}

TEST(ValidateSubmissionTest, AcceptsMinimalReportAndResolvesPort) {
  ReportSubmission s;
  s.port = "felixstowe";
  s.description = "Seal swapped on a container";
  auto errs = ValidateSubmission(s, Ports());
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(s.port, "GBFXT");
  EXPECT_EQ(s.category, "other");
}

TEST(ValidateSubmissionTest, ReportsEveryProblem) {
  ReportSubmission s;
  s.category = "parking";
  s.how_known = "dreamt";
  s.when = std::string(limits::kShortFieldMax + 1, 'x');
  s.people = "bad\x01";
  auto errs = ValidateSubmission(s, Ports());
  EXPECT_TRUE(HasError(errs, "port", "error.required"));
  EXPECT_TRUE(HasError(errs, "description", "error.required"));
  EXPECT_TRUE(HasError(errs, "category", "error.category_unknown"));
  EXPECT_TRUE(HasError(errs, "how_known", "error.how_known_unknown"));
  EXPECT_TRUE(HasError(errs, "when", "error.too_long"));
  EXPECT_TRUE(HasError(errs, "people", "error.bad_text"));
}

TEST(ValidateSubmissionTest, UnknownPortAndInvalidUtf8) {
  ReportSubmission s;
  s.port = "Atlantis";
  s.description = "\xC3\x28";
  auto errs = ValidateSubmission(s, Ports());
  EXPECT_TRUE(HasError(errs, "port", "error.port_unknown"));
  EXPECT_TRUE(HasError(errs, "description", "error.bad_text"));
}

TEST(ValidateFilesTest, LimitsCountAndSize) {
  std::vector<FileUpload> files(limits::kFilesPerRequest + 1,
                                FileUpload{"a.txt", "text/plain", "x"});
  EXPECT_EQ(ValidateFiles(files).front().message_key, "error.too_many_files");
  std::vector<FileUpload> big = {{"b.bin", "", std::string(limits::kFileMax + 1, 'x')}};
  EXPECT_EQ(ValidateFiles(big).front().message_key, "error.file_too_large");
  std::vector<FileUpload> fine = {{"c.txt", "text/plain", "hello"}};
  EXPECT_TRUE(ValidateFiles(fine).empty());
}

TEST(TextTest, Utf8Validation) {
  EXPECT_TRUE(text::IsValidUtf8("Gdańsk – Київ"));
  EXPECT_FALSE(text::IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(text::IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(text::IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(text::IsValidUtf8("\xE2\x82"));          // truncated
}

TEST(CategoryTest, KnowsScopeAndOther) {
  EXPECT_TRUE(IsCategory("drugs"));
  EXPECT_TRUE(IsCategory("other"));
  EXPECT_FALSE(IsCategory("noise"));
  // "other" is the last of those chosen on the form; those with a path of
  // their own follow it.
  const auto& all = Categories();
  auto other =
      std::find_if(all.begin(), all.end(), [](const Category& c) { return c.key == "other"; });
  ASSERT_NE(other, all.end());
  for (auto it = all.begin(); it != other; ++it) EXPECT_FALSE(it->own_path) << it->key;
  for (auto it = other + 1; it != all.end(); ++it) EXPECT_TRUE(it->own_path) << it->key;
}

TEST(ReportStatusTest, RoundTripAndTransitions) {
  for (auto s :
       {ReportStatus::kNew, ReportStatus::kInProgress, ReportStatus::kWaitingForReporter,
        ReportStatus::kAwaitingApproval, ReportStatus::kDisseminated, ReportStatus::kClosed}) {
    EXPECT_EQ(ParseReportStatus(ToString(s)), s);
  }
  EXPECT_FALSE(ParseReportStatus("bogus").has_value());
  EXPECT_TRUE(CanTransition(ReportStatus::kNew, ReportStatus::kInProgress));
  EXPECT_FALSE(CanTransition(ReportStatus::kNew, ReportStatus::kDisseminated));
  EXPECT_FALSE(CanTransition(ReportStatus::kClosed, ReportStatus::kInProgress));
  EXPECT_TRUE(CanTransition(ReportStatus::kAwaitingApproval, ReportStatus::kDisseminated));
}

}  // namespace
}  // namespace portsafe::core
