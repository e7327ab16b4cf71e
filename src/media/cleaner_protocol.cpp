#include "media/cleaner_protocol.h"

#include <charconv>

#include "core/file_kind.h"

namespace portsafe::media {
namespace {

constexpr std::string_view kMagic = "PSM1 ";
// A cleaned PDF is at most 20 pages as one image; far below this.
constexpr size_t kOutputMax = 256u * 1024 * 1024;

}  // namespace

std::string_view CleanFailureName(CleanFailure f) {
  switch (f) {
    case CleanFailure::kDecode:
      return "decode";
    case CleanFailure::kTooLarge:
      return "too_large";
    case CleanFailure::kUnsupported:
      return "unsupported";
  }
  return "decode";
}

std::string EncodeCleanerOk(const CleanedFile& file) {
  std::string out(kMagic);
  out += "ok ";
  out += file.content_type;
  out += ' ';
  out += std::to_string(file.data.size());
  out += '\n';
  out += file.data;
  return out;
}

std::string EncodeCleanerError(CleanFailure f) {
  std::string out(kMagic);
  out += "error ";
  out += CleanFailureName(f);
  out += '\n';
  return out;
}

Result<CleanedFile> ParseCleanerOutput(std::string_view out) {
  auto bad = [] { return InvalidArgument("the cleaner's output is malformed"); };
  if (out.substr(0, kMagic.size()) != kMagic) return bad();
  out.remove_prefix(kMagic.size());
  const size_t nl = out.find('\n');
  if (nl == std::string_view::npos || nl > 64) return bad();
  std::string_view head = out.substr(0, nl);
  std::string_view body = out.substr(nl + 1);
  if (head.substr(0, 6) == "error ") {
    std::string_view reason = head.substr(6);
    for (auto f : {CleanFailure::kDecode, CleanFailure::kTooLarge, CleanFailure::kUnsupported}) {
      if (reason == CleanFailureName(f) && body.empty())
        return InvalidArgument("the file could not be cleaned: " + std::string(reason));
    }
    return bad();
  }
  if (head.substr(0, 3) != "ok ") return bad();
  head.remove_prefix(3);
  const size_t sp = head.find(' ');
  if (sp == std::string_view::npos) return bad();
  const std::string_view type = head.substr(0, sp);
  const std::string_view len_text = head.substr(sp + 1);
  size_t len = 0;
  auto [end, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
  if (ec != std::errc() || end != len_text.data() + len_text.size() || len_text.empty() ||
      (len_text.size() > 1 && len_text[0] == '0') || len > kOutputMax || len != body.size())
    return bad();
  CleanedFile file;
  const core::FileKind kind = core::SniffFileKind(body);
  if (type == "image/jpeg" && kind == core::FileKind::kJpeg) {
    file.extension = "jpg";
  } else if (type == "image/png" && kind == core::FileKind::kPng) {
    file.extension = "png";
  } else {
    return bad();
  }
  file.content_type = std::string(type);
  file.data = std::string(body);
  return file;
}

}  // namespace portsafe::media
