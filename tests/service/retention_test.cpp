// Retention against the real store: who is due, dry runs, deletion of
// everything attached, secure deletion on disk, and the audit trail.
#include "service/retention.h"

#include <gtest/gtest.h>

#include "common/fs.h"
#include "service/staff_world.h"

namespace portsafe::service {
namespace {

using core::Role;
using testing::StaffWorld;

bool FileHas(const std::string& path, const std::string& needle) {
  auto text = fs::ReadFile(path);
  return text.ok() && text->find(needle) != std::string::npos;
}

TEST(RetentionTest, ClosedReportsOlderThanThePeriodGoWithEverythingAttached) {
  StaffWorld w;
  auto handler = w.Session(w.Login(Role::kHandler));
  auto supervisor = w.Session(w.Login(Role::kSupervisor));
  w.SetDate("2025-01-10");
  w.Submit("old and closed");
  const std::string old_id = w.LastReportId();
  // It went to an agency, which asked a question: all of that goes too.
  ASSERT_TRUE(w.handling_->SaveSanitised(*handler, old_id, "Sanitised.").ok());
  ASSERT_TRUE(w.handling_->Grade(*handler, old_id, {"2", "B", "P", ""}).ok());
  ASSERT_TRUE(w.handling_->SubmitForApproval(*handler, old_id, {"JMSC"}, {}).ok());
  ASSERT_TRUE(w.handling_->Approve(*supervisor, old_id).ok());
  ASSERT_TRUE(w.handling_->MessageReporter(*handler, old_id, "Thank you", true).ok());
  ASSERT_TRUE(w.handling_->Close(*handler, old_id, "no_further_action", "").ok());
  w.SetDate("2025-12-01");
  w.Submit("recently closed");
  const std::string recent_id = w.LastReportId();
  ASSERT_TRUE(w.handling_->Close(*handler, recent_id, "duplicate", "").ok());
  w.Submit("still open");
  const std::string open_id = w.LastReportId();
  w.SetDate("2026-01-10");

  auto old_row = w.store_->staff().FindReportById(old_id);
  ASSERT_TRUE(old_row.ok());
  const std::string ciphertext = old_row->body.substr(0, 48);
  ASSERT_EQ(w.store_->staff().ListPackagesForReport(old_id)->size(), 1u);

  auto dry = Purge(&w.store_->staff(), w.audit_, w.Today(), 12, true);
  ASSERT_TRUE(dry.ok()) << dry.error().message();
  ASSERT_EQ(dry->size(), 1u);
  EXPECT_EQ((*dry)[0].report_id, old_id);
  EXPECT_EQ((*dry)[0].closed_on, "2025-01-10");
  EXPECT_TRUE(w.store_->staff().FindHandling(old_id).ok());  // a dry run deletes nothing

  auto done = Purge(&w.store_->staff(), w.audit_, w.Today(), 12, false);
  ASSERT_TRUE(done.ok()) << done.error().message();
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(w.store_->staff().FindHandling(old_id).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(w.store_->staff().ListPackagesForReport(old_id)->empty());
  EXPECT_TRUE(w.store_->reports().ListMessages(old_id)->empty());
  EXPECT_TRUE(w.store_->staff().FindHandling(recent_id).ok());
  EXPECT_TRUE(w.store_->staff().FindHandling(open_id).ok());
  // The agency's inbox no longer lists it.
  const std::string jmsc = w.AddOfficer("JMSC", "officer@jmsc.test.invalid");
  auto inbox = w.agency_->Inbox(*w.Session(w.Login(Role::kAgency, jmsc)), {});
  ASSERT_TRUE(inbox.ok());
  EXPECT_TRUE(inbox->items.empty());
  // Secure deletion: the ciphertext is gone from the file and its log.
  const std::string db = DatabasePath(w.data_);
  EXPECT_FALSE(FileHas(db, ciphertext));
  EXPECT_FALSE(FileHas(db + "-wal", ciphertext));
  // The audit names the purge and still verifies.
  auto entries = w.audit_->EntriesFor(old_id);
  ASSERT_TRUE(entries.ok());
  ASSERT_FALSE(entries->empty());
  EXPECT_EQ(entries->back().event.action, "report.purged");
  auto v = w.audit_->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->first_bad.has_value());

  // A shorter period takes the recent one too; nothing is due twice.
  auto more = Purge(&w.store_->staff(), w.audit_, w.Today(), 1, false);
  ASSERT_TRUE(more.ok());
  ASSERT_EQ(more->size(), 1u);
  EXPECT_EQ((*more)[0].report_id, recent_id);
  EXPECT_TRUE(Purge(&w.store_->staff(), w.audit_, w.Today(), 1, false)->empty());
  EXPECT_EQ(Purge(&w.store_->staff(), w.audit_, w.Today(), 0, true).error().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace portsafe::service
