// Cleans an uploaded file: decodes it and encodes the pixels again, so that
// nothing but the picture survives (no EXIF, XMP, GPS, camera, author, title,
// comments, hidden text or attachments). A PDF's pages become one image.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "core/file_kind.h"

namespace portsafe::media {

struct CleanedFile {
  std::string data;
  std::string content_type;  // "image/jpeg" or "image/png"
  std::string extension;     // "jpg" or "png"
};

// Thread-safety: implementations may be called from several threads at once.
class FileCleaner {
 public:
  virtual ~FileCleaner() = default;
  // Cleans `data`, whose kind (core::SniffFileKind) is `kind`.
  // Precondition: core::IsCleanable(kind).
  // Errors: kInvalidArgument when the file does not decode, is too large, or
  // the decoder crashed, ran out of time or memory (that file alone fails);
  // kUnavailable when the cleaner cannot run at all.
  virtual Result<CleanedFile> Clean(std::string_view data, core::FileKind kind) = 0;
};

}  // namespace portsafe::media
