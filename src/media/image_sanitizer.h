// Strips metadata (EXIF, XMP, GPS, comments, text chunks) from uploaded images
// by decoding the pixels and encoding them again: JPEG through libjpeg-turbo,
// PNG through libpng's simplified API. Anything else is kept byte for byte and
// flagged so a handler knows it was not cleaned. The type is detected from
// the bytes, never trusted from the upload.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace portsafe::media {

struct SanitizedFile {
  std::string data;
  std::string content_type;  // "image/jpeg", "image/png", or the sanitised declared type
  bool reencoded = false;    // false: kept as sent (flagged for the handler)
};

// kInvalidArgument when the bytes claim to be JPEG or PNG but do not decode,
// or exceed limits::kImagePixelsMax pixels.
Result<SanitizedFile> SanitizeUpload(std::string_view data, std::string_view declared_type);

// The declared type reduced to a safe token ("application/octet-stream" when
// it is empty or odd).
std::string SafeContentType(std::string_view declared);

}  // namespace portsafe::media
