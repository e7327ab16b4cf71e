// Who is told what, gathered into one mail per person, with no content:
// NotifierImpl over the real store (StaffWorld) and a mock mail sender.
#include "service/notifier_impl.h"

#include <gtest/gtest.h>

#include <map>

#include "service/mock_mail_sender.h"
#include "service/smtp_mail_sender.h"
#include "service/staff_world.h"

namespace portsafe::service {
namespace {

using core::Role;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;
using testing::StaffWorld;

class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ON_CALL(sender_, Send(_)).WillByDefault(Invoke([this](const Mail& m) {
      sent_[m.to].push_back(m);
      return Status::Ok();
    }));
    EXPECT_CALL(sender_, Send(_)).Times(::testing::AnyNumber());
  }
  // The world's services tell its NotifierImpl, which sends through
  // `sender` once an hour (the tests flush it themselves).
  static ServicesOptions WithMail(MailSender* sender) {
    ServicesOptions o;
    o.mail = sender;
    o.notify_every = std::chrono::hours(1);
    return o;
  }
  // Flushes and returns who got a mail, with its body.
  std::map<std::string, std::string> Flush() {
    sent_.clear();
    notifier_.Flush();
    std::map<std::string, std::string> out;
    for (const auto& [to, mails] : sent_) {
      EXPECT_EQ(mails.size(), 1u) << to;  // one mail per person
      out[to] = mails.back().subject + "\n" + mails.back().body;
    }
    return out;
  }

  ::testing::NiceMock<MockMailSender> sender_;
  StaffWorld w_{WithMail(&sender_)};
  NotifierImpl& notifier_ = *w_.services_->notifier();
  std::map<std::string, std::vector<Mail>> sent_;
};

TEST_F(NotifierTest, EachNoticeGoesToWhoActsOnItAndSaysNothingOfTheReport) {
  w_.Submit("MARKER-NOTIFY one");
  const std::string id = w_.LastReportId();
  w_.Submit("MARKER-NOTIFY two");
  auto mails = Flush();
  // Two reports, one mail each to the handler and the supervisor, nobody else.
  ASSERT_EQ(mails.size(), 2u);
  for (const char* who : {"handler@test.invalid", "supervisor@test.invalid"}) {
    ASSERT_TRUE(mails.count(who)) << who;
    EXPECT_NE(mails[who].find("New reports are waiting"), std::string::npos);
    EXPECT_EQ(mails[who].find("MARKER-NOTIFY"), std::string::npos);
    EXPECT_EQ(mails[who].find(id), std::string::npos);
    EXPECT_EQ(mails[who].find("drugs"), std::string::npos);
  }
  EXPECT_TRUE(Flush().empty());  // nothing twice

  // A reply to an assigned report goes to its handler only.
  auto handler = w_.Session(w_.Login(Role::kHandler));
  const std::string receipt = w_.Submit("MARKER-NOTIFY three");
  const std::string third = w_.LastReportId();
  ASSERT_TRUE(w_.handling_->AssignToSelf(*handler, third).ok());
  Flush();
  std::promise<Status> done;
  w_.reporting_->AddMessage(receipt, "Gate 3", [&done](Status s) { done.set_value(s); });
  ASSERT_TRUE(done.get_future().get().ok());
  mails = Flush();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails["handler@test.invalid"].find("A reporter has replied"), std::string::npos);

  // Approval requests go to supervisors; packages to the agency's officers.
  ASSERT_TRUE(w_.handling_->SaveSanitised(*handler, third, "Sanitised.").ok());
  ASSERT_TRUE(w_.handling_->Grade(*handler, third, {"2", "B", "P", ""}).ok());
  ASSERT_TRUE(w_.handling_->SubmitForApproval(*handler, third, {"SUFFOLK-POLICE"}, {}).ok());
  mails = Flush();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails["supervisor@test.invalid"].find("approval"), std::string::npos);
  w_.AddOfficer("NCA", "officer@nca.test.invalid");  // not a recipient: not told
  ASSERT_TRUE(w_.handling_->Approve(*w_.Session(w_.Login(Role::kSupervisor)), third).ok());
  mails = Flush();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails["agency@test.invalid"].find("package has arrived"), std::string::npos);

  // The agency's question goes to the report's handler.
  auto officer = w_.Session(w_.Login(Role::kAgency));
  auto inbox = w_.agency_->Inbox(*officer, {});
  ASSERT_TRUE(inbox.ok());
  ASSERT_TRUE(w_.agency_->Ask(*officer, inbox->items[0].package_id, "MARKER-NOTIFY question").ok());
  mails = Flush();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails["handler@test.invalid"].find("asked a question"), std::string::npos);
  EXPECT_EQ(mails["handler@test.invalid"].find("MARKER-NOTIFY"), std::string::npos);
}

