// Linking against the real store and crypto: reports naming the same things
// are linked, a mistyped container finds the right one, reports that came
// while nobody was signed in are indexed at the next sign-in, the database
// shows neither identifiers nor which reports share them, purged reports
// leave no index, and links raise open reports in the queue.
#include "service/link_service_impl.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "common/fs.h"
#include "crypto/sodium.h"
#include "service/retention.h"
#include "service/staff_world.h"
#include "store/mock_link_store.h"
#include "store/sqlite_conn.h"

namespace portsafe::service {
namespace {

using core::Role;
using intel::Kind;
using intel::MatchKind;
using testing::StaffWorld;

class LinkServiceTest : public ::testing::Test {
 protected:
  // Files a report whose description is `text`; returns its id.
  std::string File(const std::string& text, const std::string& vehicles = "") {
    w_.Submit(text, "drugs", vehicles);
    return w_.LastReportId();
  }
  std::shared_ptr<const StaffSession> Handler() { return w_.Session(w_.Login(Role::kHandler)); }
  ReportLinks Links(const std::string& id) {
    auto r = w_.links_->Links(*Handler(), id);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? *r : ReportLinks{};
  }
  static const LinkedReport* Find(const ReportLinks& r, const std::string& id) {
    for (const auto& l : r.links) {
      if (l.report_id == id) return &l;
    }
    return nullptr;
  }
  // Every row of one column of the database, as bytes.
  std::vector<std::string> Column(const char* sql) {
    auto c = store::SqliteConn::Open(service::DatabasePath(w_.data_), true);
    EXPECT_TRUE(c.ok());
    std::unique_ptr<store::SqliteConn> conn(std::move(*c));
    auto s = conn->Prepare(sql);
    EXPECT_TRUE(s.ok());
    store::Stmt st(*s);
    std::vector<std::string> out;
    while (st.Step() == store::kRow) out.push_back(st.Text(0));
    return out;
  }

