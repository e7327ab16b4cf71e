// The staff half of SqlStore on both backends: accounts, grants, the audit
// chain (also with two stores writing at once, as two nodes do), handling's
// optimistic versions, packages and their messages, and the purge.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "store/store_fixture.h"

namespace portsafe::store {
namespace {

UserRow User(const std::string& id, const std::string& email) {
  UserRow u;
  u.id = id;
  u.email = email;
  u.role = "handler";
  u.created_on = "2026-11-29";
  u.pw_salt = std::string("salt\0\xff", 6);
  u.pw_ops = 3;
  u.pw_mem = 1 << 26;
  u.pw_verifier = "verifier";
  u.public_key = std::string(32, '\x01');
  u.wrapped_by_password = "wp";
  u.wrapped_by_recovery = "wr";
  u.totp_sealed = "totp";
  return u;
}

class StaffStoreTest : public StoreFixture {};
PORTSAFE_ON_EVERY_STORE(StaffStoreTest);

// Sign-in state is changed in single statements, so two nodes racing
// cannot both take one one-time-code step, nor lose a failure: six claims
// of one step at once (three through each of two stores on the same
// database) take it once; eight failures at once are all counted, and the
// fifth locks.
TEST_P(StaffStoreTest, ATotpStepIsTakenOnceAndEveryFailureCountsUnderRaces) {
  ASSERT_TRUE(store_->staff().PutUser(User("u1", "a@example.org")).ok());
  auto other = Open();
  ASSERT_TRUE(other.ok()) << other.error().message();
  StaffStore* nodes[] = {&store_->staff(), &(*other)->staff()};
  for (std::int64_t step = 980; step <= 1001; ++step) {
    std::atomic<int> taken{0}, errors{0};
    std::vector<std::thread> racers;
    for (int i = 0; i < 6; ++i) {
      racers.emplace_back([&, i] {
        auto r = nodes[i % 2]->ClaimTotpStep("u1", step, 100, Attempt::kSignIn);
        if (!r.ok()) ++errors;
        if (r.ok() && *r) ++taken;
      });
    }
    for (auto& t : racers) t.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(taken.load(), 1) << step;
  }
  EXPECT_FALSE(
      *store_->staff().ClaimTotpStep("u1", 1000, 100, Attempt::kSignIn));  // older than the last
  EXPECT_FALSE(*store_->staff().ClaimTotpStep("nobody", 5000, 100, Attempt::kSignIn));
  EXPECT_EQ((*store_->staff().FindUserById("u1"))->totp_last_step, 1001);

  std::vector<std::thread> failures;
  std::atomic<int> errors{0}, locked{0};
  for (int i = 0; i < 8; ++i) {
    failures.emplace_back([&, i] {
      auto r = nodes[i % 2]->RecordLoginFailure("u1", 5, 4102444800, Attempt::kSignIn);
      if (!r.ok()) ++errors;
      if (r.ok() && *r) ++locked;
    });
  }
  for (auto& t : failures) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(locked.load(), 1);  // exactly one failure says it locked
  auto u = store_->staff().FindUserById("u1");
  EXPECT_EQ((*u)->locked_until, 4102444800);
  EXPECT_EQ((*u)->failed_logins, 3);      // 8 = the 5 that locked, and 3 since
  EXPECT_EQ((*u)->recovery_failures, 0);  // counted apart
  EXPECT_EQ((*u)->recovery_locked_until, 0);
  EXPECT_EQ(store_->staff().RecordLoginFailure("nobody", 5, 1, Attempt::kSignIn).error().code(),
            ErrorCode::kNotFound);
  // While the lock holds no step is taken, however good the code; once it
  // has passed, a step taken clears the count and the lock.
  EXPECT_FALSE(*store_->staff().ClaimTotpStep("u1", 1002, 4102444799, Attempt::kSignIn));
  // A reset with the recovery code is counted and locked apart: the
  // sign-in lock does not stop it, and its own lock stops only it.
  EXPECT_TRUE(*store_->staff().ClaimTotpStep("u1", 1002, 4102444799, Attempt::kRecovery));
  for (int i = 0; i < 5; ++i) {
    auto r = store_->staff().RecordLoginFailure("u1", 5, 4102449999, Attempt::kRecovery);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, i == 4);
  }
  u = store_->staff().FindUserById("u1");
  EXPECT_EQ((*u)->recovery_locked_until, 4102449999);
  EXPECT_EQ((*u)->locked_until, 4102444800);  // unchanged
  EXPECT_FALSE(*store_->staff().ClaimTotpStep("u1", 1003, 4102444800, Attempt::kRecovery));
  EXPECT_TRUE(*store_->staff().ClaimTotpStep("u1", 1003, 4102444800, Attempt::kSignIn));
  u = store_->staff().FindUserById("u1");
  EXPECT_EQ((*u)->locked_until, 0);
  EXPECT_EQ((*u)->failed_logins, 0);
  EXPECT_EQ((*u)->recovery_locked_until, 4102449999);  // a sign-in clears only its own
  // A disabled account takes none.
  ASSERT_TRUE(store_->staff().SetUserDisabled("u1", true, "").ok());
  EXPECT_FALSE(*store_->staff().ClaimTotpStep("u1", 2000, 4102449999, Attempt::kSignIn));
}

// The operator's account changes end what the account holds, in the same
// transaction: disabling takes its grants and sessions (a session row gone
// is a 401 on the next request, on every node); a new role ends the
// sessions and keeps the grants only when asked; removing leaves nothing.
TEST_P(StaffStoreTest, DisablingARoleChangeOrRemovalEndsSessionsAndGrants) {
  ASSERT_TRUE(store_->staff().PutUser(User("u1", "a@example.org")).ok());
  ASSERT_TRUE(store_->staff().PutUser(User("u2", "b@example.org")).ok());
  auto grant_and_sign_in = [&](const std::string& id, const std::string& token) {
    ASSERT_TRUE(store_->staff().PutKeyGrant({id, "service", "sealed"}).ok());
    ASSERT_TRUE(store_->cluster().PutSession({token, id, 100, 100, "s"}).ok());
  };
  grant_and_sign_in("u1", "t1");
  grant_and_sign_in("u2", "t2");
  ASSERT_TRUE(store_->staff().SetUserDisabled("u1", true, "").ok());
  EXPECT_TRUE((*store_->staff().FindUserById("u1"))->disabled);
  EXPECT_TRUE(store_->staff().ListKeyGrants("u1")->empty());
  EXPECT_FALSE(store_->cluster().FindSession("t1")->has_value());
  EXPECT_EQ(store_->staff().ListKeyGrants("u2")->size(), 1u);  // others untouched
  EXPECT_TRUE(store_->cluster().FindSession("t2")->has_value());
  ASSERT_TRUE(store_->staff().SetUserDisabled("u1", false, "").ok());
  EXPECT_FALSE((*store_->staff().FindUserById("u1"))->disabled);
  EXPECT_TRUE(store_->staff().ListKeyGrants("u1")->empty());  // given again by a colleague

  ASSERT_TRUE(store_->staff().SetUserRole("u2", "supervisor", "", true).ok());
  EXPECT_EQ((*store_->staff().FindUserById("u2"))->role, "supervisor");
  EXPECT_EQ(store_->staff().ListKeyGrants("u2")->size(), 1u);
  EXPECT_FALSE(store_->cluster().FindSession("t2")->has_value());
  grant_and_sign_in("u2", "t3");
  ASSERT_TRUE(store_->staff().SetUserRole("u2", "admin", "", false).ok());
  EXPECT_TRUE(store_->staff().ListKeyGrants("u2")->empty());
  EXPECT_FALSE(store_->cluster().FindSession("t3")->has_value());

  grant_and_sign_in("u1", "t4");
  ASSERT_TRUE(store_->staff().DeleteUser("u1").ok());
  EXPECT_FALSE(store_->staff().FindUserById("u1")->has_value());
  EXPECT_TRUE(store_->staff().ListKeyGrants("u1")->empty());
  EXPECT_FALSE(store_->cluster().FindSession("t4")->has_value());
  for (Status st :
       {store_->staff().DeleteUser("u1"), store_->staff().SetUserDisabled("u1", true, ""),
        store_->staff().SetUserRole("u1", "handler", "", true)}) {
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code(), ErrorCode::kNotFound);
  }
}

