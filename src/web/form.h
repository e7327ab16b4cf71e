// Parsers for submitted forms: application/x-www-form-urlencoded and
// multipart/form-data. Written here because Debian packages no C++ multipart
// parser; both are small, strict, bounded (limits.h) and fuzzed
// (fuzz/form_fuzz.cpp, fuzz/multipart_fuzz.cpp). Malformed input is a
// kInvalidArgument with a message fit for a 400 answer.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "core/report.h"

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

// Parses a multipart/form-data body with the given boundary.
Result<FormData> ParseMultipart(std::string_view body, std::string_view boundary);

// The boundary parameter of a multipart Content-Type, or kInvalidArgument.
Result<std::string> MultipartBoundary(std::string_view content_type);

// Picks the parser from the Content-Type: urlencoded or multipart, else
// kUnsupportedMedia.
Result<FormData> ParseFormBody(std::string_view content_type, std::string_view body);

}  // namespace portsafe::web
