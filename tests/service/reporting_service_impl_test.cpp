#include "service/reporting_service_impl.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "common/work_pool.h"
#include "crypto/report_cipher.h"
#include "crypto/sealed_box.h"
#include "crypto/service_sealer.h"
#include "media/mock_file_cleaner.h"
#include "media/sandboxed_cleaner.h"
#include "store/mock_store.h"
#include "store/sql_store.h"
#include "support/eventually.h"
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
                                                  &clock_, &cleaner_);
  }
  Result<Submitted> SubmitWithFiles(core::ReportSubmission s, std::vector<core::FileUpload> f) {
    std::promise<Result<Submitted>> p;
    svc_->Submit(std::move(s), std::move(f), [&p](Result<Submitted> r) { p.set_value(r); });
    return p.get_future().get();
  }
  Result<std::string> Submit(core::ReportSubmission s, std::vector<core::FileUpload> f = {}) {
    auto r = SubmitWithFiles(std::move(s), std::move(f));
    if (!r.ok()) return r.error();
    return r->receipt;
  }
  Status AddMessage(const std::string& receipt, const std::string& text) {
    std::promise<Status> p;
    svc_->AddMessage(receipt, text, [&p](Status s) { p.set_value(s); });
    return p.get_future().get();
  }
  Result<std::vector<FileOutcome>> AddFiles(const std::string& receipt,
                                            std::vector<core::FileUpload> f) {
    std::promise<Result<std::vector<FileOutcome>>> p;
    svc_->AddFiles(receipt, std::move(f),
                   [&p](Result<std::vector<FileOutcome>> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  ManualClock clock_{ManualClock::NoonOn("2027-01-01")};
  // The real cleaner in its sandbox (portsafe-media), timed by the system's
  // monotonic clock: it runs a real process.
  media::SandboxedFileCleaner cleaner_{{PORTSAFE_MEDIA_HELPER}, SystemClock::Get()};
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
  std::string png = testing::PngWithMetadata(16, 16, "PNG-SECRET");
  auto added = AddFiles(*receipt, {{"IMG_20261120_231502.jpg", "image/jpeg", jpeg},
                                   {"Screenshot 2026-11-20 at 23.15.02.png", "image/png", png}});
  ASSERT_TRUE(added.ok()) << added.error().message();
  ASSERT_EQ(added->size(), 2u);
  EXPECT_EQ((*added)[0].name, "photo-1.jpg");
  EXPECT_EQ((*added)[1].name, "photo-2.png");
  auto view = svc_->Open(*receipt);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->messages.size(), 1u);
  EXPECT_EQ(view->messages[0].text, "more detail");
  EXPECT_EQ(view->messages[0].author, "reporter");
  ASSERT_EQ(view->files.size(), 2u);
  // Named by kind and order: the device's names carried the moment.
  EXPECT_TRUE(view->files[0].reencoded);
  EXPECT_EQ(view->files[0].name, "photo-1.jpg");
  EXPECT_EQ(view->files[0].content_type, "image/jpeg");
  EXPECT_EQ(view->files[1].name, "photo-2.png");
  EXPECT_EQ(view->files[1].content_type, "image/png");
  // More files later go on counting.
  auto more = AddFiles(*receipt, {{"IMG_20261121_0001.jpg", "image/jpeg", jpeg}});
  ASSERT_TRUE(more.ok());
  EXPECT_EQ((*more)[0].name, "photo-3.jpg");
  // A file that does not decode is left out; when nothing is left, the
  // request fails and says so.
  auto bad = AddFiles(*receipt, {{"bad.jpg", "image/jpeg", jpeg.substr(0, 30)}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().key(), "error.file_not_cleaned");
  EXPECT_EQ(AddFiles(*receipt, {}).error().code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(svc_->Open(*receipt).ok());
  EXPECT_EQ(svc_->Open(*receipt)->files.size(), 3u);
}

TEST_F(ReportingServiceTest, FilesThatCannotBeCleanedAreRefusedAndNothingIsStored) {
  const std::string mp4(
      "\0\0\0\x18"
      "ftypmp42\0\0\0\0isommp42",
      24);
  const std::string docx(
      "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0\x13\0\0\0"
      "[Content_Types].xml",
      49);
  struct Case {
    std::string data;
    const char* key;
  };
  for (const Case& c :
       {Case{mp4, "error.file_refused_video"}, Case{docx, "error.file_refused_document"},
        Case{"plain notes", "error.file_refused_other"},
        Case{"ID3\x04\0\0\0\0", "error.file_refused_audio"}}) {
    // Sent with a photo's name and type: the bytes decide.
    auto r = SubmitWithFiles(Sub("refused " + std::string(c.key)),
                             {{"photo.jpg", "image/jpeg", testing::JpegWithMetadata(8, 8, "x")},
                              {"IMG_0001.jpg", "image/jpeg", c.data}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kUnsupportedMedia);
    EXPECT_EQ(r.error().field(), "files");
    EXPECT_EQ(r.error().key(), c.key);
  }
  auto count = store_->reports().CountReports();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
}

// A decoder that crashes on a file: the report is kept with its other
// files, and the reporter is told which file was not kept.
TEST_F(ReportingServiceTest, AFileTheCleanerFailsOnIsLeftOutAndTheReportIsKept) {
  media::MockFileCleaner cleaner;
  InstanceKeys keys{crypto::SecretBytes(crypto::RandomBytes(32)), service_key_.public_key};
  ReportingServiceImpl svc(&store_->reports(), std::move(keys), Ports(), &clock_, &cleaner);
  const std::string good = testing::JpegWithMetadata(8, 8, "x");
  EXPECT_CALL(cleaner, Clean(::testing::_, core::FileKind::kJpeg))
      .WillOnce(::testing::Return(
          Result<media::CleanedFile>(InvalidArgument("the file cleaner stopped on this file"))))
      .WillOnce(::testing::Return(media::CleanedFile{good, "image/jpeg", "jpg"}));
  std::promise<Result<Submitted>> p;
  svc.Submit(Sub("kept"), {{"a.jpg", "image/jpeg", good}, {"b.jpg", "image/jpeg", good}},
             [&p](Result<Submitted> r) { p.set_value(std::move(r)); });
  auto r = p.get_future().get();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->files.size(), 2u);
  EXPECT_FALSE(r->files[0].kept);
  EXPECT_TRUE(r->files[1].kept);
  EXPECT_EQ(r->files[1].name, "photo-1.jpg");
  auto view = svc.Open(r->receipt);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->fields.description, "kept");
  ASSERT_EQ(view->files.size(), 1u);

  // No cleaner at all: nothing is stored, and the reporter is asked to try
  // again later rather than losing the files without a word.
  EXPECT_CALL(cleaner, Clean(::testing::_, ::testing::_))
      .WillOnce(::testing::Return(Result<media::CleanedFile>(Unavailable("no cleaner"))));
  std::promise<Result<Submitted>> q;
  svc.Submit(Sub("later"), {{"a.jpg", "image/jpeg", good}},
             [&q](Result<Submitted> r) { q.set_value(std::move(r)); });
  auto later = q.get_future().get();
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code(), ErrorCode::kUnavailable);
}

// Cleaning runs on the media pool, never on the caller's (a server) thread.
// While the pool is busy a report without files goes through at once, and
// once its queue is full a request with files is refused whole with a key
// the reporter's page translates, and nothing of it is stored.
TEST_F(ReportingServiceTest, FilesWaitOnTheMediaPoolAndAFullQueueRefusesOnlyFiles) {
  media::MockFileCleaner cleaner;
  WorkPool pool("media-test", 1, 1);
  InstanceKeys keys{crypto::SecretBytes(crypto::RandomBytes(32)), service_key_.public_key};
  ReportingServiceImpl svc(&store_->reports(), std::move(keys), Ports(), &clock_, &cleaner, nullptr,
                           &pool);
  const std::string good = testing::JpegWithMetadata(8, 8, "x");
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> cleaning{0};
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> cleaned_on_caller{false};
  EXPECT_CALL(cleaner, Clean(_, core::FileKind::kJpeg))
      .Times(2)
      .WillRepeatedly([&](std::string_view data, core::FileKind) {
        if (std::this_thread::get_id() == caller) cleaned_on_caller = true;
        ++cleaning;
        gate.wait();  // a file that takes long to clean
        return Result<media::CleanedFile>(
            media::CleanedFile{std::string(data), "image/jpeg", "jpg"});
      });
  auto submit = [&](const std::string& text, std::vector<core::FileUpload> files) {
    auto p = std::make_shared<std::promise<Result<Submitted>>>();
    auto f = p->get_future();
    svc.Submit(Sub(text), std::move(files),
               [p](Result<Submitted> r) { p->set_value(std::move(r)); });
    return f;
  };
  auto first = submit("first with a photo", {{"a.jpg", "image/jpeg", good}});
  ASSERT_TRUE(testing::Eventually([&] { return cleaning.load() == 1; }));
  auto second = submit("second with a photo", {{"b.jpg", "image/jpeg", good}});  // queued
  auto third = submit("third with a photo", {{"c.jpg", "image/jpeg", good}});    // no room
  ASSERT_EQ(third.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  auto refused = third.get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().field(), "files");
  EXPECT_EQ(refused.error().key(), "error.files_busy");

  // Words alone do not wait behind the files.
  auto words = submit("no files", {}).get();
  ASSERT_TRUE(words.ok()) << words.error().message();
  EXPECT_EQ(first.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  // A follow-up's files are refused the same way while the queue is full.
  std::promise<Result<std::vector<FileOutcome>>> more;
  svc.AddFiles(words->receipt, {{"d.jpg", "image/jpeg", good}},
               [&more](Result<std::vector<FileOutcome>> r) { more.set_value(std::move(r)); });
  auto more_r = more.get_future().get();
  ASSERT_FALSE(more_r.ok());
  EXPECT_EQ(more_r.error().key(), "error.files_busy");

  release.set_value();
  auto a = first.get();
  auto b = second.get();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(cleaned_on_caller.load());
  // The refused report was never stored: only three reports exist.
  auto counts = store_->reports().CountReports();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, 3);
  pool.Stop();
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
  media::MockFileCleaner cleaner;
  ReportingServiceImpl svc(&store, {crypto::SecretBytes(crypto::RandomBytes(32)), kp.public_key},
                           Ports(), &clock, &cleaner);
  std::optional<Result<Submitted>> got;
  svc.Submit(Sub("overload"), {}, [&got](Result<Submitted> r) { got = std::move(r); });
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
  // What the cleaner gives back is what is encrypted and stored.
  media::MockFileCleaner cleaner;
  const std::string jpeg = testing::JpegWithMetadata(8, 8, "x");
  EXPECT_CALL(cleaner, Clean(_, core::FileKind::kJpeg))
      .WillOnce(
          ::testing::Return(media::CleanedFile{"\xFF\xD8\xFF file-secret", "image/jpeg", "jpg"}));
  ReportingServiceImpl svc(&store, {crypto::SecretBytes(crypto::RandomBytes(32)), kp.public_key},
                           Ports(), &clock, &cleaner);
  svc.Submit(Sub("body-secret"), {{"a.jpg", "image/jpeg", jpeg}},
             [](Result<Submitted> r) { EXPECT_TRUE(r.ok()); });
  EXPECT_EQ(captured.body.find("body-secret"), std::string::npos);
  auto ck = crypto::OpenServiceSealed(kp, captured.id, captured.sealed_key);
  ASSERT_TRUE(ck.ok());
  auto body = crypto::OpenReportField(*ck, captured.id, "body", captured.body);
  ASSERT_TRUE(body.ok());
  EXPECT_NE(body->view().find("body-secret"), std::string::npos);
}

}  // namespace
}  // namespace portsafe::service