  StaffWorld w_;
};

TEST_F(LinkServiceTest, ReportsNamingTheSameContainerAndVanAreLinked) {
  const std::string a =
      File("Seal cut on CSQU 305438 3 by the reefer stack.", "White van AB12 CDE");
  const std::string b = File("The box csqu3054383 was opened again at night.");
  const std::string c = File("Van ab12cde waited at gate 2, driver on 07700 900123.");
  const std::string d = File("Nothing to do with the others: MSKU 123456 5 and BD51 SMR.");

  ReportLinks r = Links(a);
  ASSERT_EQ(r.identifiers.size(), 2u);
  EXPECT_EQ(r.identifiers[0].value, "CSQU3054383");
  EXPECT_EQ(r.identifiers[1].value, "AB12CDE");
  ASSERT_EQ(r.links.size(), 2u) << "b and c, not d";
  const LinkedReport* lb = Find(r, b);
  const LinkedReport* lc = Find(r, c);
  ASSERT_NE(lb, nullptr);
  ASSERT_NE(lc, nullptr);
  EXPECT_EQ(Find(r, d), nullptr);
  EXPECT_TRUE(lb->strong);
  ASSERT_EQ(lc->shared.size(), 1u);
  EXPECT_EQ(lc->shared[0].entry.kind, Kind::kVrmGb);
  EXPECT_EQ(lc->shared[0].match, MatchKind::kExact);
  EXPECT_TRUE(lc->open);
  EXPECT_EQ(lc->status, core::ReportStatus::kNew);
  // Container and owner code: the container counts more than a van alone.
  EXPECT_GT(lb->score, 0);
  EXPECT_TRUE(w_.Audited(a, "links.read"));

  // The other way round too.
  ReportLinks rc = Links(c);
  ASSERT_NE(Find(rc, a), nullptr);
  EXPECT_EQ(Find(rc, b), nullptr);
}

TEST_F(LinkServiceTest, AMistypedCheckDigitFindsTheValidContainerAndBack) {
  const std::string typo = File("The container was CSQU 305438 4, I think.");
  const std::string right = File("Checked the paperwork: CSQU3054383.");
  ReportLinks r = Links(typo);
  ASSERT_EQ(r.identifiers.size(), 1u);
  EXPECT_FALSE(r.identifiers[0].valid);
  const LinkedReport* l = Find(r, right);
  ASSERT_NE(l, nullptr);
  bool near = false;
  for (size_t i = 0; i < l->shared.size(); ++i) {
    if (l->shared[i].match != MatchKind::kNear) continue;
    near = true;
    EXPECT_EQ(l->shared[i].shared, "CSQU3054383");
    EXPECT_EQ(l->other_values[i], "CSQU3054383");
  }
  EXPECT_TRUE(near);
  EXPECT_TRUE(l->strong);

  ReportLinks back = Links(right);
  const LinkedReport* lt = Find(back, typo);
  ASSERT_NE(lt, nullptr);
  bool seen = false;
  for (size_t i = 0; i < lt->shared.size(); ++i) {
    if (lt->shared[i].match == MatchKind::kNear) {
      seen = true;
      EXPECT_EQ(lt->other_values[i], "CSQU3054384");
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(LinkServiceTest, AnOwnerCodeAloneIsAWeakLink) {
  const std::string a = File("Box CSQU 305438 3 opened.");
  const std::string b = File("Another of theirs, CSQU 000001 0, with a new seal.");
  ReportLinks r = Links(a);
  const LinkedReport* l = Find(r, b);
  ASSERT_NE(l, nullptr);
  EXPECT_FALSE(l->strong);
  ASSERT_EQ(l->shared.size(), 1u);
  EXPECT_EQ(l->shared[0].match, MatchKind::kOwner);
  EXPECT_EQ(l->shared[0].shared, "CSQ");
  EXPECT_EQ(l->other_values[0], "CSQU0000010");
}

TEST_F(LinkServiceTest, ReportsThatCameWhileNobodyHeldTheKeyAreIndexedAtTheNextSignIn) {
  File("Van AB12 CDE at the gate.");
  File("Van AB12 CDE again.");
  auto waiting = w_.store_->links().CountLinkPending();
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(*waiting, 2);
  EXPECT_TRUE(Column("SELECT report_id FROM link_entries").empty());
  auto run = w_.links_->IndexPending(*Handler());
  ASSERT_TRUE(run.ok()) << run.error().message();
  EXPECT_EQ(run->indexed, 2u);
  EXPECT_EQ(*w_.store_->links().CountLinkPending(), 0);
  EXPECT_EQ(Column("SELECT report_id FROM link_entries").size(), 2u);
  // Nothing waits: a second run does nothing.
  EXPECT_EQ(w_.links_->IndexPending(*Handler())->indexed, 0u);
}

TEST_F(LinkServiceTest, AReportersFollowUpIsIndexedToo) {
  const std::string a = File("Saw a man with a phone, number 07700 900123.");
  const std::string receipt = w_.Submit("A lorry waited by the scanner.");
  const std::string c = w_.LastReportId();
  ASSERT_TRUE(w_.links_->IndexPending(*Handler()).ok());
  EXPECT_EQ(Find(Links(a), c), nullptr);
  // The reporter of c writes back with the same number.
  std::promise<Status> p;
  w_.reporting_->AddMessage(receipt, "He gave me his number: +44 7700 900123",
                            [&p](Status s) { p.set_value(std::move(s)); });
  ASSERT_TRUE(p.get_future().get().ok());
  EXPECT_EQ(*w_.store_->links().CountLinkPending(), 1);  // c waits to be indexed again
  auto run = w_.links_->IndexPending(*Handler());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->indexed, 1u);
  ReportLinks r = Links(a);
  ASSERT_NE(Find(r, c), nullptr);
  EXPECT_EQ(Find(r, c)->shared[0].entry.value, "+447700900123");
  // A handler's own message is not the reporter's words: nothing waits.
  ASSERT_TRUE(w_.handling_->MessageReporter(*Handler(), c, "Call 07700 900999?", false).ok());
  EXPECT_EQ(*w_.store_->links().CountLinkPending(), 0);
}

TEST_F(LinkServiceTest, TheDatabaseShowsNoIdentifierAndNoReportIdInTheIndex) {
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    ids.push_back(File("CSQU 305438 3 and MARKERVAN AB12 CDE, call 07700 900123, IMO 9074729."));
  }
  ASSERT_TRUE(w_.links_->IndexPending(*Handler()).ok());
  ASSERT_EQ(Links(ids[0]).links.size(), 3u);
  std::vector<std::string> blobs = Column("SELECT posting FROM link_postings");
  for (const auto& e : Column("SELECT entries FROM link_entries")) blobs.push_back(e);
  ASSERT_GT(blobs.size(), 20u);
  for (const auto& id : ids) {
    std::string raw;
    for (size_t i = 0; i < id.size(); i += 2) {
      raw.push_back(static_cast<char>(std::stoi(id.substr(i, 2), nullptr, 16)));
    }
    for (const auto& b : blobs) {
      EXPECT_EQ(b.find(id), std::string::npos);
      EXPECT_EQ(b.find(raw.substr(0, 8)), std::string::npos);
    }
  }
  // Each report's postings under one term are all different: nothing groups
  // them by report.
  std::set<std::string> refs;
  for (const auto& r : Column("SELECT substr(posting, 17) FROM link_postings")) refs.insert(r);
  EXPECT_EQ(refs.size(), Column("SELECT substr(posting, 17) FROM link_postings").size());
  // And the identifiers are nowhere in the files, nor in the key files.
  for (const auto& file : testing::FilesBelow(w_.data_)) {
    auto bytes = fs::ReadFile(file);
    ASSERT_TRUE(bytes.ok());
    for (const char* marker : {"CSQU3054383", "CSQU 305438", "AB12CDE", "MARKERVAN", "447700900123",
                               "07700 900123", "9074729"}) {
      EXPECT_EQ(bytes->find(marker), std::string::npos) << marker << " in " << file;
    }
  }
}

TEST_F(LinkServiceTest, AnotherServiceKeyOpensNothing) {
  const std::string a = File("Van AB12 CDE.");
  File("Van AB12 CDE again.");
  ASSERT_TRUE(w_.links_->IndexPending(*Handler()).ok());
  crypto::KeyPair other = crypto::GenerateKeyPair();
  intel::BlindIndex wrong(other.private_key);
  auto found = FindLinks(wrong, &w_.store_->links(), {{Kind::kVrmGb, "AB12CDE", true}}, a);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->links.empty());
  auto stored = w_.store_->links().FindLinkEntries(a);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_FALSE(wrong.OpenEntries(a, **stored).ok());
}

TEST_F(LinkServiceTest, APurgedReportLeavesNothingInTheIndex) {
  auto handler = Handler();
  const std::time_t now = w_.Now();
  w_.SetDate("2025-01-10");
  const std::string old = File("Van AB12 CDE, container CSQU 305438 4.");
  ASSERT_TRUE(w_.handling_->Close(*handler, old, "no_further_action", "").ok());
  w_.clock_.Set(now);  // back to the present
  const std::string keep = File("Van AB12 CDE once more.");
  ASSERT_TRUE(w_.links_->IndexPending(*handler).ok());
  ASSERT_NE(Find(Links(keep), old), nullptr);
  const size_t before = Column("SELECT substr(posting, 17) FROM link_postings").size();
  auto purged = Purge(&w_.store_->staff(), w_.audit_, w_.Today(), 12, false);
  ASSERT_TRUE(purged.ok());
  ASSERT_EQ(purged->size(), 1u);
  // Without the key the server cannot tell which postings were the report's;
  // the next run with the key removes them.
  EXPECT_EQ(Column("SELECT report_id FROM link_garbage").size(), 1u);
  auto run = w_.links_->IndexPending(*Handler());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->removed, 1u);
  EXPECT_TRUE(Column("SELECT report_id FROM link_garbage").empty());
  EXPECT_EQ(Column("SELECT report_id FROM link_entries").size(), 1u);
  // Its van, container, owner and fifteen near codes are gone; keep's van stays.
  const size_t after = Column("SELECT substr(posting, 17) FROM link_postings").size();
  EXPECT_LT(after, before);
  EXPECT_EQ(after, 1u);
  EXPECT_EQ(Find(Links(keep), old), nullptr);
}

TEST_F(LinkServiceTest, LinksToOpenReportsRaiseThemInTheQueue) {
  auto handler = Handler();
  w_.SetDate("2026-11-01");
  const std::string alone = File("Nothing in common here.");
  w_.SetDate("2026-11-10");
  const std::string x = File("Phone 07700 900123 on a note.");
  const std::string y = File("The same number, 07700 900123, on the van.");
  w_.SetDate("2026-11-26");
  ASSERT_TRUE(w_.links_->IndexPending(*handler).ok());
  auto q = w_.WholeQueue(*handler, QueueSort::kPriority, false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 3u);
  // Linked reports first within the same priority, although `alone` is older
  // (x and y arrived on one day: their order is their ids').
  EXPECT_EQ((std::set<std::string>{(*q)[0].report_id, (*q)[1].report_id}),
            (std::set<std::string>{x, y}));
  EXPECT_EQ((*q)[0].linked_open, 1);
  EXPECT_EQ((*q)[1].linked_open, 1);
  EXPECT_EQ((*q)[2].report_id, alone);
  EXPECT_EQ((*q)[2].linked_open, 0);
  // By age, age alone decides.
  EXPECT_EQ(w_.WholeQueue(*handler, QueueSort::kAge, false)->front().report_id, alone);
  // A higher priority still comes first.
  ASSERT_TRUE(w_.handling_->SetPriority(*handler, alone, core::Priority::kHigh).ok());
  EXPECT_EQ(w_.WholeQueue(*handler, QueueSort::kPriority, false)->front().report_id, alone);
  // Closing y: x links to no open report any more.
  ASSERT_TRUE(w_.handling_->Close(*handler, y, "duplicate", "").ok());
  q = w_.WholeQueue(*handler, QueueSort::kPriority, false);
  for (const auto& item : *q) EXPECT_EQ(item.linked_open, 0) << item.report_id;
}

// A flood of the same text is one group for the handler, found on another
// node from the sealed index alone, and closed in one action that each
// report's history and the log record; other reports are left alone.
TEST_F(LinkServiceTest, NearIdenticalReportsAreOneGroupThatOneActionClosesAndAudits) {
  auto handler = Handler();
  w_.SetDate("2026-11-01");
  std::vector<std::string> junk;
  auto junk_text = [](int i) {
    return "The harbour master takes bribes from every ship that docks here, everyone knows "
           "it, do something now. Message " +
           std::to_string(i);
  };
  for (int i = 0; i < 8; ++i) {
    if (i == 3) w_.SetDate("2026-11-02");
    junk.push_back(File(junk_text(i)));
  }
  const std::string other = File("A van at gate four loads boxes from a reefer at night.");
  const std::string other2 = File("A van at gate four loads boxes from a reefer at night!");
  const std::string alone = File("The crane driver was offered money to skip a seal check.");
  ASSERT_TRUE(w_.links_->IndexPending(*handler).ok());

  // Until this node has read the whole index in, the groups say so and
  // none closes.
  auto groups = w_.handling_->NearDuplicateGroups(*handler, 10);
  ASSERT_TRUE(groups.ok()) << groups.error().message();
  EXPECT_FALSE(groups->complete);
  ASSERT_FALSE(groups->groups.empty());
  EXPECT_EQ(
      w_.handling_
          ->CloseGroup(*handler, groups->groups[0].id, groups->groups[0].as_seen, "malicious", "")
          .error()
          .code(),
      ErrorCode::kUnavailable);
  ASSERT_TRUE(w_.links_->LoadGraph(*handler).ok());
  groups = w_.handling_->NearDuplicateGroups(*handler, 10);
  ASSERT_TRUE(groups->complete);
  ASSERT_EQ(groups->groups.size(), 2u);
  NearDuplicateGroup g = groups->groups[0];
  EXPECT_EQ(g.reports, 8);
  EXPECT_EQ(g.id, *std::min_element(junk.begin(), junk.begin() + 3));  // the oldest day's first
  EXPECT_EQ(g.first_received_on, "2026-11-01");
  EXPECT_EQ(g.last_received_on, "2026-11-02");
  EXPECT_EQ(groups->groups[1].reports, 2);

  // Another node, from the sealed index alone, sees the same groups.
  LinkServiceImpl fresh(&w_.store_->reports(), &w_.store_->staff(), &w_.store_->links(), w_.audit_,
                        &w_.reporting_->ports(), &w_.clock_);
  ASSERT_TRUE(fresh.LoadGraph(*handler).ok());
  auto again = fresh.near_duplicates()->Groups(10);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].id, g.id);
  EXPECT_EQ(again[0].as_seen, g.as_seen);

  // Bad input changes nothing.
  auto bad = w_.handling_->CloseGroup(*handler, g.id, g.as_seen, "tired", "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field(), "reason");
  EXPECT_EQ(w_.handling_->CloseGroup(*handler, alone, "", "malicious", "").error().code(),
            ErrorCode::kNotFound);  // in no group
  EXPECT_FALSE(w_.handling_->NearDuplicateGroups(*handler, 0).ok());
  EXPECT_FALSE(w_.handling_->NearDuplicateGroups(*handler, kMaxGroupsListed + 1).ok());

  // A report that joined since the handler looked: the group as seen is
  // gone, and so is a group named by another of its reports.
  junk.push_back(File(junk_text(8)));
  ASSERT_TRUE(w_.links_->IndexPending(*handler).ok());
  EXPECT_EQ(w_.handling_->CloseGroup(*handler, g.id, g.as_seen, "malicious", "").error().code(),
            ErrorCode::kAlreadyExists);
  g = w_.handling_->NearDuplicateGroups(*handler, 10)->groups[0];
  EXPECT_EQ(g.reports, 9);
  EXPECT_EQ(w_.handling_->CloseGroup(*handler, junk[4], g.as_seen, "malicious", "").error().code(),
            ErrorCode::kAlreadyExists);

  // One is being handled: it stays open. One was closed where this node's
  // groups did not hear of it: skipped.
  ASSERT_TRUE(w_.handling_->AssignToSelf(*handler, junk[6]).ok());
  HandlingServiceImpl elsewhere(&w_.store_->reports(), &w_.store_->staff(), w_.audit_,
                                w_.reporting_, &w_.clock_);
  ASSERT_TRUE(elsewhere.Close(*handler, junk[7], "duplicate", "").ok());
  auto closed = w_.handling_->CloseGroup(*handler, g.id, g.as_seen, "malicious", "Junk flood.");
  ASSERT_TRUE(closed.ok()) << closed.error().message();
  EXPECT_EQ(closed->closed, 7);
  EXPECT_EQ(closed->being_handled, 1);
  EXPECT_EQ(closed->skipped, 1);
  EXPECT_EQ(closed->failed, 0);
  EXPECT_EQ(closed->left, 0);
  auto q = w_.WholeQueue(*handler, QueueSort::kAge, false);
  ASSERT_TRUE(q.ok());
  std::set<std::string> open;
  for (const auto& item : *q) open.insert(item.report_id);
  EXPECT_EQ(open, (std::set<std::string>{other, other2, alone, junk[6]}));
  for (int i : {0, 1, 2, 3, 4, 5, 8}) {
    EXPECT_TRUE(w_.Audited(junk[i], "report.closed_in_group")) << i;
    auto opened = w_.handling_->Open(*handler, junk[i]);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened->notes.close_reason, "malicious");
    EXPECT_EQ(opened->notes.close_note, "Junk flood.");
  }
  EXPECT_FALSE(w_.Audited(junk[6], "report.closed_in_group"));
  EXPECT_TRUE(w_.Audited(g.id, "group.closed"));
  groups = w_.handling_->NearDuplicateGroups(*handler, 10);
  ASSERT_EQ(groups->groups.size(), 1u);  // the two vans; junk[6] is alone now
  EXPECT_EQ(groups->groups[0].reports, 2);
  EXPECT_EQ(w_.handling_->CloseGroup(*handler, g.id, g.as_seen, "malicious", "").error().code(),
            ErrorCode::kNotFound);  // closed: in no group any more
}

