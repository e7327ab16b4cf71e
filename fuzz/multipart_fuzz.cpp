// Fuzzes the multipart parser. The first byte picks the boundary length, the
// next bytes are the boundary, the rest is the body; a Content-Type built
// from the same bytes exercises the boundary extraction too. The body is
// also fed to the streaming parser in pieces (of a size the input picks),
// keeping only each file's head and place, as an upload spooled to disk is
// read: it must come to the same answer as the whole body. Both are checked
// against a plain reference of the framing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "web/form.h"

namespace {

// An independent reference for the framing alone (boundaries, the headers'
// end, each part's content), written the plain way, on the whole body: the
// parts' contents in order, or nothing when the framing is broken. Part
// headers are not read here.
std::optional<std::vector<std::string_view>> ReferenceFraming(std::string_view body,
                                                              std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70) return std::nullopt;
  const std::string delim = "--" + std::string(boundary);
  const std::string next = "\r\n" + delim;
  if (body.substr(0, delim.size()) != delim) return std::nullopt;
  std::vector<std::string_view> contents;
  size_t pos = delim.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return contents;
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    if (contents.size() + 1 > portsafe::limits::kFormFieldsMax) return std::nullopt;
    const size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos || headers_end - pos > 8192) return std::nullopt;
    const size_t start = headers_end + 4;
    const size_t end = body.find(next, start);
    if (end == std::string_view::npos) return std::nullopt;
    contents.push_back(body.substr(start, end - start));
    pos = end + next.size();
  }
}

// Failures that only reading a part's headers, or the text limit, finds.
bool IsHeaderOrLimitError(const std::string& m) {
  return m == "malformed multipart header" || m == "multipart part is not form-data" ||
         m == "malformed Content-Disposition" || m == "multipart part without a name" ||
         m == "multipart text fields are too large";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t blen = data[0] % 72;
  if (size < 1 + blen) return 0;
  std::string_view boundary(reinterpret_cast<const char*>(data + 1), blen);
  std::string_view body(reinterpret_cast<const char*>(data + 1 + blen), size - 1 - blen);
  auto r = portsafe::web::ParseMultipart(body, boundary);
  if (r.ok()) {
    size_t total = 0;
    for (const auto& f : r->files) total += f.data.size();
    for (const auto& [k, v] : r->fields) total += v.size();
    if (total > body.size()) __builtin_trap();  // parts are slices of the body
  }
  // Against the reference: broken framing always fails; good framing fails
  // only on a part's headers or the text limit, and every value the parser
  // gives is the content of one of the reference's parts.
  const auto ref = ReferenceFraming(body, boundary);
  if (!ref && r.ok()) __builtin_trap();
  if (ref && !r.ok() && !IsHeaderOrLimitError(r.error().message())) __builtin_trap();
  if (ref && r.ok()) {
    std::multiset<std::string_view> unused(ref->begin(), ref->end());
    auto take = [&](std::string_view v) {
      auto it = unused.find(v);
      if (it == unused.end()) __builtin_trap();
      unused.erase(it);
    };
    for (const auto& [k, v] : r->fields) take(v);
    for (const auto& f : r->files) take(f.data);
    for (std::string_view left : unused) {
      if (!left.empty()) __builtin_trap();  // only empty file inputs are dropped
    }
  }

  portsafe::web::MultipartParser streaming(boundary, false);
  const size_t step = 1 + data[0] / 8 + (size % 61);
  bool failed = false;
  for (size_t at = 0; at < body.size() && !failed; at += step) {
    failed = !streaming.Feed(body.substr(at, step)).ok();
  }
  auto s = streaming.Finish();
  if (s.ok() != r.ok()) __builtin_trap();
  if (!r.ok()) {
    if (s.error().message() != r.error().message()) __builtin_trap();
  } else {
    if (s->fields != r->fields || s->files.size() != r->files.size()) __builtin_trap();
    for (size_t i = 0; i < r->files.size(); ++i) {
      const auto& whole = r->files[i];
      const auto& piece = s->files[i];
      if (piece.filename != whole.filename || piece.content_type != whole.content_type ||
          piece.size != whole.data.size() || piece.offset > body.size() ||
          body.substr(piece.offset, piece.size) != whole.data ||
          piece.bytes !=
              whole.data.substr(0, std::min(whole.data.size(), portsafe::core::kUploadHeadBytes))) {
        __builtin_trap();
      }
    }
  }

  std::string ct = "multipart/form-data; boundary=" + std::string(boundary);
  (void)portsafe::web::ParseFormBody(ct, body);
  return 0;
}
