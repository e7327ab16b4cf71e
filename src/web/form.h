// Parsers for submitted forms: application/x-www-form-urlencoded and
// multipart/form-data. Written here because Debian packages no C++ multipart
// parser; both are small, strict, bounded (limits.h) and fuzzed
// (fuzz/form_fuzz.cpp, fuzz/multipart_fuzz.cpp). Malformed input is a
// kInvalidArgument with a message fit for a 400 answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "core/report.h"
#include "web/http_types.h"

namespace portsafe::web {

struct FormData {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<core::FileUpload> files;  // parts with a non-empty filename or content

  // The first value of `name`, or "".
  std::string Get(std::string_view name) const;
  // Every value of `name`, in order (checkbox groups).
  std::vector<std::string> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const;
};

// Decodes a urlencoded body or query string ('+' is a space, %XX escapes).
Result<FormData> ParseUrlEncoded(std::string_view body);

// `value` encoded for a query string, as ParseUrlEncoded reads it back:
// letters, digits and "-._~" as they are, every other byte as %XX.
std::string UrlEncode(std::string_view value);

// Parses a multipart/form-data body with the given boundary.
Result<FormData> ParseMultipart(std::string_view body, std::string_view boundary);

// Parses multipart/form-data as it arrives, in pieces of any size, with the
// same rules and answers as ParseMultipart. It holds the text fields (at
// most limits::kFormBodyMax in all), the unread tail of the last piece (no
// longer than a part's headers or a boundary), and of each file either all
// its bytes (`keep_file_bytes`) or only its first core::kUploadHeadBytes
// and its place in the body. Thread-safety: one thread at a time.
class MultipartParser {
 public:
  struct File {
    std::string filename;
    std::string content_type;
    std::uint64_t offset = 0;  // of its first byte in the body
    std::uint64_t size = 0;
    std::string bytes;  // all, or the head only
  };
  struct Parts {
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<File> files;  // parts with a non-empty filename or content
  };

  MultipartParser(std::string_view boundary, bool keep_file_bytes);
  // kInvalidArgument as soon as the body is malformed; then stop feeding.
  Status Feed(std::string_view piece);
  // After the last piece. kInvalidArgument when the body was malformed or
  // ended before its closing boundary.
  Result<Parts> Finish();
  // True once the closing boundary was read: what follows is ignored.
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kStart, kAfterDelimiter, kHeaders, kContent, kDone, kFailed };
  Status Step(bool* progressed);
  Status StartPart(std::string_view headers);
  Status TakeContent(std::string_view bytes);
  Status EndPart();
  Status Fail(std::string_view message);

  std::string delim_, next_delim_;
  bool keep_;
  State state_ = State::kStart;
  std::string pending_;  // received; consumed up to head_
  size_t head_ = 0;
  std::uint64_t base_ = 0;  // body offset of pending_[head_]
  size_t parts_ = 0, text_bytes_ = 0;
  bool part_is_file_ = false;
  std::string part_name_;
  File file_;
  std::string value_;
  Parts out_;
  std::string error_;
};

// The form of a request, from its body or, for a body streamed to
// temporary storage (Request::spooled_body), from there: its files then
// stay in that storage (core::FileUpload::stored) until a worker loads them.
Result<FormData> ParseFormRequest(const Request& req);

// The boundary parameter of a multipart Content-Type, or kInvalidArgument.
Result<std::string> MultipartBoundary(std::string_view content_type);

// Picks the parser from the Content-Type: urlencoded or multipart, else
// kUnsupportedMedia.
Result<FormData> ParseFormBody(std::string_view content_type, std::string_view body);

}  // namespace portsafe::web
