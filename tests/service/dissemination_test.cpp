// The sanitised intelligence report, routing, approval and what agencies do
// with the packages, against the real store and keys (StaffWorld).
#include <gtest/gtest.h>

#include <functional>
#include <future>

#include "crypto/sealed_box.h"
#include "service/agency_service_impl.h"
#include "service/handling_service_impl.h"
#include "service/instance.h"
#include "service/key_rotation.h"
#include "service/package_codec.h"
#include "service/row_seal.h"
#include "service/staff_world.h"
#include "store/sqlite_conn.h"
#include "support/images.h"

namespace portsafe::service {
namespace {

using core::Role;
using testing::StaffWorld;

constexpr const char* kOriginal =
    "I saw John Smith load bags into a van at 23:15 by gate 3, call me on 07700 900123 "
    "MARKER-ORIGINAL";
constexpr const char* kSanitised =
    "A person loaded bags into a van near gate 3 overnight. MARKER-SANITISED";

std::vector<std::string> Kinds(const std::vector<core::Finding>& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.kind);
  return out;
}

class DisseminationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    receipt_ = w_.Submit(kOriginal, "drugs");
    id_ = w_.LastReportId();
    handler_ = w_.Session(w_.Login(Role::kHandler));
    supervisor_ = w_.Session(w_.Login(Role::kSupervisor));
    officer_ = w_.Session(w_.Login(Role::kAgency));  // Suffolk
    nca_email_ = w_.AddOfficer("NCA", "officer@nca.test.invalid");
    kent_email_ = w_.AddOfficer("KENT-POLICE", "officer@kent.test.invalid");
  }
  HandlerReport Open(const StaffSession& s) {
    auto r = w_.handling_->Open(s, id_);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? *r : HandlerReport{};
  }
  // Sanitises, grades and submits to `to`.
  void Prepare(const std::vector<std::string>& to) {
    ASSERT_TRUE(w_.handling_->SaveSanitised(*handler_, id_, kSanitised).ok());
    ASSERT_TRUE(w_.handling_->Grade(*handler_, id_, {"2", "B", "P", ""}).ok());
    ASSERT_TRUE(w_.handling_->SubmitForApproval(*handler_, id_, to, {}).ok());
  }
  // The whole inbox, one package a page (so every read walks its pages).
  std::vector<InboxItem> Inbox(const StaffSession& s) {
    std::vector<InboxItem> out;
    InboxQuery q;
    q.limit = 1;
    for (;;) {
      auto r = w_.agency_->Inbox(s, q);
      EXPECT_TRUE(r.ok()) << r.error().message();
      if (!r.ok()) return out;
      out.insert(out.end(), r->items.begin(), r->items.end());
      if (r->next.empty()) return out;
      q.after = r->next;
    }
  }

  StaffWorld w_;
  std::string receipt_, id_, nca_email_, kent_email_;
  std::shared_ptr<const StaffSession> handler_, supervisor_, officer_;
};

