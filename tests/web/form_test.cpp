// Data-driven parser tests: every tests/testdata/{form,multipart}/NAME.in is
// parsed and its dump compared with NAME.out. Multipart inputs name their
// boundary on the first line; their line ends are read as CRLF.
#include "web/form.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/limits.h"
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
        return Dump(ParseMultipart(Crlf(raw.substr(nl + 1)), boundary));
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

}  // namespace
}  // namespace portsafe::web
