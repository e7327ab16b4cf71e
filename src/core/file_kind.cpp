#include "core/file_kind.h"

#include <algorithm>
#include <array>

namespace portsafe::core {
namespace {

bool StartsWith(std::string_view d, std::string_view sig, size_t at = 0) {
  return d.size() >= at + sig.size() && d.substr(at, sig.size()) == sig;
}

// ISO base media files (HEIF, MP4, QuickTime, 3GP) begin with a box of type
// "ftyp" whose major brand, then compatible brands, say what they hold.
FileKind IsoBaseMediaKind(std::string_view d) {
  static constexpr std::array<std::string_view, 10> kImageBrands = {
      "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis"};
  if (d.size() < 12) return FileKind::kUnknown;
  const std::string_view major = d.substr(8, 4);
  for (auto b : kImageBrands) {
    if (major == b) return FileKind::kHeif;
  }
  if (major == "M4A " || major == "M4B " || major == "M4P ") return FileKind::kAudio;
  return FileKind::kVideo;
}

}  // namespace

FileKind SniffFileKind(std::string_view d) {
  if (StartsWith(d, "\xFF\xD8\xFF")) return FileKind::kJpeg;
  if (StartsWith(d, "\x89PNG\r\n\x1A\n")) return FileKind::kPng;
  if (StartsWith(d, "GIF87a") || StartsWith(d, "GIF89a")) return FileKind::kGif;
  if (StartsWith(d, "RIFF") && StartsWith(d, "WEBP", 8)) return FileKind::kWebp;
  if (StartsWith(d, "RIFF") && (StartsWith(d, "AVI ", 8))) return FileKind::kVideo;
  if (StartsWith(d, "RIFF") && (StartsWith(d, "WAVE", 8))) return FileKind::kAudio;
  if (StartsWith(d, std::string_view("II*\0", 4)) || StartsWith(d, std::string_view("MM\0*", 4)))
    return FileKind::kTiff;
  if (StartsWith(d, "ftyp", 4)) return IsoBaseMediaKind(d);
  if (StartsWith(d, "%PDF-")) return FileKind::kPdf;
  if (StartsWith(d, "\x1A\x45\xDF\xA3")) return FileKind::kVideo;  // Matroska, WebM
  if (StartsWith(d, "ID3") || StartsWith(d, "OggS") || StartsWith(d, "#!AMR") ||
      StartsWith(d, "fLaC") ||
      (d.size() >= 2 && static_cast<unsigned char>(d[0]) == 0xFF &&
       (static_cast<unsigned char>(d[1]) & 0xE0) == 0xE0))
    return FileKind::kAudio;
  if (StartsWith(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") || StartsWith(d, "{\\rtf"))
    return FileKind::kDocument;
  if (StartsWith(d, "PK\x03\x04")) {
    // OOXML and ODF are ZIP files: ODF names its type in the first entry
    // ("mimetype"), OOXML's first entry is "[Content_Types].xml" or a part
    // under word/, xl/ or ppt/.
    const std::string_view head = d.substr(0, std::min<size_t>(d.size(), 64));
    if (head.find("mimetype") != std::string_view::npos ||
        head.find("[Content_Types]") != std::string_view::npos ||
        head.find("word/") != std::string_view::npos ||
        head.find("xl/") != std::string_view::npos || head.find("ppt/") != std::string_view::npos ||
        head.find("docProps") != std::string_view::npos ||
        head.find("_rels") != std::string_view::npos)
      return FileKind::kDocument;
    return FileKind::kArchive;
  }
  if (StartsWith(d, "7z\xBC\xAF\x27\x1C") || StartsWith(d, "Rar!\x1A\x07") ||
      StartsWith(d, "\x1F\x8B"))
    return FileKind::kArchive;
  return FileKind::kUnknown;
}

bool IsCleanable(FileKind kind) {
  switch (kind) {
    case FileKind::kJpeg:
    case FileKind::kPng:
    case FileKind::kGif:
    case FileKind::kWebp:
    case FileKind::kTiff:
    case FileKind::kHeif:
    case FileKind::kPdf:
      return true;
    default:
      return false;
  }
}

std::string_view FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kJpeg:
      return "jpeg";
    case FileKind::kPng:
      return "png";
    case FileKind::kGif:
      return "gif";
    case FileKind::kWebp:
      return "webp";
    case FileKind::kTiff:
      return "tiff";
    case FileKind::kHeif:
      return "heif";
    case FileKind::kPdf:
      return "pdf";
    case FileKind::kVideo:
      return "video";
    case FileKind::kAudio:
      return "audio";
    case FileKind::kDocument:
      return "document";
    case FileKind::kArchive:
      return "archive";
    case FileKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view RefusalKey(FileKind kind) {
  switch (kind) {
    case FileKind::kVideo:
      return "error.file_refused_video";
    case FileKind::kAudio:
      return "error.file_refused_audio";
    case FileKind::kDocument:
      return "error.file_refused_document";
    case FileKind::kArchive:
    case FileKind::kUnknown:
      return "error.file_refused_other";
    default:
      return "";
  }
}

}  // namespace portsafe::core