TEST_P(StaffStoreTest, UsersAreUniqueAndKeepTheirBytesAndState) {
  ASSERT_TRUE(store_->staff().PutUser(User("u1", "a@example.org")).ok());
  EXPECT_EQ(store_->staff().PutUser(User("u1", "b@example.org")).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->staff().PutUser(User("u2", "a@example.org")).error().code(),
            ErrorCode::kAlreadyExists);
  auto u = store_->staff().FindUserByEmail("a@example.org");
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_EQ((*u)->pw_salt, std::string("salt\0\xff", 6));  // bytes, not text
  EXPECT_EQ((*u)->pw_mem, 1 << 26);
  UserRow changed = **u;
  changed.failed_logins = 4;
  changed.locked_until = 4102444800;  // 2100: beyond 32 bits of seconds
  changed.totp_last_step = 99;
  ASSERT_TRUE(store_->staff().UpdateLoginState(changed).ok());
  auto again = store_->staff().FindUserById("u1");
  EXPECT_EQ((*again)->failed_logins, 4);
  EXPECT_EQ((*again)->locked_until, 4102444800);
  EXPECT_EQ(store_->staff().UpdateLoginState(User("nobody", "n@example.org")).error().code(),
            ErrorCode::kNotFound);
  EXPECT_FALSE(store_->staff().FindUserById("nobody")->has_value());

  ASSERT_TRUE(store_->staff().PutKeyGrant({"u1", "service", "first"}).ok());
  ASSERT_TRUE(store_->staff().PutKeyGrant({"u1", "service", "second"}).ok());
  auto grants = store_->staff().ListKeyGrants("u1");
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].sealed, "second");
}

