#include "service/handling_service_impl.h"

#include <gtest/gtest.h>

#include "core/reference.h"
#include "core/report_status.h"
#include "service/staff_world.h"
#include "store/mock_staff_store.h"
#include "store/sqlite_conn.h"

namespace portsafe::service {
namespace {

using core::Role;
using testing::StaffWorld;

class HandlingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    receipt_ = w_.Submit("A van met the night shift at gate 3 MARKER-HANDLING-1");
    id_ = w_.LastReportId();
    handler_ = w_.Session(w_.Login(Role::kHandler));
  }
  HandlerReport Open() {
    auto r = w_.handling_->Open(*handler_, id_);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? *r : HandlerReport{};
  }

  StaffWorld w_;
  std::string receipt_, id_;
  std::shared_ptr<const StaffSession> handler_;
};

TEST_F(HandlingTest, HandlerReadsTheDecryptedReportAndEveryReadIsAudited) {
  HandlerReport r = Open();
  EXPECT_EQ(r.report.fields.description, "A van met the night shift at gate 3 MARKER-HANDLING-1");
  EXPECT_EQ(r.item.status, core::ReportStatus::kNew);
  EXPECT_EQ(r.item.priority, core::Priority::kNormal);
  EXPECT_EQ(r.item.clocks.ack_due, "2026-12-03");
  ASSERT_FALSE(r.history.empty());
  EXPECT_EQ(r.history.back().event.action, "report.read");
  EXPECT_EQ(r.history.back().event.actor_id, handler_->user_id);
}