TEST_F(DisseminationTest, SanitisedReportWarnsAndLeavesTheOriginalUntouched) {
  auto warn = w_.handling_->SaveSanitised(*handler_, id_, "I saw John Smith at 23:15");
  ASSERT_TRUE(warn.ok()) << warn.error().message();
  auto kinds = Kinds(*warn);
  for (const char* k : {"first_person", "name", "time"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
  }
  HandlerReport r = Open(*handler_);
  EXPECT_EQ(r.notes.sanitised, "I saw John Smith at 23:15");
  EXPECT_EQ(Kinds(r.warnings), kinds);  // the page shows the same warnings
  EXPECT_EQ(r.report.fields.description, kOriginal);

  auto clean = w_.handling_->SaveSanitised(*handler_, id_, kSanitised);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->empty());
  EXPECT_TRUE(Open(*handler_).warnings.empty());
  EXPECT_EQ(w_.handling_->SaveSanitised(*handler_, id_, std::string(20001, 'x')).error().field(),
            "sanitised");
  // Other roles cannot write it.
  EXPECT_EQ(w_.handling_->SaveSanitised(*officer_, id_, "x").error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(DisseminationTest, EachWarningIsAcknowledgedBeforeASupervisorSeesThePackage) {
  auto warn = w_.handling_->SaveSanitised(*handler_, id_, "I saw John Smith at 23:15");
  ASSERT_TRUE(warn.ok());
  ASSERT_GE(warn->size(), 3u);
  ASSERT_TRUE(w_.handling_->Grade(*handler_, id_, {"2", "B", "P", ""}).ok());
  std::vector<std::string> ids;
  for (const auto& f : *warn) {
    EXPECT_EQ(f.id.size(), 16u);
    EXPECT_FALSE(f.acknowledged);
    ids.push_back(f.id);
  }
  // None, all but one, or made-up ids: refused, the report stays with the
  // handler.
  std::vector<std::vector<std::string>> short_of_all = {
      {}, std::vector<std::string>(ids.begin() + 1, ids.end()), {"0123456789abcdef"}};
  for (const auto& acks : short_of_all) {
    auto st = w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, acks);
    EXPECT_EQ(st.error().field(), "warnings");
  }
  EXPECT_EQ(Open(*handler_).item.status, core::ReportStatus::kInProgress);
  // Each one acknowledged: it goes, and the supervisor sees which.
  ASSERT_TRUE(w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, ids).ok());
  HandlerReport r = Open(*supervisor_);
  ASSERT_EQ(r.warnings.size(), ids.size());
  for (const auto& f : r.warnings) EXPECT_TRUE(f.acknowledged) << f.kind << " " << f.excerpt;
  EXPECT_EQ(r.notes.acknowledged, ids);
  // Sent back and edited: a new warning is not acknowledged by the old ones.
  ASSERT_TRUE(w_.handling_->SendBack(*supervisor_, id_, "Too much detail").ok());
  auto edited = w_.handling_->SaveSanitised(*handler_, id_, "I saw John Smith at 23:15 on 3/11");
  ASSERT_TRUE(edited.ok());
  ASSERT_GT(edited->size(), ids.size());
  EXPECT_EQ(w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, ids).error().field(),
            "warnings");
  std::vector<std::string> all;
  for (const auto& f : *edited) all.push_back(f.id);
  // The words that stayed keep their ids.
  for (const auto& id : ids) EXPECT_NE(std::find(all.begin(), all.end(), id), all.end());
  EXPECT_TRUE(w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, all).ok());
}

TEST_F(DisseminationTest, RoutingProposesTheLocalForceTheCentreAndTheRemit) {
  HandlerReport r = Open(*handler_);
  std::vector<std::string> proposed, not_proposed;
  for (const auto& a : r.agencies) (a.proposed ? proposed : not_proposed).push_back(a.code);
  std::sort(proposed.begin(), proposed.end());
  EXPECT_EQ(proposed, (std::vector<std::string>{"BORDER-FORCE", "JMSC", "NCA", "SUFFOLK-POLICE"}));
  EXPECT_EQ(not_proposed, std::vector<std::string>{"KENT-POLICE"});
  for (const auto& a : r.agencies) EXPECT_EQ(a.chosen, a.proposed) << a.code;

  // Not ready: each missing piece is named.
  EXPECT_EQ(w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, {}).error().field(),
            "sanitised");
  ASSERT_TRUE(w_.handling_->SaveSanitised(*handler_, id_, kSanitised).ok());
  EXPECT_EQ(w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, {}).error().field(), "grade");
  ASSERT_TRUE(w_.handling_->Grade(*handler_, id_, {"2", "B", "P", ""}).ok());
  EXPECT_EQ(w_.handling_->SubmitForApproval(*handler_, id_, {}, {}).error().field(), "recipients");
  EXPECT_EQ(w_.handling_->SubmitForApproval(*handler_, id_, {"NOPE"}, {}).error().field(),
            "recipients");

  // The handler adjusts: Kent added, NCA dropped.
  ASSERT_TRUE(
      w_.handling_
          ->SubmitForApproval(*handler_, id_, {"SUFFOLK-POLICE", "JMSC", "KENT-POLICE", "JMSC"}, {})
          .ok());
  r = Open(*handler_);
  EXPECT_EQ(r.item.status, core::ReportStatus::kAwaitingApproval);
  EXPECT_EQ(r.notes.recipients,
            (std::vector<std::string>{"SUFFOLK-POLICE", "JMSC", "KENT-POLICE"}));
  for (const auto& a : r.agencies) {
    EXPECT_EQ(a.chosen, a.code == "SUFFOLK-POLICE" || a.code == "JMSC" || a.code == "KENT-POLICE")
        << a.code;
  }
  EXPECT_FALSE(r.can_approve);  // a handler never approves
  EXPECT_TRUE(Open(*supervisor_).can_approve);
  // While it waits, the sanitised text is frozen.
  EXPECT_EQ(w_.handling_->SaveSanitised(*handler_, id_, "changed").error().code(),
            ErrorCode::kInvalidArgument);
}

