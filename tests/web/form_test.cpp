// Data-driven parser tests: every tests/testdata/{form,multipart}/NAME.in is
// parsed and its dump compared with NAME.out. Multipart inputs name their
// boundary on the first line; their line ends are read as CRLF.
#include "web/form.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/limits.h"
#include "crypto/spool_file.h"
#include "support/golden.h"
#include "support/temp_dir.h"

namespace portsafe::web {
namespace {

std::string Crlf(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n')
      out += "\r\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string Lf(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out.push_back(s[i]);
  }
  return out;
}

Result<FormData> ParseInPieces(std::string_view body, std::string_view boundary, size_t piece) {
  MultipartParser parser(boundary, true);
  for (size_t at = 0; at < body.size(); at += piece) {
    if (auto st = parser.Feed(body.substr(at, piece)); !st.ok()) return st.error();
  }
  auto parts = parser.Finish();
  if (!parts.ok()) return parts.error();
  FormData form;
  form.fields = parts->fields;
  for (auto& f : parts->files) form.files.push_back({f.filename, f.content_type, f.bytes, nullptr});
  return form;
}

std::string Dump(const Result<FormData>& r) {
  if (!r.ok()) return "error: " + r.error().message() + "\n";
  std::string out;
  for (const auto& [k, v] : r->fields) out += "field " + k + " = " + Lf(v) + "\n";
  for (const auto& f : r->files) {
    out += "file " + f.filename + " " + f.content_type + " " + std::to_string(f.data.size()) + " " +
           Lf(f.data) + "\n";
  }
  return out;
}

TEST(FormDataDrivenTest, UrlEncodedCases) {
  const size_t cases = testing::RunGoldenCases(
      std::string(PORTSAFE_TESTDATA) + "/form",
      [](const std::string&, const std::string& raw) { return Dump(ParseUrlEncoded(raw)); });
  EXPECT_GE(cases, 5u);
}

TEST(FormDataDrivenTest, MultipartCases) {
  const size_t cases = testing::RunGoldenCases(
      std::string(PORTSAFE_TESTDATA) + "/multipart",
      [](const std::string& name, const std::string& raw) -> std::string {
        size_t nl = raw.find('\n');
        if (raw.substr(0, 10) != "boundary: " || nl == std::string::npos) {
          ADD_FAILURE() << name << ": the first line must be \"boundary: ...\"";
          return {};
        }
        std::string boundary = raw.substr(10, nl - 10);
        const std::string body = Crlf(raw.substr(nl + 1));
        const std::string whole = Dump(ParseMultipart(body, boundary));
        // Fed as a socket delivers it, in pieces of any size, the parser
        // answers as it does for the whole body.
        for (size_t piece : {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{64}}) {
          EXPECT_EQ(Dump(ParseInPieces(body, boundary, piece)), whole) << name << " " << piece;
        }
        return whole;
      });
  EXPECT_GE(cases, 8u);
}

TEST(FormTest, FieldCountIsLimited) {
  std::string body;
  for (size_t i = 0; i <= limits::kFormFieldsMax; ++i) body += "a=1&";
  EXPECT_FALSE(ParseUrlEncoded(body).ok());
}

TEST(FormTest, BoundaryFromContentType) {
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_FALSE(MultipartBoundary("multipart/form-data").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')).ok());
}

TEST(FormTest, ParseFormBodyPicksByMediaType) {
  EXPECT_TRUE(ParseFormBody("application/x-www-form-urlencoded; charset=UTF-8", "a=1").ok());
  EXPECT_EQ(ParseFormBody("text/plain", "a=1").error().code(), ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(ParseFormBody("", "a=1").error().code(), ErrorCode::kUnsupportedMedia);
}

// A body of a report with two photos, as a browser sends it.
std::string TwoPhotoBody(const std::string& a, const std::string& b) {
  return "--xyz\r\nContent-Disposition: form-data; name=\"port\"\r\n\r\nGBFXT\r\n"
         "--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\n"
         "Content-Type: image/jpeg\r\n\r\n" +
         a +
         "\r\n--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"b.jpg\"\r\n"
         "\r\n" +
         b + "\r\n--xyz--\r\n";
}

std::string Marked(size_t n, char tag) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += std::string(1, tag) + std::to_string(i) + ";";
  s.resize(n);
  return s;
}

// A streamed body is parsed from its spool; the files stay there (their
// first bytes in memory, for their kind) until a worker loads them.
TEST(FormTest, ASpooledBodyKeepsItsFilesInTheSpoolUntilLoaded) {
  testing::TempDir dir;
  auto spool = crypto::SpoolFile::Create(dir.path());
  ASSERT_TRUE(spool.ok());
  const std::string a = Marked(300 * 1024 + 7, 'A'), b = Marked(10, 'B');
  const std::string body = TwoPhotoBody(a, b);
  // In pieces that split the boundaries.
  for (size_t at = 0; at < body.size(); at += 1000) {
    ASSERT_TRUE((*spool)->Append(std::string_view(body).substr(at, 1000)).ok());
  }
  ASSERT_TRUE((*spool)->Finish().ok());
  Request req;
  req.method = "POST";
  req.headers.emplace_back("content-type", "multipart/form-data; boundary=xyz");
  req.spooled_body = std::move(*spool);
  auto form = ParseFormRequest(req);
  ASSERT_TRUE(form.ok()) << form.error().message();
  EXPECT_EQ(form->Get("port"), "GBFXT");
  ASSERT_EQ(form->files.size(), 2u);
  auto& first = form->files[0];
  EXPECT_EQ(first.filename, "a.jpg");
  EXPECT_EQ(first.content_type, "image/jpeg");
  EXPECT_EQ(first.data, a.substr(0, core::kUploadHeadBytes));
  EXPECT_EQ(first.Size(), a.size());
  ASSERT_NE(first.stored, nullptr);
  ASSERT_TRUE(first.Load().ok());
  EXPECT_EQ(first.data, a);
  EXPECT_EQ(first.stored, nullptr);
  auto& second = form->files[1];
  EXPECT_EQ(second.Size(), b.size());
  ASSERT_TRUE(second.Load().ok());
  EXPECT_EQ(second.data, b);
  // The same body in memory parses to the same form.
  auto in_memory = ParseMultipart(body, "xyz");
  ASSERT_TRUE(in_memory.ok());
  EXPECT_EQ(in_memory->files[0].data, a);
  EXPECT_EQ(in_memory->files[1].data, b);
}

// Text fields are held in memory, so they are bounded on their own: a body
// that is one huge text field is refused, however it arrives.
TEST(FormTest, MultipartTextFieldsAreBounded) {
  const std::string big(limits::kFormBodyMax + 1, 'x');
  const std::string body = "--xyz\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n" +
                           big + "\r\n--xyz--\r\n";
  auto r = ParseMultipart(body, "xyz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  auto fine = ParseMultipart("--xyz\r\nContent-Disposition: form-data; name=\"d\"\r\n\r\n" +
                                 big.substr(1) + "\r\n--xyz--\r\n",
                             "xyz");
  EXPECT_TRUE(fine.ok());
}

}  // namespace
}  // namespace portsafe::web