TEST_P(StaffStoreTest, TheAuditChainStaysOneLineWithTwoStoresWritingAtOnce) {
  auto other = Open();  // a second node on the same database
  ASSERT_TRUE(other.ok()) << other.error().message();
  constexpr int kEach = 40;
  auto append = [](StaffStore* s, const std::string& who) {
    for (int i = 0; i < kEach; ++i) {
      Status st = s->AppendAudit([&](std::int64_t seq, const std::string& prev) {
        return AuditRow{seq, who + std::to_string(i), "mac" + std::to_string(seq) + "<" + prev};
      });
      ASSERT_TRUE(st.ok()) << st.error().message();
    }
  };
  std::thread a(append, &store_->staff(), "a");
  std::thread b(append, &(*other)->staff(), "b");
  a.join();
  b.join();
  auto rows = store_->staff().ListAudit();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u * kEach);
  std::string prev;
  for (size_t i = 0; i < rows->size(); ++i) {
    EXPECT_EQ((*rows)[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ((*rows)[i].mac, "mac" + std::to_string(i + 1) + "<" + prev);
    prev = (*rows)[i].mac;
  }
}

TEST_P(StaffStoreTest, HandlingSavesOnlyOverTheVersionItRead) {
  ASSERT_TRUE(FileReport(*store_, TestReport("r1")).ok());
  auto h = store_->staff().FindHandling("r1");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->version, 0);
  EXPECT_EQ(h->sealed, "");
  h->status = core::ReportStatus::kInProgress;
  h->category = "theft";
  h->sealed = std::string("\0grade", 6);
  ASSERT_TRUE(store_->staff().SaveHandling(*h).ok());
  EXPECT_EQ(store_->staff().SaveHandling(*h).error().code(), ErrorCode::kAlreadyExists);  // stale
  auto saved = store_->staff().FindHandling("r1");
  EXPECT_EQ(saved->version, 1);
  EXPECT_EQ(saved->status, core::ReportStatus::kInProgress);
  EXPECT_EQ(saved->sealed, std::string("\0grade", 6));
  EXPECT_EQ(store_->staff().FindReportById("r1")->category, "theft");
  EXPECT_EQ(store_->staff().FindHandling("none").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->staff().ListHandling()->size(), 1u);
}

