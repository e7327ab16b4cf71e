#include "service/reporting_service_impl.h"

#include <gtest/gtest.h>

#include <future>

#include "crypto/report_cipher.h"
#include "crypto/sealed_box.h"
#include "crypto/service_sealer.h"
#include "store/mock_store.h"
#include "store/sql_store.h"
#include "support/images.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {

using ::testing::_;

core::PortDirectory Ports() { return core::PortDirectory({{"GBFXT", "Felixstowe", "SFK", "AF"}}); }

core::ReportSubmission Sub(const std::string& text) {
  core::ReportSubmission s;
  s.port = "GBFXT";
  s.category = "drugs";
  s.description = text;
  s.containers = "MSCU 123456 5";
  s.lang = "pl";
  return s;
}

class ReportingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqlStore::OpenSqlite(dir_.path() + "/db");
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    service_key_ = crypto::GenerateKeyPair();
    InstanceKeys keys{crypto::SecretBytes(crypto::RandomBytes(32)), service_key_.public_key};
    svc_ = std::make_unique<ReportingServiceImpl>(&store_->reports(), std::move(keys), Ports(),
                                                  &clock_);
  }
  Result<std::string> Submit(core::ReportSubmission s, std::vector<core::FileUpload> f = {}) {
    std::promise<Result<std::string>> p;
    svc_->Submit(std::move(s), std::move(f), [&p](Result<std::string> r) { p.set_value(r); });
    return p.get_future().get();
  }
  Status AddMessage(const std::string& receipt, const std::string& text) {
    std::promise<Status> p;
    svc_->AddMessage(receipt, text, [&p](Status s) { p.set_value(s); });
    return p.get_future().get();
  }
  Status AddFiles(const std::string& receipt, std::vector<core::FileUpload> f) {
    std::promise<Status> p;
    svc_->AddFiles(receipt, std::move(f), [&p](Status s) { p.set_value(s); });
    return p.get_future().get();
  }

  ManualClock clock_{ManualClock::NoonOn("2027-01-01")};
  testing::TempDir dir_;
  std::unique_ptr<store::SqlStore> store_;
  crypto::KeyPair service_key_;
  std::unique_ptr<ReportingServiceImpl> svc_;
};

TEST_F(ReportingServiceTest, SubmitThenOpenWithReceipt) {
  auto receipt = Submit(Sub("van at gate 4"));
  ASSERT_TRUE(receipt.ok());
  auto view = svc_->Open(*receipt);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->fields.description, "van at gate 4");
  EXPECT_EQ(view->fields.containers, "MSCU 123456 5");
  EXPECT_EQ(view->fields.lang, "pl");
  EXPECT_EQ(view->status, core::ReportStatus::kNew);
  EXPECT_EQ(view->received_on, "2027-01-01");  // the date from the clock, never the time
  // Typed in lower case without dashes, it still opens.
  std::string sloppy;
  for (char c : *receipt) {
    if (c != '-') sloppy.push_back(static_cast<char>(std::tolower(c)));
  }
  EXPECT_TRUE(svc_->Open(sloppy).ok());
}