// While a package awaits approval it is frozen: every change a handler could
// make is refused (field "status") and the report stays awaiting approval,
// so the supervisor approves exactly what they read. Once sent back, the
// same changes are taken again.
TEST_F(DisseminationTest, AReportAwaitingApprovalTakesNoChangeUntilSentBack) {
  Prepare({"SUFFOLK-POLICE"});
  auto status = [&] { return Open(*handler_).item.status; };
  const std::pair<const char*, std::function<Status()>> changes[] = {
      {"message",
       [&] { return w_.handling_->MessageReporter(*handler_, id_, "Which gate?", false); }},
      {"grade",
       [&] {
         return w_.handling_->Grade(*handler_, id_, {"1", "A", "P", ""});
       }},
      {"classify", [&] { return w_.handling_->Classify(*handler_, id_, "firearms", ""); }},
      {"priority",
       [&] { return w_.handling_->SetPriority(*handler_, id_, core::Priority::kHigh); }},
      {"assign", [&] { return w_.handling_->AssignToSelf(*handler_, id_); }},
      {"sanitise", [&] { return w_.handling_->SaveSanitised(*handler_, id_, "changed").status(); }},
      {"resubmit", [&] { return w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, {}); }},
  };
  for (const auto& [what, change] : changes) {
    Status st = change();
    ASSERT_FALSE(st.ok()) << what;
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument) << what;
    EXPECT_EQ(st.error().field(), "status") << what;
    EXPECT_EQ(status(), core::ReportStatus::kAwaitingApproval) << what;
  }
  HandlerReport r = Open(*handler_);
  EXPECT_EQ(r.notes.grade.source, "2");
  EXPECT_EQ(r.notes.recipients, std::vector<std::string>{"SUFFOLK-POLICE"});
  ASSERT_TRUE(w_.handling_->SendBack(*supervisor_, id_, "Ask which gate").ok());
  for (const auto& [what, change] : changes) {
    if (std::string(what) == "resubmit") continue;
    EXPECT_TRUE(change().ok()) << what;
  }
  EXPECT_EQ(status(), core::ReportStatus::kInProgress);
}

