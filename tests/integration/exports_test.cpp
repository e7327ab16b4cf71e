// A package into the agencies' own systems, on the real server: its officer
// downloads it as a STIX 2.1 bundle and a MISP event, over the API and from
// the package page; both pass the validators (the OASIS schemas, the MISP
// object templates) and carry what the sanitised text names; an officer of
// another agency gets 404, a handler 403.
#include <gtest/gtest.h>

#include <set>

#include "integration/helpers.h"
#include "service/export_packages.h"
#include "service/stix_bundle.h"
#include "support/images.h"
#include "support/qr_decode.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

class ExportsTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
  TempDir dir_;
};

TEST_F(ExportsTest, AnOfficerDownloadsThePackageAsStixAndMispAndAnotherAgencyCannot) {
  ServerProcess s(dir_.path());
  ASSERT_TRUE(s.ok());
  const std::vector<std::string> key = {"--recovery-key-file", s.recovery_key_path()};
  Staff handler = AddUser(s, dir_, "handler", "handler@test.invalid", key);
  Staff supervisor = AddUser(s, dir_, "supervisor", "supervisor@test.invalid", key);
  std::string out;
  for (const auto& [code, name, port] :
       {std::tuple{"SUFFOLK-POLICE", "Suffolk Constabulary", "GBFXT"},
        std::tuple{"KENT-POLICE", "Kent Police", "GBDVR"}}) {
    ASSERT_EQ(RunPortsafe({"agency", "add", "--data", s.data_dir(), "--code", code, "--name", name,
                           "--port", port, "--recovery-key-out", dir_.path() + "/" + code + ".key"},
                          &out),
              0)
        << out;
  }
  Staff suffolk = AddUser(
      s, dir_, "agency", "officer@suffolk.test.invalid",
      {"--agency", "SUFFOLK-POLICE", "--recovery-key-file", dir_.path() + "/SUFFOLK-POLICE.key"});
  Staff kent =
      AddUser(s, dir_, "agency", "officer@kent.test.invalid",
              {"--agency", "KENT-POLICE", "--recovery-key-file", dir_.path() + "/KENT-POLICE.key"});

  // A report with two photos, sanitised into a text rich in identifiers,
  // sent to Suffolk with one of the photos.
  HttpResult filed =
      PostJson(s.port(), "/api/v1/reports",
               R"({"port":"GBFXT","category":"drugs","description":"a van at gate 4"})");
  ASSERT_EQ(filed.status, 201);
  const std::string receipt(json::parse(filed.body).at("receipt").as_string());
  MultipartBuilder mb;
  mb.File("files", "gate.jpg", "image/jpeg", JpegWithMetadata(80, 60, "GPSMARKER-GATE"));
  mb.File("files", "van.jpg", "image/jpeg", JpegWithMetadata(40, 30, "GPSMARKER-VAN"));
  HttpResult added =
      Send(s.port(), {"POST",
                      "/api/v1/reports/self/files",
                      {{"Content-Type", mb.ContentType()}, {"Authorization", "Receipt " + receipt}},
                      mb.Finish(),
                      ""});
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string h = Login(s, handler);
  HttpResult queue = Api(s, h, "GET", "/api/v1/handler/reports");
  ASSERT_EQ(queue.status, 200);
  const std::string id(json::parse(queue.body).as_array().at(0).at("id").as_string());
  const std::string r = "/api/v1/handler/reports/" + id;
  const std::string text = service::export_testing::kRichText;
  HttpResult saved =
      Api(s, h, "POST", r + "/sanitised", json::serialize(json::object{{"text", text}}));
  ASSERT_EQ(saved.status, 200);
  // The phone number and e-mail address are warned about; the handler
  // looked at them and keeps them, as intelligence.
  json::array seen;
  const json::value saved_json = json::parse(saved.body);
  for (const auto& w : saved_json.at("warnings").as_array()) seen.push_back(w.at("id"));
  ASSERT_EQ(
      Api(s, h, "POST", r + "/grade",
          R"({"source":"1","intelligence":"B","handling":"C","conditions":"Border Force only"})")
          .status,
      200);
  // The handler looked at the van's photo (the second) and sends it only.
  EXPECT_EQ(Api(s, h, "POST", r + "/attachments", R"({"files":["7"]})").status, 400);
  ASSERT_EQ(Api(s, h, "POST", r + "/attachments", R"({"files":["2"]})").status, 200);
  HttpResult submitted =
      Api(s, h, "POST", r + "/submission",
          json::serialize(json::object{{"recipients", json::array{"SUFFOLK-POLICE"}},
                                       {"acknowledged_warnings", seen}}));
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const std::string v = Login(s, supervisor);
  EXPECT_EQ(json::parse(Api(s, v, "GET", r).body).at("attachments"), json::parse("[2]"));
  ASSERT_EQ(Api(s, v, "POST", r + "/approval").status, 200);

  const std::string o = Login(s, suffolk);
  HttpResult inbox = Api(s, o, "GET", "/api/v1/agency/packages");
  ASSERT_EQ(inbox.status, 200);
  const std::string pid(json::parse(inbox.body).as_array().at(0).at("id").as_string());
  const std::string p = "/api/v1/agency/packages/" + pid;

  HttpResult stix = Api(s, o, "GET", p + "/stix");
  ASSERT_EQ(stix.status, 200) << stix.body;
  EXPECT_EQ(stix.Header("content-type"), "application/stix+json;version=2.1");
  EXPECT_NE(stix.Header("content-disposition").find("attachment; filename=\"portsafe-"),
            std::string::npos);
  const std::string stix_file = dir_.path() + "/package.stix.json";
  service::export_testing::WriteFile(stix_file, stix.body);
  auto run = service::export_testing::RunValidator("validate_stix.py", stix_file);
  EXPECT_EQ(run.status, 0) << run.output;
  std::set<std::string> types;
  std::string marking, grade;
  const json::value bundle = json::parse(stix.body);
  for (const auto& v : bundle.at("objects").as_array()) {
    const auto& obj = v.as_object();
    types.insert(std::string(obj.at("type").as_string()));
    if (obj.at("type").as_string() == "report") {
      marking = obj.at("object_marking_refs").as_array().at(0).as_string();
      grade = obj.at("extensions").at(service::kGradeExtension).at("code").as_string();
    }
  }
  EXPECT_EQ(marking, service::kTlpAmberStrictMarking);  // handling C
  EXPECT_EQ(grade, "1BC");
  for (const char* t : {"identity", "report", "marking-definition", "observed-data",
                        "x-portsafe-container", "x-portsafe-vessel", "x-portsafe-vehicle",
                        "x-portsafe-phone", "email-addr", "url", "location"}) {
    EXPECT_TRUE(types.count(t)) << t << " missing from " << stix.body.substr(0, 400);
  }

  HttpResult misp = Api(s, o, "GET", p + "/misp");
  ASSERT_EQ(misp.status, 200) << misp.body;
  const std::string misp_file = dir_.path() + "/package.misp.json";
  service::export_testing::WriteFile(misp_file, misp.body);
  run = service::export_testing::RunValidator("validate_misp.py", misp_file);
  EXPECT_EQ(run.status, 0) << run.output;
  const json::object event = json::parse(misp.body).at("Event").as_object();
  EXPECT_EQ(event.at("distribution").as_string(), "0");  // handling C: this organisation only
  std::set<std::string> objects;
  for (const auto& obj : event.at("Object").as_array()) {
    objects.insert(std::string(obj.at("name").as_string()));
  }
  EXPECT_EQ(objects, (std::set<std::string>{"ais", "vehicle", "geolocation", "iso-6346"}));

  // From the package page, with the session cookie: the same bytes.
  const std::string cookie = PageLogin(s, suffolk);
  HttpCall page{"GET", "/agency/packages/" + pid + "/stix.json", {{"Cookie", cookie}}, "", ""};
  HttpResult from_page = Send(s.port(), page);
  EXPECT_EQ(from_page.status, 200);
  EXPECT_EQ(from_page.body, stix.body);
  HttpCall view{"GET", "/agency/packages/" + pid, {{"Cookie", cookie}}, "", ""};
  HttpResult package_page = Send(s.port(), view);
  EXPECT_NE(package_page.body.find("/agency/packages/" + pid + "/misp.json"), std::string::npos);
  EXPECT_NE(package_page.body.find("TLP:AMBER+STRICT"), std::string::npos);

  // The photo: listed in the package, downloaded cleaned, over the API and
  // from the page; the photo not chosen is not there.
  HttpResult read = Api(s, o, "GET", p);
  ASSERT_EQ(read.status, 200);
  const json::array listed = json::parse(read.body).at("attachments").as_array();
  ASSERT_EQ(listed.size(), 1u) << read.body;
  EXPECT_EQ(listed[0].at("seq").as_int64(), 2);
  HttpResult photo = Api(s, o, "GET", p + "/files/2");
  ASSERT_EQ(photo.status, 200);
  EXPECT_EQ(JpegSize(photo.body), (std::pair<int, int>{40, 30}));
  EXPECT_EQ(photo.body.find("GPSMARKER"), std::string::npos);
  EXPECT_EQ(Api(s, o, "GET", p + "/files/1").status, 404);
  EXPECT_EQ(Api(s, o, "GET", p + "/files/x").status, 404);
  HttpCall photo_page{"GET", "/agency/packages/" + pid + "/files/2", {{"Cookie", cookie}}, "", ""};
  EXPECT_EQ(Send(s.port(), photo_page).body, photo.body);

  // The printable package: the TLP marking on every page, the van's photo
  // as a thumbnail (its JPEG bytes, not re-encoded).
  HttpResult pdf = Api(s, o, "GET", p + "/pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string pdf_file = dir_.path() + "/package.pdf";
  service::export_testing::WriteFile(pdf_file, pdf.body);
  const int pages = PdfPageCount(pdf_file);
  ASSERT_GE(pages, 1);
  std::string all;
  for (int page = 1; page <= pages; ++page) {
    const std::string text = PdfPageText(pdf_file, page);
    size_t marks = 0;
    for (size_t at = text.find("TLP:AMBER+STRICT"); at != std::string::npos;
         at = text.find("TLP:AMBER+STRICT", at + 1)) {
      ++marks;
    }
    EXPECT_GE(marks, 2u) << "page " << page;
    EXPECT_NE(text.find("page " + std::to_string(page) + " of " + std::to_string(pages)),
              std::string::npos);
    EXPECT_FALSE(RenderPdfPage(pdf_file, page, 40).empty()) << "pdftoppm, page " << page;
    all += text;
  }
  const std::string photo_name(listed[0].at("name").as_string());  // as the service named it
  for (const std::string& want :
       {std::string("Border Force only"), std::string("CSQU"), photo_name, std::string("1BC")}) {
    EXPECT_NE(all.find(want), std::string::npos) << want;
  }
  EXPECT_NE(PdfImageList(pdf_file).find("jpeg"), std::string::npos) << PdfImageList(pdf_file);
  HttpCall pdf_page{
      "GET", "/agency/packages/" + pid + "/package.pdf", {{"Cookie", cookie}}, "", ""};
  EXPECT_EQ(Send(s.port(), pdf_page).status, 200);

  // Another agency's officer: as if there were no such package.
  const std::string k = Login(s, kent);
  EXPECT_EQ(Api(s, k, "GET", p + "/pdf").status, 404);
  EXPECT_EQ(Api(s, k, "GET", p + "/files/2").status, 404);
  EXPECT_EQ(Api(s, k, "GET", p + "/stix").status, 404);
  EXPECT_EQ(Api(s, k, "GET", p + "/misp").status, 404);
  EXPECT_EQ(Api(s, h, "GET", p + "/stix").status, 403);
}

}  // namespace
}  // namespace portsafe::testing
