// Files as someone holding the handler's downloads, the server's disk and
// its logs would look for the reporter in them: photos and documents of
// every kind the service takes, each carrying GPS, camera, author, title and
// a capture time under a file name that is itself a marker, sent with a
// report (the reporter's form) and at follow-up (the API). Run through the
// real server and its sandboxed cleaner (portsafe-media).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "core/limits.h"
#include "integration/helpers.h"
#include "support/exiftool.h"
#include "support/images.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

std::string Marked(const std::string& name) {
  return ReadAll(std::string(PORTSAFE_TESTDATA) + "/media/" + name);
}

// The marker of the device's file names: phones put the capture time there.
constexpr const char* kNameMarker = "PSNAME-IMG_20261120_231502";

struct Kind {
  const char* file;
  const char* ext;
  const char* type;
};
constexpr Kind kKinds[] = {
    {"marked.jpg", "jpg", "image/jpeg"},     {"marked.png", "png", "image/png"},
    {"marked.heic", "heic", "image/heic"},   {"marked.webp", "webp", "image/webp"},
    {"marked.gif", "gif", "image/gif"},      {"marked.tif", "tif", "image/tiff"},
    {"marked.pdf", "pdf", "application/pdf"}};

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::Init();
    server_ = std::make_unique<ServerProcess>(dir_.path());
    ASSERT_TRUE(server_->ok());
    Staff handler = AddUser(*server_, dir_, "handler", "handler@test.invalid",
                            {"--recovery-key-file", server_->recovery_key_path()});
    token_ = Login(*server_, handler);
    ASSERT_FALSE(token_.empty());
  }

  HttpResult PostReport(const std::string& description, const std::vector<Kind>& kinds,
                        const std::vector<std::string>& bodies) {
    MultipartBuilder mb;
    mb.Field("lang", "en").Field("port", "GBFXT").Field("category", "drugs");
    mb.Field("description", description).Field("how_known", "saw").Field("action", "send");
    for (size_t i = 0; i < kinds.size(); ++i) {
      mb.File("files", std::string(kNameMarker) + "." + kinds[i].ext, kinds[i].type, bodies[i]);
    }
    return Send(server_->port(),
                {"POST", "/report", {{"Content-Type", mb.ContentType()}}, mb.Finish(), ""});
  }

  // The handler's view of the report whose description is `description`.
  json::object HandlerReport(const std::string& description) {
    HttpResult q = Api(*server_, token_, "GET", "/api/v1/handler/reports");
    EXPECT_EQ(q.status, 200) << q.body;
    const json::value queue = json::parse(q.body);
    for (const auto& item : queue.as_array()) {
      const std::string id(item.at("id").as_string());
      HttpResult r = Api(*server_, token_, "GET", "/api/v1/handler/reports/" + id);
      EXPECT_EQ(r.status, 200) << r.body;
      all_handler_bodies_ += r.body;
      json::object o = json::parse(r.body).as_object();
      if (o.at("report").at("description").as_string() == description) return o;
    }
    ADD_FAILURE() << "no report '" << description << "' in the queue";
    return {};
  }

  std::string Download(const std::string& id, std::int64_t seq) {
    HttpResult f = Api(*server_, token_, "GET",
                       "/api/v1/handler/reports/" + id + "/files/" + std::to_string(seq));
    EXPECT_EQ(f.status, 200) << f.body;
    all_handler_bodies_ += f.Header("content-disposition");
    return f.body;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string token_;
  std::string all_handler_bodies_;
};