TEST_F(HandlingTest, RolesWithoutTheServiceKeyAreRefused) {
  for (Role role : {Role::kAgency, Role::kPortManager, Role::kAdmin}) {
    auto s = w_.Session(w_.Login(role));
    auto open = w_.handling_->Open(*s, id_);
    ASSERT_FALSE(open.ok());
    EXPECT_EQ(open.error().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(w_.WholeQueue(*s, QueueSort::kAge, false).error().code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(w_.handling_->MessageReporter(*s, id_, "hi", false).error().code(),
              ErrorCode::kPermissionDenied);
  }
  // A handler whose key was never given can sign in but read nothing.
  std::string email = w_.AddUser(Role::kHandler, false, "new-handler@test.invalid");
  auto s = w_.Session(w_.Login(Role::kHandler, email));
  EXPECT_EQ(w_.handling_->Open(*s, id_).error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(HandlingTest, ConversationWithTheReporterGoesBothWaysAndStartsTheClocks) {
  ASSERT_TRUE(w_.handling_->MessageReporter(*handler_, id_, "Which gate exactly?", false).ok());
  HandlerReport r = Open();
  EXPECT_EQ(r.item.status, core::ReportStatus::kWaitingForReporter);
  EXPECT_EQ(r.item.clocks.feedback_due, "2027-02-26");  // 3 months after acknowledgement
  // The reporter sees the question with the receipt, and answers.
  auto view = w_.reporting_->Open(receipt_);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->messages.size(), 1u);
  EXPECT_EQ(view->messages[0].author, "service");
  EXPECT_EQ(view->messages[0].text, "Which gate exactly?");
  std::promise<Status> p;
  w_.reporting_->AddMessage(receipt_, "Gate 3, by the scanner",
                            [&p](Status s) { p.set_value(std::move(s)); });
  ASSERT_TRUE(p.get_future().get().ok());
  r = Open();
  ASSERT_EQ(r.report.messages.size(), 2u);
  EXPECT_EQ(r.report.messages[1].text, "Gate 3, by the scanner");
  EXPECT_TRUE(r.item.reporter_replied);
  auto q = w_.WholeQueue(*handler_, QueueSort::kPriority, false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_TRUE((*q)[0].reporter_replied);

  EXPECT_EQ(w_.handling_->MessageReporter(*handler_, id_, "", false).error().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(HandlingTest, WorkOnAReportWaitingForTheReporterKeepsItWaitingAndFeedbackAsksNothing) {
  ASSERT_TRUE(w_.handling_->MessageReporter(*handler_, id_, "Which gate exactly?", false).ok());
  ASSERT_EQ(Open().item.status, core::ReportStatus::kWaitingForReporter);
  // Sanitising, prioritising and classifying while the question is open:
  // the reporter is still asked to answer.
  ASSERT_TRUE(w_.handling_->SaveSanitised(*handler_, id_, "A van at a gate.").ok());
  ASSERT_TRUE(w_.handling_->SetPriority(*handler_, id_, core::Priority::kHigh).ok());
  ASSERT_TRUE(w_.handling_->Classify(*handler_, id_, "cargo_theft", "").ok());
  EXPECT_EQ(Open().item.status, core::ReportStatus::kWaitingForReporter);
  auto view = w_.reporting_->Open(receipt_);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->status, core::ReportStatus::kWaitingForReporter);

  // Feedback on another (new) report takes it into progress, never to
  // "waiting for your answer".
  std::string receipt2 = w_.Submit("Seals cut on a reefer MARKER-HANDLING-2");
  std::string id2 = w_.LastReportId();
  ASSERT_TRUE(w_.handling_->MessageReporter(*handler_, id2, "Passed to the police", true).ok());
  auto view2 = w_.reporting_->Open(receipt2);
  ASSERT_TRUE(view2.ok());
  EXPECT_EQ(view2->status, core::ReportStatus::kInProgress);
  EXPECT_NE(core::ReporterStatusKey(view2->status), "status.waiting_for_you");
}

// The ids of the queue narrowed by `f`, walked two reports a page.
std::vector<std::string> Narrowed(HandlingService& h, const StaffSession& s, const QueueFilter& f) {
  QueueQuery q;
  q.filter = f;
  q.limit = 2;
  std::vector<std::string> ids;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = h.Queue(s, q);
    EXPECT_TRUE(page.ok()) << page.error().message();
    if (!page.ok()) break;
    for (const auto& item : page->items) ids.push_back(item.report_id);
    if (page->next.empty()) break;
    q.after = page->next;
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_F(HandlingTest, TheQueueNarrowsToWhatIsAskedAndAReferenceFindsItsReport) {
  core::ReportSubmission other;
  other.port = "GBDVR";
  other.category = "cargo_theft";
  other.description = "Pallets gone from shed 2 MARKER-HANDLING-3";
  other.lang = "en";
  w_.Submit(other);
  const std::string dover = w_.LastReportId();
  auto& h = *w_.handling_;
  using V = std::vector<std::string>;
  EXPECT_EQ(Narrowed(h, *handler_, {.port_code = "GBDVR"}), V{dover});
  EXPECT_EQ(Narrowed(h, *handler_, {.facility_code = "GBFXT-TRINITY"}), V{id_});
  EXPECT_EQ(Narrowed(h, *handler_, {.category = "cargo_theft"}), V{dover});
  EXPECT_EQ(Narrowed(h, *handler_, {.port_code = "GBDVR", .category = "drugs"}), V{});
  EXPECT_EQ(Narrowed(h, *handler_, {.assigned_to = handler_->user_id}), V{});
  ASSERT_TRUE(h.AssignToSelf(*handler_, dover).ok());
  EXPECT_EQ(Narrowed(h, *handler_, {.assigned_to = handler_->user_id}), V{dover});
  // Nothing is overdue until the acknowledgement clock runs out.
  EXPECT_EQ(Narrowed(h, *handler_, {.overdue = true}), V{});
  EXPECT_EQ(Narrowed(h, *handler_, {.linked = true}), V{});
  w_.SetDate("2026-12-04");
  V both{id_, dover};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(Narrowed(h, *handler_, {.overdue = true}), both);

  // A reference read out on the phone finds its report, in any case.
  auto found = h.FindByReference(*handler_, core::ReferenceOf(dover));
  ASSERT_TRUE(found.ok()) << found.error().message();
  EXPECT_EQ(*found, V{dover});
  EXPECT_TRUE(w_.Audited(core::ReferenceOf(dover), "reports.found_by_reference"));
  EXPECT_EQ(Narrowed(h, *handler_, {.only = V{dover}}), V{dover});
  EXPECT_EQ(Narrowed(h, *handler_, {.category = "drugs", .only = V{dover}}), V{});
  EXPECT_EQ(h.FindByReference(*handler_, "not one").error().field(), "reference");
  auto officer = w_.Session(w_.Login(Role::kAgency));
  EXPECT_EQ(h.FindByReference(*officer, core::ReferenceOf(dover)).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(HandlingTest, AReportIsGivenToANamedColleagueWhoCanReadIt) {
  w_.AddUser(Role::kHandler, true, "colleague@test.invalid");
  w_.AddUser(Role::kHandler, false, "keyless@test.invalid");
  w_.AddUser(Role::kAgency, false, "officer@test.invalid");
  HandlerReport r = Open();
  std::map<std::string, std::string> id_of;
  for (const auto& [user_id, email] : r.colleagues) id_of[email] = user_id;
  ASSERT_TRUE(id_of.count("colleague@test.invalid"));
  EXPECT_FALSE(id_of.count("officer@test.invalid"));  // only handlers and supervisors
  ASSERT_TRUE(w_.handling_->AssignTo(*handler_, id_, id_of["colleague@test.invalid"]).ok());
  r = Open();
  EXPECT_EQ(r.item.assigned_to, "colleague@test.invalid");
  EXPECT_EQ(r.item.status, core::ReportStatus::kInProgress);
  // Nobody who cannot read it, and nobody unknown.
  EXPECT_EQ(w_.handling_->AssignTo(*handler_, id_, id_of["keyless@test.invalid"]).error().field(),
            "assign_to");
  auto users = w_.store_->staff().FindUserByEmail("officer@test.invalid");
  ASSERT_TRUE(users.ok() && users->has_value());
  EXPECT_EQ(w_.handling_->AssignTo(*handler_, id_, (*users)->id).error().field(), "assign_to");
  EXPECT_EQ(w_.handling_->AssignTo(*handler_, id_, "0123456789abcdef").error().field(),
            "assign_to");
  EXPECT_EQ(Open().item.assigned_to, "colleague@test.invalid");
}

TEST_F(HandlingTest, ClocksFlagBreaches) {
  w_.SetDate("2026-12-04");  // eight days after receipt, not acknowledged
  auto q = w_.WholeQueue(*handler_, QueueSort::kAge, false);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE((*q)[0].clocks.ack_breached);
  EXPECT_EQ((*q)[0].age_days, 8);
  ASSERT_TRUE(w_.handling_->MessageReporter(*handler_, id_, "Thank you", false).ok());
  w_.SetDate("2027-03-05");
  q = w_.WholeQueue(*handler_, QueueSort::kAge, false);
  EXPECT_TRUE((*q)[0].clocks.ack_breached);  // it was late
  EXPECT_EQ((*q)[0].clocks.feedback_due, "2027-03-04");
  EXPECT_TRUE((*q)[0].clocks.feedback_breached);
  ASSERT_TRUE(w_.handling_->MessageReporter(*handler_, id_, "It was acted on", true).ok());
  q = w_.WholeQueue(*handler_, QueueSort::kAge, false);
  EXPECT_TRUE((*q)[0].clocks.feedback_breached);  // given, but a day late
}

TEST_F(HandlingTest, GradeIsThreeSeparateValidatedFields) {
  EXPECT_EQ(w_.handling_->Grade(*handler_, id_, {"4", "A", "P", ""}).error().field(), "source");
  EXPECT_EQ(w_.handling_->Grade(*handler_, id_, {"1", "F", "P", ""}).error().field(),
            "intelligence");
  EXPECT_EQ(w_.handling_->Grade(*handler_, id_, {"1", "A", "X", ""}).error().field(), "handling");
  EXPECT_EQ(w_.handling_->Grade(*handler_, id_, {"1", "A", "C", "  "}).error().field(),
            "conditions");
  EXPECT_EQ(w_.handling_->Grade(*handler_, id_, {"A", "1", "P", ""}).error().field(), "source");
  ASSERT_TRUE(w_.handling_->Grade(*handler_, id_, {"2", "C", "C", "Not to the employer"}).ok());
  HandlerReport r = Open();
  EXPECT_EQ(r.notes.grade.Code(), "2CC");
  EXPECT_EQ(r.notes.grade.conditions, "Not to the employer");
  EXPECT_EQ(r.item.status, core::ReportStatus::kInProgress);
}

TEST_F(HandlingTest, PriorityClassificationAssignmentAndClosing) {
  std::string receipt2 = w_.Submit("Second report", "cargo_theft");
  std::string id2 = w_.LastReportId();
  ASSERT_TRUE(w_.handling_->SetPriority(*handler_, id2, core::Priority::kThreatToLife).ok());
  auto q = w_.WholeQueue(*handler_, QueueSort::kPriority, false);
  ASSERT_EQ(q->size(), 2u);
  EXPECT_EQ((*q)[0].report_id, id2);  // threat to life at the top
  EXPECT_EQ((*q)[0].priority, core::Priority::kThreatToLife);

  EXPECT_EQ(w_.handling_->Classify(*handler_, id_, "nonsense", "").error().field(), "category");
  EXPECT_EQ(w_.handling_->Classify(*handler_, id_, "drugs", "spy").error().field(), "insider_type");
  // An approach is the reporter's path, never a category staff give.
  EXPECT_EQ(w_.handling_->Classify(*handler_, id_, "approach", "").error().field(), "category");
  ASSERT_TRUE(w_.handling_->Classify(*handler_, id_, "insider_corruption", "exploited").ok());
  ASSERT_TRUE(w_.handling_->AssignToSelf(*handler_, id_).ok());
  HandlerReport r = Open();
  EXPECT_EQ(r.item.category, "insider_corruption");
  EXPECT_EQ(r.notes.insider_type, "exploited");
  EXPECT_EQ(r.item.assigned_to, "handler@test.invalid");

  EXPECT_EQ(w_.handling_->Close(*handler_, id_, "bored", "").error().field(), "reason");
  ASSERT_TRUE(w_.handling_->Close(*handler_, id_, "duplicate", "Same as the other").ok());
  EXPECT_EQ(w_.handling_->Grade(*handler_, id_, {"1", "A", "P", ""}).error().code(),
            ErrorCode::kInvalidArgument);
  q = w_.WholeQueue(*handler_, QueueSort::kPriority, false);
  EXPECT_EQ(q->size(), 1u);  // closed ones leave the queue
  q = w_.WholeQueue(*handler_, QueueSort::kPriority, true);
  EXPECT_EQ(q->size(), 2u);
  auto view = w_.reporting_->Open(receipt_);
  EXPECT_EQ(view->status, core::ReportStatus::kClosed);
  EXPECT_EQ(w_.handling_->Open(*handler_, "ffff").error().code(), ErrorCode::kNotFound);
}

TEST_F(HandlingTest, PhoneIntakeGivesAReceiptTheCallerCanUse) {
  core::ReportSubmission s;
  s.port = "GBFXT";
  s.category = "firearms";
  s.description = "Caller describes a parcel passed over the fence";
  s.lang = "en";
  auto receipt = w_.handling_->PhoneIntake(*handler_, s);
  ASSERT_TRUE(receipt.ok());
  auto view = w_.reporting_->Open(*receipt);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->fields.description, "Caller describes a parcel passed over the fence");
  s.description.clear();
  EXPECT_EQ(w_.handling_->PhoneIntake(*handler_, s).error().field(), "description");
}

TEST_F(HandlingTest, ConcurrentEditIsRefusedNotLost) {
  auto row = w_.store_->staff().FindHandling(id_);
  ASSERT_TRUE(row.ok());
  store::HandlingRow stale = *row;
  ASSERT_TRUE(w_.handling_->SetPriority(*handler_, id_, core::Priority::kHigh).ok());
  stale.priority = core::Priority::kNormal;
  auto st = w_.store_->staff().SaveHandling(stale);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(Open().item.priority, core::Priority::kHigh);
}

TEST(AuditLogTest, ChainVerifiesAndTheFirstChangedEntryIsNamed) {
  StaffWorld w;
  w.Login(Role::kHandler);
  w.Login(Role::kSupervisor);
  auto v = w.audit_->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->first_bad.has_value());
  ASSERT_GE(v->entries, 2);

  auto rows = w.store_->staff().ListAudit();
  ASSERT_TRUE(rows.ok());
  for (const auto& r : *rows) {
    EXPECT_EQ(r.entry.find("correct horse"), std::string::npos);
    EXPECT_EQ(r.entry.find("@test.invalid"), std::string::npos);  // ids, not addresses
  }
  // Change one byte of the first login entry, through a second connection.
  auto conn = store::SqliteConn::Open(service::DatabasePath(w.data_), false);
  ASSERT_TRUE(conn.ok());
  std::unique_ptr<store::SqliteConn> c(std::move(*conn));
  std::int64_t target = (*rows)[rows->size() - 2].seq;
  std::string sql = "UPDATE audit SET entry = replace(entry, '\"login\"', '\"logim\"') WHERE seq=" +
                    std::to_string(target);
  ASSERT_TRUE(c->Exec(sql.c_str()).ok());
  v = w.audit_->Verify();
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->first_bad.has_value());
  EXPECT_EQ(*v->first_bad, target);

  // Deleting an entry is caught too.
  ASSERT_TRUE(c->Exec("UPDATE audit SET entry = replace(entry, '\"logim\"', '\"login\"')").ok());
  ASSERT_FALSE(w.audit_->Verify()->first_bad.has_value());
  std::string del = "DELETE FROM audit WHERE seq=" + std::to_string(target);
  ASSERT_TRUE(c->Exec(del.c_str()).ok());
  EXPECT_TRUE(w.audit_->Verify()->first_bad.has_value());
}

}  // namespace
}  // namespace portsafe::service

namespace portsafe::service {
namespace {

TEST(AuditFailureTest, AReadThatCannotBeAuditedIsNotServed) {
  testing::StaffWorld w;
  w.Submit("MARKER-UNAUDITED");
  std::string id = w.LastReportId();
  auto session = w.Session(w.Login(core::Role::kHandler));
  ::testing::StrictMock<store::MockStaffStore> broken;
  EXPECT_CALL(broken, AppendAudit(::testing::_))
      .WillRepeatedly(::testing::Return(Status(Unavailable("disk full"))));
  AuditLog audit(&broken, w.keys_.instance_secret, &w.clock_);
  HandlingServiceImpl handling(&w.store_->reports(), &w.store_->staff(), &audit, w.reporting_,
                               &w.clock_);
  auto r = handling.Open(*session, id);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(handling.ReadFile(*session, id, 1).ok());
  EXPECT_FALSE(handling.Queue(*session, {.sort = QueueSort::kAge}).ok());
}

TEST(AuditLogMockTest, EachEntryChainsToThePreviousMac) {
  ::testing::StrictMock<store::MockStaffStore> staff;
  std::vector<store::AuditRow> rows;
  EXPECT_CALL(staff, AppendAudit(::testing::_))
      .Times(2)
      .WillRepeatedly([&rows](store::StaffStore::MakeAudit make) {
        rows.push_back(make(static_cast<std::int64_t>(rows.size() + 1),
                            rows.empty() ? std::string() : rows.back().mac));
        return Status::Ok();
      });
  crypto::SecretBytes secret(std::string(32, 'k'));
  ManualClock clock(ManualClock::NoonOn("2028-02-29"));
  AuditLog log(&staff, secret, &clock);
  ASSERT_TRUE(log.Append({"u1", "handler", "report.read", "r1"}).ok());
  ASSERT_TRUE(log.Append({"u1", "handler", "report.read", "r1"}).ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].mac.size(), 32u);
  EXPECT_NE(rows[0].mac, rows[1].mac);  // same event, different place in the chain
  EXPECT_NE(rows[1].entry.find("\"seq\":2"), std::string::npos);
  EXPECT_NE(rows[1].entry.find("\"on\":\"2028-02-29\""), std::string::npos);
  EXPECT_EQ(rows[1].entry.find("T"), std::string::npos);  // a date, never a time
}

}  // namespace
}  // namespace portsafe::service