TEST_F(DisseminationTest, OnlyAnotherSupervisorApproves) {
  Prepare({"SUFFOLK-POLICE"});
  EXPECT_EQ(w_.handling_->Approve(*handler_, id_).error().code(), ErrorCode::kPermissionDenied);
  // A supervisor who submitted cannot approve their own package.
  ASSERT_TRUE(w_.handling_->SendBack(*supervisor_, id_, "Grade looks high").ok());
  ASSERT_TRUE(w_.handling_->SubmitForApproval(*supervisor_, id_, {"SUFFOLK-POLICE"}, {}).ok());
  EXPECT_FALSE(Open(*supervisor_).can_approve);
  EXPECT_EQ(w_.handling_->Approve(*supervisor_, id_).error().code(), ErrorCode::kPermissionDenied);
  std::string second = w_.AddUser(Role::kSupervisor, true, "second@test.invalid");
  auto s2 = w_.Session(w_.Login(Role::kSupervisor, second));
  EXPECT_TRUE(w_.handling_->Approve(*s2, id_).ok());
  EXPECT_EQ(Open(*handler_).item.status, core::ReportStatus::kDisseminated);
  EXPECT_EQ(w_.handling_->Approve(*s2, id_).error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(DisseminationTest, SendBackCarriesTheCommentToTheHandler) {
  Prepare({"JMSC"});
  EXPECT_EQ(w_.handling_->SendBack(*supervisor_, id_, "").error().field(), "comment");
  EXPECT_EQ(w_.handling_->SendBack(*handler_, id_, "x").error().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(w_.handling_->SendBack(*supervisor_, id_, "Remove the gate number").ok());
  HandlerReport r = Open(*handler_);
  EXPECT_EQ(r.item.status, core::ReportStatus::kInProgress);
  EXPECT_EQ(r.notes.review_comment, "Remove the gate number");
  EXPECT_TRUE(w_.handling_->SaveSanitised(*handler_, id_, "A person loaded bags overnight.").ok());
  EXPECT_TRUE(w_.handling_->SubmitForApproval(*handler_, id_, {"JMSC"}, {}).ok());
  EXPECT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());
  EXPECT_TRUE(Open(*handler_).notes.review_comment.empty());
}

TEST_F(DisseminationTest, EachAgencyReadsOnlyItsOwnPackageAndNeverTheOriginal) {
  Prepare({"SUFFOLK-POLICE", "JMSC"});
  ASSERT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());

  auto inbox = Inbox(*officer_);
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].category, "drugs");
  EXPECT_EQ(inbox[0].grade_code, "2BP");
  EXPECT_EQ(inbox[0].port_code, "GBFXT");
  EXPECT_TRUE(inbox[0].acknowledged_on.empty());
  // A cursor no page gave, or a page size out of range, is refused.
  for (const std::string bad : {"x", "2026-11-01", "2026-11-01.", "2026-11-01.XYZ", "11-01-2026.ab",
                                "2026-11-01.ab' OR 1=1"}) {
    EXPECT_EQ(w_.agency_->Inbox(*officer_, {bad, 50}).error().field(), "after") << bad;
  }
  for (size_t bad : {size_t{0}, kMaxInboxPage + 1}) {
    EXPECT_EQ(w_.agency_->Inbox(*officer_, {"", bad}).error().field(), "limit");
  }
  const std::string package_id = inbox[0].package_id;
  auto p = w_.agency_->Open(*officer_, package_id);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->content.text, kSanitised);
  EXPECT_EQ(p->content.grade.Code(), "2BP");
  EXPECT_EQ(p->content.received_month, "2026-11");
  // Nothing of the original travels: not the text, not the receipt.
  const std::string all = PackageJson(p->content);
  EXPECT_EQ(all.find("MARKER-ORIGINAL"), std::string::npos);
  EXPECT_EQ(all.find("07700"), std::string::npos);
  EXPECT_EQ(all.find(id_), std::string::npos);

  // NCA was not chosen: nothing in its inbox, and Suffolk's package is
  // "not found" for it, exactly as a made-up id.
  auto nca = w_.Session(w_.Login(Role::kAgency, nca_email_));
  EXPECT_TRUE(Inbox(*nca).empty());
  EXPECT_EQ(w_.agency_->Open(*nca, package_id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(w_.agency_->Open(*nca, "0000000000000000").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(w_.agency_->Acknowledge(*nca, package_id).error().code(), ErrorCode::kNotFound);
  // Staff of other roles do not use the agency inbox; officers cannot open
  // the report.
  for (const auto& s : {handler_, supervisor_}) {
    EXPECT_EQ(w_.agency_->Inbox(*s, {}).error().code(), ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(w_.handling_->Open(*officer_, id_).error().code(), ErrorCode::kPermissionDenied);
  // An officer whose key was never given reads nothing.
  std::string keyless = w_.AddUser(Role::kAgency, false, "keyless@test.invalid");
  auto k = w_.Session(w_.Login(Role::kAgency, keyless));
  EXPECT_EQ(w_.agency_->Inbox(*k, {}).error().code(), ErrorCode::kPermissionDenied);

  ASSERT_TRUE(w_.agency_->Acknowledge(*officer_, package_id).ok());
  w_.SetDate("2026-11-28");
  ASSERT_TRUE(w_.agency_->Acknowledge(*officer_, package_id).ok());
  EXPECT_EQ(Inbox(*officer_)[0].acknowledged_on, "2026-11-26");  // the first date stays
  HandlerReport r = Open(*handler_);
  ASSERT_EQ(r.packages.size(), 2u);
  for (const auto& pv : r.packages) {
    EXPECT_EQ(pv.acknowledged_on.empty(), pv.agency_code != "SUFFOLK-POLICE");
  }
}

TEST_F(DisseminationTest, AgencyQuestionIsRelayedAndAnsweredWithoutIdentifyingMaterial) {
  Prepare({"SUFFOLK-POLICE"});
  ASSERT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());
  const std::string package_id = Inbox(*officer_)[0].package_id;
  EXPECT_EQ(w_.agency_->Ask(*officer_, package_id, "").error().field(), "text");
  ASSERT_TRUE(w_.agency_->Ask(*officer_, package_id, "What colour was the van?").ok());

  auto q = w_.WholeQueue(*handler_, QueueSort::kPriority, false);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE((*q)[0].agency_question);
  HandlerReport r = Open(*handler_);
  ASSERT_EQ(r.packages.size(), 1u);
  EXPECT_TRUE(r.packages[0].question_open);
  ASSERT_EQ(r.packages[0].messages.size(), 1u);
  EXPECT_EQ(r.packages[0].messages[0].text, "What colour was the van?");

  // Relayed to the reporter, who answers with the receipt.
  ASSERT_TRUE(
      w_.handling_->MessageReporter(*handler_, id_, "Do you remember the van's colour?", false)
          .ok());
  std::promise<Status> done;
  w_.reporting_->AddMessage(receipt_, "White, my mate Dave Jones drives it",
                            [&done](Status s) { done.set_value(std::move(s)); });
  ASSERT_TRUE(done.get_future().get().ok());

  // An answer that repeats the reporter's words about a person is held back.
  auto held =
      w_.handling_->AnswerAgency(*handler_, id_, package_id, "White; Dave Jones drives it", {});
  ASSERT_TRUE(held.ok()) << held.error().message();
  EXPECT_FALSE(held->sent);
  EXPECT_EQ(Kinds(held->warnings), std::vector<std::string>{"name"});  // "Dave Jones"
  // Acknowledging the warning, one by one, sends it as written.
  ASSERT_EQ(held->warnings.size(), 1u);
  auto acknowledged = w_.handling_->AnswerAgency(
      *handler_, id_, package_id, "White; Dave Jones drives it", {held->warnings[0].id});
  ASSERT_TRUE(acknowledged.ok());
  EXPECT_TRUE(acknowledged->sent);
  EXPECT_TRUE(w_.Audited(id_, "package.answered_warnings_acknowledged"));
  auto sent = w_.handling_->AnswerAgency(*handler_, id_, package_id, "The van is white.", {});
  ASSERT_TRUE(sent.ok());
  EXPECT_TRUE(sent->sent);
  EXPECT_EQ(w_.handling_->AnswerAgency(*handler_, id_, "nope", "x", {}).error().code(),
            ErrorCode::kNotFound);

  auto p = w_.agency_->Open(*officer_, package_id);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->messages.size(), 3u);
  EXPECT_EQ(p->messages[1].author, "service");
  EXPECT_EQ(p->messages[1].text, "White; Dave Jones drives it");
  EXPECT_EQ(p->messages[2].text, "The van is white.");
  EXPECT_TRUE(Inbox(*officer_)[0].answer_waiting);
  EXPECT_FALSE((*w_.WholeQueue(*handler_, QueueSort::kPriority, false))[0].agency_question);
  // Asking acknowledged the package.
  EXPECT_EQ(p->acknowledged_on, "2026-11-26");
}

TEST_F(DisseminationTest, OutcomeIsValidatedSealedAndCountedByKind) {
  Prepare({"SUFFOLK-POLICE"});
  ASSERT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());
  const std::string package_id = Inbox(*officer_)[0].package_id;
  EXPECT_EQ(
      w_.agency_->RecordOutcome(*officer_, package_id, {"won", "", "", "", ""}).error().field(),
      "kind");
  EXPECT_EQ(w_.agency_->RecordOutcome(*officer_, package_id, {"seizure", "", "1", "", ""})
                .error()
                .field(),
            "seizure_type");
  EXPECT_EQ(w_.agency_->RecordOutcome(*officer_, package_id, {"seizure", "drugs", "", "", ""})
                .error()
                .field(),
            "quantity");
  EXPECT_EQ(w_.agency_->RecordOutcome(*officer_, package_id, {"arrest", "drugs", "", "", ""})
                .error()
                .field(),
            "seizure_type");
  ASSERT_TRUE(w_.agency_
                  ->RecordOutcome(*officer_, package_id,
                                  {"seizure", "drugs", "40 kg", "Found in trailer", ""})
                  .ok());
  auto row = w_.store_->staff().FindPackage(package_id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->outcome, "seizure");
  EXPECT_EQ(row->seizure_type, "drugs");
  EXPECT_EQ(row->outcome_on, "2026-11-26");
  EXPECT_EQ(row->outcome_for_agency.find("40 kg"), std::string::npos);  // sealed
  auto p = w_.agency_->Open(*officer_, package_id);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->outcome.quantity, "40 kg");
  HandlerReport r = Open(*handler_);
  EXPECT_EQ(r.packages[0].outcome.kind, "seizure");
  EXPECT_EQ(r.packages[0].outcome.note, "Found in trailer");
  EXPECT_EQ(Inbox(*officer_)[0].outcome, "seizure");
  // Counted for the figures from the clear columns, by kind, type and month.
  w_.SetDate("2026-12-02");
  ASSERT_TRUE(w_.agency_->RecordOutcome(*officer_, package_id, {"arrest", "", "", "", ""}).ok());
  auto counts = w_.handling_->OutcomeCounts(*handler_);
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);  // the outcome was replaced, not added
  EXPECT_EQ((*counts)[0].outcome, "arrest");
  EXPECT_EQ((*counts)[0].month, "2026-12");
  EXPECT_EQ((*counts)[0].count, 1);
  EXPECT_EQ(w_.handling_->OutcomeCounts(*officer_).error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(DisseminationTest, EveryAgencyActionIsAuditedAgainstThePackage) {
  Prepare({"SUFFOLK-POLICE"});
  ASSERT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());
  const std::string package_id = Inbox(*officer_)[0].package_id;
  ASSERT_TRUE(w_.agency_->Open(*officer_, package_id).ok());
  ASSERT_TRUE(w_.agency_->Acknowledge(*officer_, package_id).ok());
  ASSERT_TRUE(w_.agency_->RecordOutcome(*officer_, package_id, {"arrest", "", "", "", ""}).ok());
  auto entries = w_.audit_->EntriesFor(package_id);
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> actions;
  for (const auto& e : *entries) actions.push_back(e.event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"package.read", "package.acknowledged",
                                               "package.outcome_recorded"}));
  auto report = w_.audit_->EntriesFor(id_);
  ASSERT_TRUE(report.ok());
  bool approved = false;
  for (const auto& e : *report) {
    approved = approved || (e.event.action == "report.disseminated" &&
                            e.event.actor_id == supervisor_->user_id);
  }
  EXPECT_TRUE(approved);
  EXPECT_TRUE(w_.audit_->Verify().ok());
}