TEST_P(StaffStoreTest, QueuePagesAreRangesOfOneStatusAndPriorityByDateThenId) {
  // Eight reports over two days, two priorities and two statuses.
  auto file = [&](const std::string& id, const std::string& day, core::Priority p,
                  core::ReportStatus st) {
    ReportRow r = TestReport(id);
    r.received_on = day;
    r.priority = p;
    r.status = st;
    ASSERT_TRUE(FileReport(*store_, r).ok());
  };
  using core::Priority;
  using core::ReportStatus;
  file("b1", "2026-11-02", Priority::kNormal, ReportStatus::kNew);
  file("a1", "2026-11-02", Priority::kNormal, ReportStatus::kNew);
  file("c1", "2026-11-01", Priority::kNormal, ReportStatus::kNew);
  file("d1", "2026-11-01", Priority::kHigh, ReportStatus::kNew);
  file("e1", "2026-11-03", Priority::kNormal, ReportStatus::kNew);
  file("f1", "2026-11-01", Priority::kNormal, ReportStatus::kClosed);
  file("g1", "2026-11-02", Priority::kHigh, ReportStatus::kClosed);
  file("h1", "2026-11-04", Priority::kNormal, ReportStatus::kNew);
  auto ids = [](const Result<std::vector<HandlingRow>>& rows) {
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.report_id);
    return out;
  };
  QueuePageQuery q;
  q.status = ReportStatus::kNew;
  q.priority = Priority::kNormal;
  q.limit = 2;
  auto page = store_->staff().ListQueuePage(q);
  ASSERT_TRUE(page.ok()) << page.error().message();
  EXPECT_EQ(ids(page), (std::vector<std::string>{"c1", "a1"}));
  q.after_received_on = page->back().received_on;
  q.after_id = page->back().report_id;
  EXPECT_EQ(ids(store_->staff().ListQueuePage(q)), (std::vector<std::string>{"b1", "e1"}));
  q.after_received_on = "2026-11-03";
  q.after_id = "e1";
  EXPECT_EQ(ids(store_->staff().ListQueuePage(q)), (std::vector<std::string>{"h1"}));
  q.after_received_on = "2026-11-04";
  q.after_id = "h1";
  EXPECT_TRUE(store_->staff().ListQueuePage(q)->empty());
  // Without a priority: every priority of the status, by date then id.
  q = {};
  q.status = ReportStatus::kNew;
  q.limit = 10;
  EXPECT_EQ(ids(store_->staff().ListQueuePage(q)),
            (std::vector<std::string>{"c1", "d1", "a1", "b1", "e1", "h1"}));
  q.status = ReportStatus::kClosed;
  EXPECT_EQ(ids(store_->staff().ListQueuePage(q)), (std::vector<std::string>{"f1", "g1"}));
  // Rows of named reports, in any order; unknown ids are left out.
  auto some = store_->staff().FindHandlingOf({"g1", "nobody", "a1"});
  ASSERT_TRUE(some.ok());
  auto got = ids(some);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"a1", "g1"}));
  // Counts stop at the cap.
  EXPECT_EQ(*store_->staff().CountStatus(ReportStatus::kNew, 100), 6);
  EXPECT_EQ(*store_->staff().CountStatus(ReportStatus::kNew, 4), 4);
  EXPECT_EQ(*store_->staff().CountStatus(ReportStatus::kAwaitingApproval, 4), 0);
}

TEST_P(StaffStoreTest, AReportsHistoryIsReadByItsTargetNewestFirstAndBounded) {
  for (int i = 1; i <= 9; ++i) {
    const std::string target = i % 3 == 0 ? "r1" : "other";
    ASSERT_TRUE(store_->staff()
                    .AppendAudit([&](std::int64_t seq, const std::string&) {
                      return AuditRow{seq, "entry" + std::to_string(seq), "mac", target};
                    })
                    .ok());
  }
  auto all = store_->staff().ListAuditFor("r1", 10);
  ASSERT_TRUE(all.ok()) << all.error().message();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].seq, 3);
  EXPECT_EQ((*all)[2].seq, 9);
  EXPECT_EQ((*all)[2].target, "r1");
  auto newest = store_->staff().ListAuditFor("r1", 2);  // the newest two, oldest first
  ASSERT_EQ(newest->size(), 2u);
  EXPECT_EQ((*newest)[0].seq, 6);
  EXPECT_EQ((*newest)[1].seq, 9);
  EXPECT_TRUE(store_->staff().ListAuditFor("nobody", 10)->empty());
}

