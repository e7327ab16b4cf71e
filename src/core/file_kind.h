// What kind of file an upload is, read from its first bytes (never from the
// name or the declared type, which the sender chooses), and whether PortSafe
// can clean it. Cleaning means decoding the content and encoding it again
// without metadata (media::FileCleaner); a kind that cannot be cleaned is
// refused, because it could carry GPS positions, authors, hidden text or the
// moment it was made. Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace portsafe::core {

enum class FileKind {
  kJpeg,
  kPng,
  kGif,
  kWebp,
  kTiff,
  kHeif,  // HEIC, HEIF and AVIF (ISO base media with an image brand)
  kPdf,
  kVideo,     // MP4, QuickTime, 3GP, Matroska/WebM, AVI
  kAudio,     // MP3, M4A, WAV, Ogg, AMR
  kDocument,  // office documents (OOXML, ODF, the older binary formats), RTF
  kArchive,   // ZIP (other than a document), 7z, RAR, gzip
  kUnknown,
};

// The kind of `data`, from its signature. Reads at most the first 64 bytes.
FileKind SniffFileKind(std::string_view data);

// True for the kinds media::FileCleaner re-encodes: JPEG, PNG, GIF, WebP,
// TIFF, HEIF and PDF.
bool IsCleanable(FileKind kind);

// A short lower-case name for logs, tests and the cleaner's command line
// ("jpeg", "heif", "video"...).
std::string_view FileKindName(FileKind kind);

// The translation key of the reason a kind is refused
// ("error.file_refused_video"...); empty for a cleanable kind.
std::string_view RefusalKey(FileKind kind);

}  // namespace portsafe::core