// An agency's key pair replaced (portsafe keys rotate --agency): its officer
// signs in again and reads the package sent before and the one sent after;
// an officer who left before keeps nothing, and a copy of the old key opens
// neither the new key nor the new package.
TEST_F(DisseminationTest,
       AfterAnAgencyKeyRotationOfficersReadOldAndNewPackagesAndAnOldCopyNothingNew) {
  const std::string code = "SUFFOLK-POLICE";
  Prepare({code});
  ASSERT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());
  const std::string before = Inbox(*officer_).at(0).package_id;
  const std::string leaver = w_.AddOfficer(code, "leaver@suffolk.test.invalid");
  const std::string leaver_id = (*w_.store_->staff().FindUserByEmail(leaver))->id;
  const std::string token = w_.Login(Role::kAgency);
  ASSERT_TRUE(w_.store_->staff().DeleteUser(leaver_id).ok());

  const crypto::KeyPair old_key = w_.agency_keys_[code];
  const crypto::KeyPair new_key = crypto::GenerateKeyPair();
  const RowSeal seal(w_.keys_.instance_secret);
  auto r = RotateAgencyKey(&w_.store_->staff(), seal, code, old_key, new_key);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->kept, std::vector<std::string>{"agency@test.invalid"});
  EXPECT_EQ(r->retired, 1u);
  // The agency's record names the new key and still matches its seal.
  auto row = **w_.store_->staff().FindAgency(code);
  EXPECT_EQ(row.public_key, new_key.public_key);
  EXPECT_TRUE(seal.AgencyIntact(row));
  // The officer's session ended; signed in again, both packages open.
  EXPECT_EQ(w_.auth_->Authenticate(token).error().code(), ErrorCode::kUnauthenticated);
  auto officer = w_.Session(w_.Login(Role::kAgency));
  ASSERT_TRUE(officer->agency_key.has_value());
  EXPECT_EQ(officer->agency_key->public_key, new_key.public_key);
  ASSERT_EQ(officer->retired_agency_keys.size(), 1u);

  w_.Submit("A second van at gate 5 MARKER-ORIGINAL", "drugs");
  id_ = w_.LastReportId();
  Prepare({code});
  ASSERT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());
  auto inbox = Inbox(*officer);
  ASSERT_EQ(inbox.size(), 2u);
  std::string after;
  for (const auto& item : inbox) {
    auto p = w_.agency_->Open(*officer, item.package_id);
    ASSERT_TRUE(p.ok()) << p.error().message();
    EXPECT_EQ(p->content.text, kSanitised);
    if (item.package_id != before) after = item.package_id;
  }
  ASSERT_FALSE(after.empty());

  // The old key's copy: it opens the package it always could, and nothing
  // sealed since: not the new package, not any retired key, not any grant.
  auto old_package = w_.store_->staff().FindPackage(before);
  auto new_package = w_.store_->staff().FindPackage(after);
  ASSERT_TRUE(old_package.ok() && new_package.ok());
  EXPECT_TRUE(OpenForPackage(old_key, before, "package", old_package->sealed).ok());
  EXPECT_FALSE(OpenForPackage(old_key, after, "package", new_package->sealed).ok());
  // Results kept in locals: a range-for over `*temporary` would dangle.
  const auto retired = w_.store_->staff().ListRetiredKeys(AgencyKeyName(code));
  ASSERT_TRUE(retired.ok());
  for (const auto& k : *retired) {
    EXPECT_FALSE(
        crypto::OpenSealedTagged(old_key, kRetiredKeyTag, AgencyKeyName(code), k.sealed_private)
            .ok());
  }
  const auto users = w_.store_->staff().ListUsers();
  ASSERT_TRUE(users.ok());
  for (const auto& u : *users) {
    const auto grants = w_.store_->staff().ListKeyGrants(u.id);
    ASSERT_TRUE(grants.ok());
    for (const auto& g : *grants) {
      EXPECT_FALSE(crypto::OpenSealed(old_key, g.sealed.substr(4)).ok()) << g.key_name;
    }
  }
  EXPECT_TRUE(w_.store_->staff().ListKeyGrants(leaver_id)->empty());
  // The old key given again is refused: it is no longer the agency's.
  EXPECT_EQ(RotateAgencyKey(&w_.store_->staff(), seal, code, old_key, crypto::GenerateKeyPair())
                .error()
                .code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace portsafe::service

namespace portsafe::service {
namespace {

// Whoever can write the database swaps an agency's public key for their
// own: the supervisor's approval sends nothing to anyone, and the refusal
// is audited. Put back, the same approval goes.
TEST_F(DisseminationTest, AnAgencyKeySwappedInTheDatabaseGetsNoPackage) {
  Prepare({"SUFFOLK-POLICE", "JMSC"});
  auto conn = store::SqliteConn::Open(service::DatabasePath(w_.data_), false);
  ASSERT_TRUE(conn.ok());
  std::unique_ptr<store::SqliteConn> c(std::move(*conn));
  const crypto::KeyPair attacker = crypto::GenerateKeyPair();
  const std::string original = (*w_.store_->staff().FindAgency("JMSC"))->public_key;
  auto set_key = [&](const std::string& key) {
    const std::string sql =
        "UPDATE agencies SET public_key=x'" + crypto::ToHex(key) + "' WHERE code='JMSC'";
    ASSERT_TRUE(c->Exec(sql.c_str()).ok());
  };
  set_key(attacker.public_key);
  auto refused = w_.handling_->Approve(*supervisor_, id_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().message().find("JMSC"), std::string::npos);
  EXPECT_TRUE(w_.Audited("JMSC", "package.refused_changed_agency"));
  EXPECT_EQ(Open(*handler_).item.status, core::ReportStatus::kAwaitingApproval);
  EXPECT_TRUE(Inbox(*officer_).empty());  // not even the intact agency's
  set_key(original);
  EXPECT_TRUE(w_.handling_->Approve(*supervisor_, id_).ok());
  EXPECT_EQ(Inbox(*officer_).size(), 1u);
}

}  // namespace
}  // namespace portsafe::service

namespace portsafe::service {
namespace {

// The files a handler chooses go with the package, sealed to each agency:
// its officers download the cleaned file; another agency's officer, and a
// file not chosen, are not found; the chosen files are in the notes the
// supervisor reads.
TEST(PackageFilesTest, AChosenFileReachesTheAgencysOfficersAndNoOneElse) {
  StaffWorld w;
  core::ReportSubmission sub;
  sub.port = "GBFXT";
  sub.category = "drugs";
  sub.description = "A van at gate 4, photos attached.";
  sub.lang = "en";
  std::vector<core::FileUpload> files = {
      {"IMG_0001.jpg", "image/jpeg", testing::JpegWithMetadata(64, 48, "GPSMARKER-ONE"), nullptr},
      {"IMG_0002.jpg", "image/jpeg", testing::JpegWithMetadata(32, 32, "GPSMARKER-TWO"), nullptr}};
  std::promise<Result<Submitted>> p;
  w.reporting_->Submit(sub, std::move(files), [&p](Result<Submitted> r) { p.set_value(r); });
  ASSERT_TRUE(p.get_future().get().ok());
  auto rows = w.store_->staff().ListHandling();
  ASSERT_TRUE(rows.ok() && rows->size() == 1u);
  const std::string id = rows->front().report_id;
  auto handler = w.Session(w.Login(Role::kHandler));
  ASSERT_TRUE(w.handling_->SaveSanitised(*handler, id, "A van loaded bags near gate 4.").ok());
  ASSERT_TRUE(w.handling_->Grade(*handler, id, {"2", "B", "P", ""}).ok());
  EXPECT_EQ(w.handling_->ChooseAttachments(*handler, id, {3}).error().field(), "attachments");
  ASSERT_TRUE(w.handling_->ChooseAttachments(*handler, id, {2}).ok());
  ASSERT_TRUE(w.handling_->SubmitForApproval(*handler, id, {"SUFFOLK-POLICE", "NCA"}, {}).ok());
  auto supervisor = w.Session(w.Login(Role::kSupervisor));
  auto seen = w.handling_->Open(*supervisor, id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->notes.attachments, std::vector<std::int64_t>{2});
  ASSERT_TRUE(w.handling_->Approve(*supervisor, id).ok());

  auto officer = w.Session(w.Login(Role::kAgency));  // Suffolk
  auto packages = w.store_->staff().ListPackagesForReport(id);
  ASSERT_TRUE(packages.ok());
  std::string suffolk;
  for (const auto& pk : *packages) {
    if (pk.agency_code == "SUFFOLK-POLICE") suffolk = pk.id;
  }
  auto opened = w.agency_->Open(*officer, suffolk);
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(opened->attachments.size(), 1u);
  EXPECT_EQ(opened->attachments[0].seq, 2);
  EXPECT_EQ(opened->attachments[0].content_type, "image/jpeg");
  auto file = w.agency_->Attachment(*officer, suffolk, 2);
  ASSERT_TRUE(file.ok()) << file.error().message();
  EXPECT_EQ(testing::JpegSize(file->body), (std::pair<int, int>{32, 32}));
  EXPECT_EQ(file->body.find("GPSMARKER-TWO"), std::string::npos);  // the cleaned copy
  EXPECT_TRUE(w.Audited(suffolk, "package.file_read"));
  // The file not chosen is not in the package.
  EXPECT_EQ(w.agency_->Attachment(*officer, suffolk, 1).error().code(), ErrorCode::kNotFound);
  // Kent's officer: as if there were no such package.
  const std::string kent = w.AddOfficer("KENT-POLICE", "officer@kent.test.invalid");
  auto kent_session = w.Session(w.Login(Role::kAgency, kent));
  EXPECT_EQ(w.agency_->Attachment(*kent_session, suffolk, 2).error().code(), ErrorCode::kNotFound);
  // The file key sealed to Suffolk does not open as NCA's package's file.
  std::string nca;
  for (const auto& pk : *packages) {
    if (pk.agency_code == "NCA") nca = pk.id;
  }
  auto suffolk_file = w.store_->staff().FindPackageFile(suffolk, 2);
  ASSERT_TRUE(suffolk_file.ok());
  EXPECT_FALSE(OpenForPackage(w.agency_keys_.at("NCA"), nca, "file", suffolk_file->sealed).ok());
}

}  // namespace
}  // namespace portsafe::service