TEST_F(FilesTest, EveryKindReachesTheHandlerWithNoMarkerAndNoName) {
  std::vector<std::string> bodies;
  for (const Kind& k : kKinds) bodies.push_back(Marked(k.file));
  // The form takes four files at a time: the first four with the report,
  // the other three at follow-up.
  const std::vector<Kind> first(kKinds, kKinds + 4), later(kKinds + 4, kKinds + 7);
  HttpResult sent = PostReport("Photos of the reefer", first, {bodies.begin(), bodies.begin() + 4});
  ASSERT_EQ(sent.status, 200) << sent.body;
  const std::string receipt = ReceiptIn(sent.body);
  ASSERT_EQ(receipt.size(), 24u) << sent.body;
  // The receipt lists what arrived, under its new name.
  for (const char* name : {"photo-1.jpg", "photo-2.png", "photo-3.jpg", "photo-4.jpg"}) {
    EXPECT_NE(sent.body.find(name), std::string::npos) << name << " not on the receipt";
  }
  EXPECT_EQ(sent.body.find(kNameMarker), std::string::npos);

  MultipartBuilder mb;
  for (size_t i = 0; i < later.size(); ++i) {
    mb.File("files", std::string(kNameMarker) + "." + later[i].ext, later[i].type, bodies[4 + i]);
  }
  HttpResult added =
      Send(server_->port(),
           {"POST",
            "/api/v1/reports/self/files",
            {{"Content-Type", mb.ContentType()}, {"Authorization", "Receipt " + receipt}},
            mb.Finish(),
            ""});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(json::parse(added.body).at("files"),
            json::parse(R"([{"kept":true,"name":"photo-5.png"},{"kept":true,"name":"photo-6.jpg"},)"
                        R"({"kept":true,"name":"document-7.jpg"}])"));

  // What the reporter reads back names no original either.
  HttpResult self = GetSelf(server_->port(), receipt);
  ASSERT_EQ(self.status, 200);
  EXPECT_EQ(self.body.find(kNameMarker), std::string::npos);

  json::object report = HandlerReport("Photos of the reefer");
  const json::array& files = report.at("files").as_array();
  ASSERT_EQ(files.size(), 7u) << report;
  const std::string id(report.at("id").as_string());
  for (const auto& f : files) {
    const std::string name(f.at("name").as_string());
    SCOPED_TRACE(name);
    EXPECT_TRUE(std::regex_match(name, std::regex("(photo|document)-[1-7]\\.(jpg|png)")));
    EXPECT_EQ(f.at("metadata_removed"), json::value(true));
    const std::string data = Download(id, f.at("seq").as_int64());
    ASSERT_FALSE(data.empty());
    EXPECT_EQ(data.find("PSMARK"), std::string::npos);
    const std::string tags = ExiftoolTags(data, dir_.path());
    ASSERT_NE(tags, "") << "exiftool did not run";
    EXPECT_EQ(IdentifyingTags(tags), "") << tags;
  }
  // The device's file name is nowhere: not in what the handler sees, not on
  // the server's disk (database, write-ahead log, keys) or in its log.
  EXPECT_EQ(all_handler_bodies_.find(kNameMarker), std::string::npos);
  EXPECT_EQ(all_handler_bodies_.find("PSMARK"), std::string::npos);
  ExpectNowhere(*server_, kNameMarker);
  ExpectNowhere(*server_, "PSMARK");
}

TEST_F(FilesTest, ABombOrABrokenFileIsLeftOutTheReportIsKeptAndTheServerGoesOn) {
  const std::string jpeg = Marked("marked.jpg");
  const std::string bomb = Marked("bomb.png");  // 20000 x 20000 pixels in 390 KB
  const std::string broken = jpeg.substr(0, 200);
  HttpResult sent =
      PostReport("Bomb and photo", {kKinds[0], kKinds[1], kKinds[0]}, {jpeg, bomb, broken});
  ASSERT_EQ(sent.status, 200) << sent.body;
  ASSERT_EQ(ReceiptIn(sent.body).size(), 24u);
  EXPECT_NE(sent.body.find("photo-1.jpg"), std::string::npos);
  EXPECT_NE(sent.body.find("File 2"), std::string::npos) << sent.body;
  EXPECT_NE(sent.body.find("File 3"), std::string::npos) << sent.body;
  EXPECT_NE(sent.body.find("could not be read, so it was not kept"), std::string::npos);

  json::object report = HandlerReport("Bomb and photo");
  ASSERT_EQ(report.at("files").as_array().size(), 1u);
  EXPECT_EQ(Send(server_->port(), {"GET", "/healthz", {}, "", ""}).status, 200);
  HttpResult again = PostReport("After the bomb", {kKinds[0]}, {jpeg});
  EXPECT_EQ(again.status, 200);
}

