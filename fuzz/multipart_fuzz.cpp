// Fuzzes the multipart parser. The first byte picks the boundary length, the
// next bytes are the boundary, the rest is the body; a Content-Type built
// from the same bytes exercises the boundary extraction too. The body is
// also fed to the streaming parser in pieces (of a size the input picks),
// keeping only each file's head and place, as an upload spooled to disk is
// read: it must come to the same answer as the whole body.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "web/form.h"

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
