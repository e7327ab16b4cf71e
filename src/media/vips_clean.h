// The cleaning itself, inside the sandboxed cleaner process
// (src/media/cleaner_main.cpp): libvips decodes the file with the one loader
// of its kind, applies the orientation, and encodes the pixels again with no
// metadata at all. Not for use in the server's own process: it decodes
// untrusted data.
#pragma once

#include <string_view>
#include <variant>

#include "core/file_kind.h"
#include "media/cleaner_protocol.h"
#include "media/file_cleaner.h"

namespace portsafe::media {

// Starts libvips with one thread, no cache, and every loader blocked except
// the one for `kind` (and none of the loaders libvips marks untrusted).
// False when libvips cannot start or has no loader for the kind.
bool StartVips(core::FileKind kind, const char* argv0);

// JPEG, HEIF, WebP, TIFF and PDF become JPEG; PNG and GIF become PNG (the
// first frame of an animation, the first page of a TIFF). A PDF's first 20
// pages are drawn at 120 dots per inch, one below the other, as one image.
std::variant<CleanedFile, CleanFailure> CleanWithVips(std::string_view data, core::FileKind kind);

}  // namespace portsafe::media