TEST_F(ReportingServiceTest, WrongOrMalformedReceiptIsPlainNotFound) {
  ASSERT_TRUE(Submit(Sub("x")).ok());
  auto a = svc_->Open(crypto::Receipt::Generate().Display());
  auto b = svc_->Open("not a receipt at all");
  ASSERT_FALSE(a.ok());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(a.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(a.error().message(), b.error().message());
}

TEST_F(ReportingServiceTest, MessagesAndFilesJoinTheThread) {
  auto receipt = Submit(Sub("first"));
  ASSERT_TRUE(receipt.ok());
  EXPECT_TRUE(AddMessage(*receipt, "more detail").ok());
  EXPECT_EQ(AddMessage(*receipt, "").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(AddMessage("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "x").error().code(), ErrorCode::kNotFound);
  std::string jpeg = testing::JpegWithMetadata(32, 32, "GPS-SECRET");
  EXPECT_TRUE(AddFiles(*receipt, {{"IMG_20261120_231502.jpg", "image/jpeg", jpeg},
                                  {"notes.txt", "text/plain", "plain notes"}})
                  .ok());
  auto view = svc_->Open(*receipt);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->messages.size(), 1u);
  EXPECT_EQ(view->messages[0].text, "more detail");
  EXPECT_EQ(view->messages[0].author, "reporter");
  ASSERT_EQ(view->files.size(), 2u);
  EXPECT_TRUE(view->files[0].reencoded);
  EXPECT_EQ(view->files[0].name, "image.jpg");  // camera name (with its timestamp) dropped
  EXPECT_FALSE(view->files[1].reencoded);
  EXPECT_EQ(view->files[1].name, "notes.txt");
  EXPECT_EQ(AddFiles(*receipt, {{"bad.jpg", "image/jpeg", jpeg.substr(0, 30)}}).error().key(),
            "error.bad_image");
  EXPECT_EQ(AddFiles(*receipt, {}).error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(ReportingServiceTest, FacilityMustExistAtThePort) {
  ASSERT_TRUE(store_->reports()
                  .PutPorts({{"GBFXT", "Felixstowe", "SFK", "AF"}, {"GBDVR", "Dover", "KEN", "AF"}})
                  .ok());
  ASSERT_TRUE(
      store_->reports()
          .PutFacility({"GBFXT-TRINITY", "GBFXT", "Trinity Terminal", "", "active", "2026-01-05"})
          .ok());
  ASSERT_TRUE(
      store_->reports()
          .PutFacility({"GBDVR-EASTERN", "GBDVR", "Eastern Docks", "", "active", "2026-01-05"})
          .ok());
  core::ReportSubmission s = Sub("via a poster");
  s.facility = "GBFXT-TRINITY";
  EXPECT_TRUE(Submit(s).ok());
  s.facility = "my name is Jan Kowalski";
  EXPECT_EQ(Submit(s).error().key(), "error.facility_unknown");
  s.facility = "GBDVR-EASTERN";  // exists, but at another port
  EXPECT_EQ(Submit(s).error().key(), "error.facility_unknown");
  EXPECT_EQ(*store_->reports().CountReports(), 1);
}

TEST_F(ReportingServiceTest, RejectsUnvalidatedSubmission) {
  core::ReportSubmission s = Sub("x");
  s.port = "GBNOPE";
  EXPECT_EQ(Submit(s).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(*store_->reports().CountReports(), 0);
}

TEST(ReportingServiceMockStoreTest, StoreOverloadBecomesUnavailable) {
  store::MockStore store;
  EXPECT_CALL(store, CreateReport(_, _, _))
      .WillOnce([](store::ReportRow row, std::vector<store::FileRow>, store::WriteDone done) {
        EXPECT_EQ(row.status, core::ReportStatus::kNew);
        EXPECT_EQ(row.port_code, "GBFXT");
        EXPECT_EQ(row.body.find("overload"), std::string::npos);  // encrypted before the store
        done(Unavailable("queue full"));
      });
  auto kp = crypto::GenerateKeyPair();
  ManualClock clock;
  ReportingServiceImpl svc(&store, {crypto::SecretBytes(crypto::RandomBytes(32)), kp.public_key},
                           Ports(), &clock);
  std::optional<Result<std::string>> got;
  svc.Submit(Sub("overload"), {}, [&got](Result<std::string> r) { got = std::move(r); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->error().code(), ErrorCode::kUnavailable);
}

TEST(ReportingServiceMockStoreTest, EverythingStoredIsCiphertextThatTheServiceKeyOpens) {
  store::MockStore store;
  store::ReportRow captured;
  EXPECT_CALL(store, CreateReport(_, _, _))
      .WillOnce([&captured](store::ReportRow row, std::vector<store::FileRow> files,
                            store::WriteDone done) {
        captured = row;
        EXPECT_EQ(files.size(), 1u);
        EXPECT_EQ(files[0].content.find("file-secret"), std::string::npos);
        done(Status::Ok());
      });
  auto kp = crypto::GenerateKeyPair();
  ManualClock clock;
  ReportingServiceImpl svc(&store, {crypto::SecretBytes(crypto::RandomBytes(32)), kp.public_key},
                           Ports(), &clock);
  svc.Submit(Sub("body-secret"), {{"a.txt", "text/plain", "file-secret"}},
             [](Result<std::string> r) { EXPECT_TRUE(r.ok()); });
  EXPECT_EQ(captured.body.find("body-secret"), std::string::npos);
  auto ck = crypto::OpenServiceSealed(kp, captured.id, captured.sealed_key);
  ASSERT_TRUE(ck.ok());
  auto body = crypto::OpenReportField(*ck, captured.id, "body", captured.body);
  ASSERT_TRUE(body.ok());
  EXPECT_NE(body->view().find("body-secret"), std::string::npos);
}

}  // namespace
}  // namespace portsafe::service