// The queue read a page at a time, in every page size, gives the order the
// whole queue has: priority, then linked reports, then age, then id; a node
// that starts afresh loads the same links from the index.
TEST_F(LinkServiceTest, QueuePagesOfEverySizeGiveTheOneOrderWithLinkedReportsFirst) {
  auto handler = Handler();
  std::vector<std::string> ids;
  const char* days[] = {"2026-11-01", "2026-11-03", "2026-11-02"};
  for (int i = 0; i < 14; ++i) {
    w_.SetDate(days[i % 3]);
    // Pairs 0-1, 4-5 and 8-9 name one phone each; the rest name nothing.
    const std::string phone = "07700 9001" + std::to_string(10 + i / 2);
    ids.push_back(
        File(i % 4 < 2 ? "Call " + phone + " about the van." : "Nothing " + std::to_string(i)));
  }
  w_.SetDate("2026-11-26");
  ASSERT_TRUE(w_.links_->IndexPending(*handler).ok());
  ASSERT_TRUE(w_.handling_->SetPriority(*handler, ids[5], core::Priority::kHigh).ok());
  ASSERT_TRUE(w_.handling_->SetPriority(*handler, ids[2], core::Priority::kHigh).ok());
  ASSERT_TRUE(w_.handling_->Close(*handler, ids[13], "duplicate", "").ok());

  auto whole = w_.WholeQueue(*handler, QueueSort::kPriority, false, 200);
  ASSERT_TRUE(whole.ok()) << whole.error().message();
  ASSERT_EQ(whole->size(), 13u);
  // The order, worked out from the items themselves.
  auto expected = *whole;
  std::sort(expected.begin(), expected.end(), [](const QueueItem& a, const QueueItem& b) {
    return std::make_tuple(-static_cast<int>(a.priority), a.linked_open == 0, a.received_on,
                           a.report_id) < std::make_tuple(-static_cast<int>(b.priority),
                                                          b.linked_open == 0, b.received_on,
                                                          b.report_id);
  });
  auto order = [](const std::vector<QueueItem>& items) {
    std::vector<std::string> out;
    for (const auto& q : items) out.push_back(q.report_id);
    return out;
  };
  EXPECT_EQ(order(*whole), order(expected));
  // 5 is high and linked to 4 (normal): both are raised in their own priority.
  EXPECT_EQ((*whole)[0].report_id, ids[5]);
  EXPECT_EQ((*whole)[1].report_id, ids[2]);
  int linked = 0;
  for (const auto& q : *whole) linked += q.linked_open > 0 ? 1 : 0;
  EXPECT_EQ(linked, 6);
  for (size_t page = 1; page <= 6; ++page) {
    auto paged = w_.WholeQueue(*handler, QueueSort::kPriority, false, page);
    ASSERT_TRUE(paged.ok());
    EXPECT_EQ(order(*paged), order(*whole)) << "pages of " << page;
    auto by_age = w_.WholeQueue(*handler, QueueSort::kAge, true, page);
    ASSERT_TRUE(by_age.ok());
    ASSERT_EQ(by_age->size(), 14u);
    EXPECT_TRUE(
        std::is_sorted(by_age->begin(), by_age->end(), [](const QueueItem& a, const QueueItem& b) {
          return std::tie(a.received_on, a.report_id) < std::tie(b.received_on, b.report_id);
        }));
  }
  // A node that starts afresh loads the same links from the index.
  w_.links_->open_links()->Clear();
  EXPECT_EQ(order(*w_.WholeQueue(*handler, QueueSort::kPriority, false, 200)).size(), 13u);
  ASSERT_TRUE(w_.links_->LoadGraph(*handler).ok());
  EXPECT_EQ(order(*w_.WholeQueue(*handler, QueueSort::kPriority, false, 4)), order(*whole));
  EXPECT_EQ(w_.links_->LoadGraph(*w_.Session(w_.Login(Role::kAdmin))).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(LinkServiceTest, AQueueReadPageByPageWhileItChangesShowsEveryUnchangedReportOnce) {
  auto handler = Handler();
  std::vector<std::string> ids;
  for (int i = 0; i < 9; ++i) {
    w_.SetDate("2026-11-0" + std::to_string(1 + i % 3));
    ids.push_back(File(i < 4 ? "Van AB12 CDE again." : "Report " + std::to_string(i)));
  }
  w_.SetDate("2026-11-26");
  ASSERT_TRUE(w_.links_->IndexPending(*handler).ok());
  QueueQuery q;
  q.limit = 3;
  auto first = w_.handling_->Queue(*handler, q);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 3u);
  // Between pages: a new report, one closed, one raised to high.
  w_.SetDate("2026-11-01");
  const std::string late = File("Report filed late.");
  w_.SetDate("2026-11-26");
  std::set<std::string> changed = {late};
  std::string to_close, to_raise;
  for (const auto& id : ids) {
    bool shown = false;
    for (const auto& item : first->items) shown = shown || item.report_id == id;
    if (shown) continue;
    if (to_close.empty()) {
      to_close = id;
    } else if (to_raise.empty()) {
      to_raise = id;
    }
  }
  ASSERT_TRUE(w_.handling_->Close(*handler, to_close, "duplicate", "").ok());
  ASSERT_TRUE(w_.handling_->SetPriority(*handler, to_raise, core::Priority::kHigh).ok());
  changed.insert(to_close);
  changed.insert(to_raise);
  std::map<std::string, int> seen;
  for (const auto& item : first->items) ++seen[item.report_id];
  q.after = first->next;
  while (!q.after.empty()) {
    auto page = w_.handling_->Queue(*handler, q);
    ASSERT_TRUE(page.ok()) << page.error().message();
    for (const auto& item : page->items) ++seen[item.report_id];
    q.after = page->next;
  }
  for (const auto& id : ids) {
    if (changed.count(id)) continue;
    EXPECT_EQ(seen[id], 1) << id;
  }
  EXPECT_EQ(seen.count(to_close), 0u);  // closed before its page
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << id;
}

// A page looks at a bounded number of reports: a status filter that no
// raised report matches, or a cursor that jumps past many raised reports,
// gives short pages that still lead to every report once.
TEST_F(LinkServiceTest, APageLooksAtABoundedNumberOfReportsAndShortPagesStillLeadToAll) {
  auto handler = Handler();
  std::vector<std::string> linked, plain;
  for (int i = 0; i < 12; ++i) linked.push_back(File("Call 07700 900999 about it."));
  for (int i = 0; i < 3; ++i) plain.push_back(File("Nothing " + std::to_string(i)));
  ASSERT_TRUE(w_.links_->IndexPending(*handler).ok());
  ASSERT_TRUE(w_.handling_->AssignToSelf(*handler, plain[1]).ok());  // in progress
  w_.handling_->set_examined_per_page(4);
  QueueQuery q;
  q.status = core::ReportStatus::kInProgress;
  q.limit = 10;
  std::vector<std::string> seen;
  int pages = 0, short_pages = 0;
  for (; pages < 100; ++pages) {
    auto page = w_.handling_->Queue(*handler, q);
    ASSERT_TRUE(page.ok()) << page.error().message();
    for (const auto& item : page->items) seen.push_back(item.report_id);
    if (page->next.empty()) break;
    if (page->items.size() < q.limit) ++short_pages;
    q.after = page->next;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{plain[1]}));
  EXPECT_GE(short_pages, 2);  // the twelve raised new reports were passed over, four a page
  // The whole queue, with the same bound, still comes whole and in order.
  auto bounded = w_.WholeQueue(*handler, QueueSort::kPriority, false, 5);
  w_.handling_->set_examined_per_page(2000);
  auto whole = w_.WholeQueue(*handler, QueueSort::kPriority, false, 200);
  ASSERT_TRUE(bounded.ok() && whole.ok());
  ASSERT_EQ(bounded->size(), whole->size());
  for (size_t i = 0; i < whole->size(); ++i) {
    EXPECT_EQ((*bounded)[i].report_id, (*whole)[i].report_id) << i;
  }
}