TEST_F(NotifierTest, AccountChangesReachTheHolderAloneInAMailOfTheirOwn) {
  const std::string token = w_.Login(Role::kSupervisor);
  const std::string id = w_.Session(token)->user_id;
  ASSERT_TRUE(w_.auth_->ChangePassword(token, testing::kStaffPassword, "a new long password").ok());
  w_.Submit("MARKER-NOTIFY four");  // something waiting too: a separate mail
  sent_.clear();
  notifier_.Flush();
  ASSERT_EQ(sent_.size(), 2u);  // the supervisor and the handler
  const auto& to_holder = sent_["supervisor@test.invalid"];
  ASSERT_EQ(to_holder.size(), 2u);
  const Mail& account =
      to_holder[0].subject.find("account") != std::string::npos ? to_holder[0] : to_holder[1];
  EXPECT_EQ(account.subject, "PortSafe: a change to your account");
  EXPECT_NE(account.body.find("Your password was changed"), std::string::npos);
  EXPECT_NE(account.body.find("If this was not you"), std::string::npos);
  EXPECT_EQ(account.body.find("New reports"), std::string::npos);
  EXPECT_EQ(account.body.find(id), std::string::npos);
  ASSERT_EQ(sent_["handler@test.invalid"].size(), 1u);
  EXPECT_EQ(sent_["handler@test.invalid"][0].body.find("password"), std::string::npos);
  // A notice about an account that is gone reaches nobody.
  notifier_.Notify(Notice::kCodeReused, "no-such-user");
  EXPECT_TRUE(Flush().empty());
}

TEST_F(NotifierTest, AMailServerThatRefusesLosesNothingElse) {
  EXPECT_CALL(sender_, Send(_)).WillRepeatedly(Return(Status(Unavailable("mail: refused"))));
  w_.Submit("MARKER-NOTIFY refused");
  EXPECT_EQ(notifier_.Flush(), 0);
  // The report itself is there all the same.
  auto q = w_.WholeQueue(*w_.Session(w_.Login(Role::kHandler)), QueueSort::kAge, false);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->size(), 1u);
}

// OWASP ASVS 5.2.3: a header cannot be smuggled into a mail. Refused before
// any connection (the server named here would answer kUnavailable).
TEST(SmtpMailSenderTest, AnAddressOrSubjectWithALineBreakIsRefusedBeforeSending) {
  ManualClock clock;
  SmtpMailSender sender(SmtpOptions{"smtp://127.0.0.1:9", "portsafe@test.invalid"}, &clock);
  for (const Mail& m : {Mail{"a@test.invalid\r\nBcc: b@test.invalid", "PortSafe", "x\n"},
                        Mail{"a@test.invalid", "PortSafe\nBcc: b@test.invalid", "x\n"},
                        Mail{"a@test.invalid\n", "PortSafe", "x\n"}, Mail{"", "PortSafe", "x\n"}}) {
    Status st = sender.Send(m);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument) << m.to << " / " << m.subject;
  }
  EXPECT_EQ(sender.Send({"a@test.invalid", "PortSafe", "x\n"}).error().code(),
            ErrorCode::kUnavailable);  // a clean mail gets as far as the (absent) server
}

}  // namespace
}  // namespace portsafe::service