// A JPEG scan bomb (thousands of scans, each a pass over every block) is
// refused before decoding (core/jpeg_scans.h, at most limits::kJpegScansMax
// scans), and the report and its good photo are kept; an ordinary
// progressive JPEG is kept.
TEST_F(FilesTest, AJpegScanBombIsRefusedAndAProgressivePhotoIsKept) {
  const std::string bomb = testing::JpegScanBomb(2000, 2000, 4000);
  ASSERT_LT(bomb.size(), limits::kFileMax);
  const std::string progressive = testing::ProgressiveJpeg(320, 240);
  HttpResult sent = PostReport("Scan bomb and photo", {kKinds[0], kKinds[0]}, {bomb, progressive});
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_NE(sent.body.find("File 1"), std::string::npos) << sent.body;
  EXPECT_NE(sent.body.find("could not be read, so it was not kept"), std::string::npos);
  EXPECT_NE(sent.body.find("photo-1.jpg"), std::string::npos);
  json::object report = HandlerReport("Scan bomb and photo");
  ASSERT_EQ(report.at("files").as_array().size(), 1u);
  EXPECT_EQ(Send(server_->port(), {"GET", "/healthz", {}, "", ""}).status, 200);
}

TEST_F(FilesTest, KindsThatCannotBeCleanedAreRefusedInTheReportersLanguageAndNothingIsLost) {
  const std::string mp4(
      "\0\0\0\x18"
      "ftypmp42\0\0\0\0isommp42 and the rest of a video",
      48);
  MultipartBuilder mb;
  mb.Field("lang", "pl").Field("port", "GBFXT").Field("category", "drugs");
  mb.Field("description", "Film z nabrzeża").Field("how_known", "saw").Field("action", "send");
  mb.File("files", std::string(kNameMarker) + ".jpg", "image/jpeg", mp4);
  HttpResult r = Send(server_->port(),
                      {"POST", "/report", {{"Content-Type", mb.ContentType()}}, mb.Finish(), ""});
  EXPECT_EQ(r.status, 415);
  EXPECT_NE(r.body.find("filmów nie da się oczyścić"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Film z nabrzeża"), std::string::npos);  // the text is kept
  EXPECT_EQ(r.body.find(kNameMarker), std::string::npos);
  HttpResult q = Api(*server_, token_, "GET", "/api/v1/handler/reports");
  EXPECT_EQ(q.body, "[]");  // nothing was stored
  ExpectNowhere(*server_, kNameMarker);
}

// The cleaner's sandbox, tried against this server's own data directory:
// not one of its files (keys, database) opens from inside.
TEST_F(FilesTest, TheCleanersSandboxCannotOpenAnyOfTheInstancesFiles) {
  const auto files = FilesBelow(server_->data_dir());
  ASSERT_GE(files.size(), 3u);
  bool saw_key = false;
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    saw_key |= f.find(".key") != std::string::npos;
    std::string out;
    FILE* p = popen(
        (std::string(PORTSAFE_MEDIA_HELPER) + " check-sandbox '" + f + "' 2>&1").c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(WEXITSTATUS(pclose(p)), 0) << out;
    EXPECT_EQ(out.find("OPENED"), std::string::npos) << out;
  }
  EXPECT_TRUE(saw_key) << "no key file in the data directory";
}

}  // namespace
}  // namespace portsafe::testing