TEST_F(LinkServiceTest, AQueueCursorThatNoPageGaveOrABadPageSizeIsRefused) {
  auto handler = Handler();
  for (int i = 0; i < 3; ++i) File("Report " + std::to_string(i));
  QueueQuery q;
  q.limit = 2;
  auto page = w_.handling_->Queue(*handler, q);
  ASSERT_TRUE(page.ok());
  ASSERT_FALSE(page->next.empty());
  for (const std::string& bad : std::vector<std::string>{
           "x", "p3a.2026-11-01.00000000000000000000000000000000",
           "p2c.2026-11-01.00000000000000000000000000000000",
           "p2a.2026-1-01.00000000000000000000000000000000", "p2a.2026-11-01.0000",
           "p2a.2026-11-01.0000000000000000000000000000000G", "a." + page->next.substr(4),
           page->next + "'; DROP TABLE reports; --"}) {
    q.after = bad;
    auto r = w_.handling_->Queue(*handler, q);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(r.error().field(), "after") << bad;
  }
  q.sort = QueueSort::kAge;  // a priority cursor is not an age cursor
  q.after = page->next;
  EXPECT_EQ(w_.handling_->Queue(*handler, q).error().field(), "after");
  q = {};
  for (size_t bad : {size_t{0}, kMaxQueuePage + 1}) {
    q.limit = bad;
    EXPECT_EQ(w_.handling_->Queue(*handler, q).error().field(), "limit");
  }
  q.limit = kMaxQueuePage;
  EXPECT_EQ(w_.handling_->Queue(*handler, q)->items.size(), 3u);
  auto counts = w_.handling_->QueueCounts(*handler, 2);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->front(), std::make_pair(core::ReportStatus::kNew, std::int64_t{2}));  // capped
  EXPECT_EQ(w_.handling_->QueueCounts(*w_.Session(w_.Login(Role::kAdmin)), 2).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(LinkServiceTest, TheGraphHasTheReportItsIdentifiersAndTwoHops) {
  const std::string a = File("Container CSQU 305438 3.");
  const std::string b = File("CSQU3054383 and the van AB12 CDE.");
  const std::string c = File("Van AB12 CDE alone.");
  ASSERT_TRUE(w_.links_->IndexPending(*Handler()).ok());
  auto one = w_.links_->Graph(*Handler(), a, 1);
  ASSERT_TRUE(one.ok()) << one.error().message();
  std::set<std::string> reports;
  size_t identifiers = 0;
  for (const auto& n : one->nodes) {
    if (n.report) reports.insert(n.report_id);
    identifiers += n.report ? 0 : 1;
  }
  EXPECT_EQ(reports, (std::set<std::string>{a, b}));
  EXPECT_EQ(identifiers, 1u);
  EXPECT_TRUE(one->nodes[0].center);
  EXPECT_FALSE(one->edges.empty());
  auto two = w_.links_->Graph(*Handler(), a, 2);
  ASSERT_TRUE(two.ok());
  reports.clear();
  for (const auto& n : two->nodes) {
    if (n.report) reports.insert(n.report_id);
  }
  EXPECT_EQ(reports, (std::set<std::string>{a, b, c}));
  for (const auto& e : two->edges) {
    EXPECT_TRUE(two->nodes[e.report].report);
    EXPECT_FALSE(two->nodes[e.identifier].report);
  }
}

TEST_F(LinkServiceTest, OnlyHandlersAndSupervisorsWithTheKeyReadLinks) {
  const std::string a = File("Van AB12 CDE.");
  for (Role role : {Role::kAgency, Role::kPortManager, Role::kAdmin}) {
    auto s = w_.Session(w_.Login(role));
    EXPECT_EQ(w_.links_->Links(*s, a).error().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(w_.links_->Graph(*s, a, 1).error().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(w_.links_->IndexPending(*s).error().code(), ErrorCode::kPermissionDenied);
  }
  std::string email = w_.AddUser(Role::kHandler, false, "keyless@test.invalid");
  auto keyless = w_.Session(w_.Login(Role::kHandler, email));
  EXPECT_EQ(w_.links_->Links(*keyless, a).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(w_.links_->Links(*Handler(), "0123456789abcdef0123456789abcdef").error().code(),
            ErrorCode::kNotFound);
}

TEST_F(LinkServiceTest, ANewVersionOfTheRulesRebuildsTheIndexInBulk) {
  LinkOptions bulk;
  bulk.bulk_threshold = 2;  // any backlog above two reports is rebuilt at once
  LinkServiceImpl links(&w_.store_->reports(), &w_.store_->staff(), &w_.store_->links(), w_.audit_,
                        &w_.reporting_->ports(), &w_.clock_, bulk);
  const std::string a = File("Van AB12 CDE, CSQU 305438 4.");
  const std::string b = File("Van AB12 CDE, CSQU 305438 3.");
  ASSERT_TRUE(links.IndexPending(*Handler()).ok());
  const auto incremental = Column("SELECT posting FROM link_postings ORDER BY 1");
  for (int i = 0; i < 3; ++i) File("Filler " + std::to_string(i));
  // The stored index is of another version: emptied, every report waits.
  ASSERT_TRUE(w_.store_->links().ResetLinkIndex(0).ok());
  ASSERT_TRUE(links.CheckVersion().ok());
  EXPECT_EQ(*w_.store_->links().LinkIndexVersion(), kLinkIndexVersion);
  EXPECT_EQ(*w_.store_->links().CountLinkPending(), 5);
  EXPECT_TRUE(Column("SELECT substr(posting, 17) FROM link_postings").empty());
  auto run = links.IndexPending(*Handler());
  ASSERT_TRUE(run.ok()) << run.error().message();
  EXPECT_TRUE(run->rebuilt);
  EXPECT_EQ(run->indexed, 5u);
  EXPECT_EQ(*w_.store_->links().CountLinkPending(), 0);
  // The bulk rebuild writes exactly what indexing one by one wrote.
  EXPECT_EQ(Column("SELECT posting FROM link_postings ORDER BY 1"), incremental);
  ASSERT_NE(Find(Links(a), b), nullptr);
}

TEST_F(LinkServiceTest, APageDoesNotWaitForABulkRebuild) {
  const std::string a = File("Van AB12 CDE.");
  File("Van AB12 CDE again.");
  // The real store, except that the rebuild's first read waits until the
  // test lets it go: meanwhile the report's page is asked for.
  store::SqlStore* real = w_.store_;
  ::testing::NiceMock<store::MockLinkStore> links;
  ON_CALL(links, ListLinkPending).WillByDefault([real](size_t n) {
    return real->links().ListLinkPending(n);
  });
  ON_CALL(links, CountLinkPending).WillByDefault([real] {
    return real->links().CountLinkPending();
  });
  ON_CALL(links, ListLinkGarbage).WillByDefault([real](size_t n) {
    return real->links().ListLinkGarbage(n);
  });
  ON_CALL(links, FindLinkEntries).WillByDefault([real](const std::string& id) {
    return real->links().FindLinkEntries(id);
  });
  ON_CALL(links, ListLinkRefs).WillByDefault([real](const std::string& t, size_t n) {
    return real->links().ListLinkRefs(t, n);
  });
  ON_CALL(links, PutLinkIndex).WillByDefault([real](std::vector<store::LinkUpdate> u) {
    return real->links().PutLinkIndex(std::move(u));
  });
  ON_CALL(links, ClearLinkIndex).WillByDefault([real] { return real->links().ClearLinkIndex(); });
  ON_CALL(links, PutLinkEntries).WillByDefault([real](std::vector<store::LinkEntriesRow> r) {
    return real->links().PutLinkEntries(std::move(r));
  });
  ON_CALL(links, PutLinkPostings)
      .WillByDefault([real](std::vector<std::vector<store::LinkPosting>> r) {
        return real->links().PutLinkPostings(std::move(r));
      });
  ON_CALL(links, FinishLinkRebuild).WillByDefault([real] {
    return real->links().FinishLinkRebuild();
  });
  std::promise<void> entered, release;
  std::shared_future<void> go = release.get_future().share();
  std::atomic<bool> first{true};
  ON_CALL(links, ListIndexSources).WillByDefault([&, real](const std::string& after, size_t limit) {
    if (first.exchange(false)) {
      entered.set_value();
      go.wait();
    }
    return real->links().ListIndexSources(after, limit);
  });
  LinkOptions bulk;
  bulk.bulk_threshold = 0;  // any backlog is rebuilt in bulk
  LinkServiceImpl svc(&real->reports(), &real->staff(), &links, w_.audit_, &w_.reporting_->ports(),
                      &w_.clock_, bulk);
  auto handler = Handler();
  std::thread rebuild([&] { EXPECT_TRUE(svc.IndexPending(*handler).ok()); });
  entered.get_future().wait();
  auto during = svc.Links(*handler, a);
  ASSERT_TRUE(during.ok()) << during.error().message();
  EXPECT_FALSE(during->indexed);
  EXPECT_TRUE(during->links.empty());
  release.set_value();
  rebuild.join();
  auto after = svc.Links(*handler, a);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->indexed);
  EXPECT_EQ(after->links.size(), 1u);
}

}  // namespace
}  // namespace portsafe::service