TEST_P(StaffStoreTest, AnAgencysPackagesArePagedNewestFirstThenById) {
  ASSERT_TRUE(
      store_->staff().PutAgency({"KENT-POLICE", "Kent Police", "police", "pk", "GBDVR"}).ok());
  ASSERT_TRUE(store_->staff().PutAgency({"NCA", "NCA", "national", "pk", ""}).ok());
  std::vector<PackageRow> packages;
  // Sent on three days; "pn" to another agency.
  for (const auto& [id, day] :
       std::vector<std::pair<std::string, std::string>>{{"pb", "2026-11-02"},
                                                        {"pa", "2026-11-02"},
                                                        {"pc", "2026-11-03"},
                                                        {"pd", "2026-11-01"},
                                                        {"pe", "2026-11-02"},
                                                        {"pn", "2026-11-05"}}) {
    ASSERT_TRUE(FileReport(*store_, TestReport("r" + id)).ok());
    auto h = store_->staff().FindHandling("r" + id);
    PackageRow p;
    p.id = id;
    p.report_id = "r" + id;
    p.agency_code = id == "pn" ? "NCA" : "KENT-POLICE";
    p.sent_on = day;
    p.sealed = "package";
    ASSERT_TRUE(store_->staff().Disseminate(*h, {p}).ok());
  }
  std::vector<std::string> seen;
  std::string day, id;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store_->staff().ListPackagesForAgency("KENT-POLICE", day, id, 2);
    ASSERT_TRUE(page.ok()) << page.error().message();
    for (const auto& p : *page) seen.push_back(p.id);
    if (page->size() < 2) break;
    day = page->back().sent_on;
    id = page->back().id;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"pc", "pe", "pb", "pa", "pd"}));
}

TEST_P(StaffStoreTest, PackagesTheirMessagesAndThePurge) {
  ASSERT_TRUE(FileReport(*store_, TestReport("r1")).ok());
  ASSERT_TRUE(
      store_->staff().PutAgency({"KENT-POLICE", "Kent Police", "police", "pk", "GBDVR"}).ok());
  auto h = store_->staff().FindHandling("r1");
  PackageRow p;
  p.id = "p1";
  p.report_id = "r1";
  p.agency_code = "KENT-POLICE";
  p.sent_on = "2026-11-29";
  p.sealed = "package";
  ASSERT_TRUE(store_->staff().Disseminate(*h, {p}).ok());
  for (const char* who : {"agency", "service", "agency"}) {
    ASSERT_TRUE(
        store_->staff().AppendPackageMessage({"p1", 0, who, "2026-11-29", "fa", "fs"}).ok());
  }
  auto msgs = store_->staff().ListPackageMessages("p1");
  ASSERT_EQ(msgs->size(), 3u);
  EXPECT_EQ((*msgs)[2].seq, 3);
  EXPECT_EQ(store_->staff().FindPackage("p1")->last_message_by, "agency");
  EXPECT_TRUE(store_->staff().FindHandling("r1")->agency_waiting);
  p.outcome = "seizure";
  p.seizure_type = "drugs";
  p.outcome_on = "2026-12-01";
  ASSERT_TRUE(store_->staff().UpdatePackage(p).ok());
  auto outcomes = store_->staff().CountOutcomes();
  ASSERT_EQ(outcomes->size(), 1u);
  EXPECT_EQ((*outcomes)[0].month, "2026-12");
  EXPECT_EQ((*outcomes)[0].count, 1);
  EXPECT_EQ(store_->staff().ListPackagesForAgency("KENT-POLICE", "", "", 10)->size(), 1u);

  ASSERT_TRUE(store_->staff().DeleteReports({"r1"}).ok());
  EXPECT_EQ(store_->staff().FindReportById("r1").error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(store_->staff().ListPackagesForReport("r1")->empty());
  EXPECT_TRUE(store_->staff().ListPackageMessages("p1")->empty());
  EXPECT_EQ(*store_->reports().CountReports(), 0);
}

}  // namespace
}  // namespace portsafe::store
