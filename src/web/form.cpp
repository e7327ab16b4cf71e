#include "web/form.h"

#include <algorithm>

#include "core/limits.h"
#include "core/text.h"
#include "crypto/spool_file.h"

namespace portsafe::web {
namespace {

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= s.size()) return InvalidArgument("malformed percent escape in form data");
      int hi = HexVal(s[i + 1]), lo = HexVal(s[i + 2]);
      if (hi < 0 || lo < 0) return InvalidArgument("malformed percent escape in form data");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && text::Lower(a) == text::Lower(b);
}

// Parses `; key="value"; key2=value2` parameters of a header value.
// Returns false on an unterminated quote.
bool HeaderParam(std::string_view header, std::string_view key, std::string* out, bool* found) {
  *found = false;
  size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return true;
    std::string_view k = text::Trim(header.substr(i, eq - i));
    size_t v = eq + 1;
    std::string value;
    size_t next;
    if (v < header.size() && header[v] == '"') {
      size_t j = v + 1;
      for (; j < header.size() && header[j] != '"'; ++j) {
        if (header[j] == '\\' && j + 1 < header.size()) ++j;
        value.push_back(header[j]);
      }
      if (j >= header.size()) return false;
      next = header.find(';', j + 1);
    } else {
      next = header.find(';', v);
      value = std::string(text::Trim(
          header.substr(v, next == std::string_view::npos ? std::string_view::npos : next - v)));
    }
    if (IEquals(k, key) && !*found) {
      *found = true;
      *out = value;
    }
    i = next;
  }
  return true;
}

}  // namespace

std::string FormData::Get(std::string_view name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return v;
  }
  return {};
}

std::vector<std::string> FormData::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields) {
    if (k == name) out.push_back(v);
  }
  return out;
}

bool FormData::Has(std::string_view name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return true;
  }
  return false;
}

Result<FormData> ParseUrlEncoded(std::string_view body) {
  FormData form;
  size_t i = 0;
  while (i <= body.size()) {
    size_t amp = body.find('&', i);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(i, amp - i);
    i = amp + 1;
    if (pair.empty()) {
      if (amp == body.size()) break;
      continue;
    }
    if (form.fields.size() == limits::kFormFieldsMax) {
      return InvalidArgument("too many form fields");
    }
    size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq));
    if (!key.ok()) return key.error();
    std::string value;
    if (eq != std::string_view::npos) {
      auto v = PercentDecode(pair.substr(eq + 1));
      if (!v.ok()) return v.error();
      value = std::move(*v);
    }
    form.fields.emplace_back(std::move(*key), std::move(value));
    if (amp == body.size()) break;
  }
  return form;
}

Result<std::string> MultipartBoundary(std::string_view content_type) {
  std::string b;
  bool found = false;
  if (!HeaderParam(content_type, "boundary", &b, &found) || !found || b.empty() || b.size() > 70) {
    return InvalidArgument("multipart body without a valid boundary");
  }
  return b;
}

MultipartParser::MultipartParser(std::string_view boundary, bool keep_file_bytes)
    : delim_("--" + std::string(boundary)), next_delim_("\r\n" + delim_), keep_(keep_file_bytes) {
  if (boundary.empty() || boundary.size() > 70) {
    state_ = State::kFailed;
    error_ = "bad multipart boundary";
  }
}

Status MultipartParser::Fail(std::string_view message) {
  state_ = State::kFailed;
  error_ = std::string(message);
  pending_.clear();
  head_ = 0;
  return InvalidArgument(error_);
}

Status MultipartParser::Feed(std::string_view piece) {
  if (state_ == State::kFailed) return InvalidArgument(error_);
  if (state_ == State::kDone) return Status::Ok();  // the epilogue is ignored
  pending_.append(piece);
  for (bool progressed = true; progressed;) {
    progressed = false;
    if (auto st = Step(&progressed); !st.ok()) return st;
  }
  // Once per piece, so a whole body fed at once is not moved once a part.
  pending_.erase(0, head_);
  head_ = 0;
  return Status::Ok();
}

// Consumes what it can of pending_ (from head_) in the current state; sets *progressed
// when it did, so Feed steps again.
Status MultipartParser::Step(bool* progressed) {
  const std::string_view rest = std::string_view(pending_).substr(head_);
  auto consume = [&](size_t n) {
    head_ += n;
    base_ += n;
    *progressed = true;
  };
  switch (state_) {
    case State::kStart:
      if (rest.size() < delim_.size()) {
        if (delim_.compare(0, rest.size(), rest) != 0) {
          return Fail("multipart body does not start with its boundary");
        }
        return Status::Ok();
      }
      if (rest.substr(0, delim_.size()).compare(delim_) != 0) {
        return Fail("multipart body does not start with its boundary");
      }
      consume(delim_.size());
      state_ = State::kAfterDelimiter;
      return Status::Ok();
    case State::kAfterDelimiter:
      if (rest.size() < 2) return Status::Ok();
      if (rest.substr(0, 2) == "--") {  // the closing delimiter
        state_ = State::kDone;
        consume(rest.size());
        return Status::Ok();
      }
      if (rest.substr(0, 2) != "\r\n") return Fail("malformed multipart delimiter");
      if (++parts_ > limits::kFormFieldsMax) return Fail("too many multipart parts");
      consume(2);
      state_ = State::kHeaders;
      return Status::Ok();
    case State::kHeaders: {
      constexpr size_t kHeadersMax = 8192;
      const size_t end = rest.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        // Any later match would start past the headers' limit.
        if (rest.size() > kHeadersMax + 3) return Fail("malformed multipart part headers");
        return Status::Ok();
      }
      if (end > kHeadersMax) return Fail("malformed multipart part headers");
      if (auto st = StartPart(rest.substr(0, end)); !st.ok()) return st;
      consume(end + 4);
      file_.offset = base_;
      state_ = State::kContent;
      return Status::Ok();
    }
    case State::kContent: {
      const size_t end = rest.find(next_delim_);
      if (end == std::string_view::npos) {
        // All but what could be the start of the next delimiter.
        if (rest.size() < next_delim_.size()) return Status::Ok();
        const size_t safe = rest.size() - (next_delim_.size() - 1);
        if (auto st = TakeContent(rest.substr(0, safe)); !st.ok()) return st;
        consume(safe);
        return Status::Ok();
      }
      if (auto st = TakeContent(rest.substr(0, end)); !st.ok()) return st;
      if (auto st = EndPart(); !st.ok()) return st;
      consume(end + next_delim_.size());
      state_ = State::kAfterDelimiter;
      return Status::Ok();
    }
    case State::kDone:
    case State::kFailed:
      return Status::Ok();
  }
  return Status::Ok();
}

Status MultipartParser::StartPart(std::string_view headers) {
  std::string name, filename, type;
  bool has_name = false, has_filename = false;
  while (!headers.empty()) {
    size_t nl = headers.find("\r\n");
    std::string_view line = headers.substr(0, nl);
    headers = nl == std::string_view::npos ? std::string_view() : headers.substr(nl + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Fail("malformed multipart header");
    std::string_view hname = text::Trim(line.substr(0, colon));
    std::string_view hval = text::Trim(line.substr(colon + 1));
    if (IEquals(hname, "content-disposition")) {
      if (!IEquals(text::Trim(hval.substr(0, hval.find(';'))), "form-data")) {
        return Fail("multipart part is not form-data");
      }
      if (!HeaderParam(hval, "name", &name, &has_name) ||
          !HeaderParam(hval, "filename", &filename, &has_filename)) {
        return Fail("malformed Content-Disposition");
      }
    } else if (IEquals(hname, "content-type")) {
      type = std::string(hval);
    }
  }
  if (!has_name || name.empty()) return Fail("multipart part without a name");
  part_is_file_ = has_filename;
  part_name_ = std::move(name);
  file_ = File{};
  file_.filename = std::move(filename);
  file_.content_type = std::move(type);
  value_.clear();
  return Status::Ok();
}

Status MultipartParser::TakeContent(std::string_view bytes) {
  if (!part_is_file_) {
    text_bytes_ += bytes.size();
    if (text_bytes_ > limits::kFormBodyMax) return Fail("multipart text fields are too large");
    value_.append(bytes);
    return Status::Ok();
  }
  file_.size += bytes.size();
  if (keep_) {
    file_.bytes.append(bytes);
  } else if (file_.bytes.size() < core::kUploadHeadBytes) {
    file_.bytes.append(bytes.substr(0, core::kUploadHeadBytes - file_.bytes.size()));
  }
  return Status::Ok();
}

Status MultipartParser::EndPart() {
  if (part_is_file_) {
    // A file input left empty arrives as a part with no name and no bytes.
    if (!file_.filename.empty() || file_.size > 0) out_.files.push_back(std::move(file_));
    file_ = File{};
  } else {
    out_.fields.emplace_back(std::move(part_name_), std::move(value_));
    value_.clear();
  }
  return Status::Ok();
}

Result<MultipartParser::Parts> MultipartParser::Finish() {
  switch (state_) {
    case State::kDone:
      return std::move(out_);
    case State::kFailed:
      return InvalidArgument(error_);
    case State::kStart:
      return InvalidArgument("multipart body does not start with its boundary");
    case State::kAfterDelimiter:
      return InvalidArgument("malformed multipart delimiter");
    case State::kHeaders:
      return InvalidArgument("malformed multipart part headers");
    case State::kContent:
      break;
  }
  return InvalidArgument("multipart body is truncated");
}

namespace {

// A file part of a spooled body: read from the spool when a worker needs it.
class SpooledPart : public core::StoredUpload {
 public:
  SpooledPart(std::shared_ptr<const crypto::SpoolFile> spool, std::uint64_t offset,
              std::uint64_t size)
      : spool_(std::move(spool)), offset_(offset), size_(size) {}
  std::uint64_t size() const override { return size_; }
  Result<std::string> Read() const override {
    return spool_->Read(offset_, static_cast<size_t>(size_));
  }

 private:
  std::shared_ptr<const crypto::SpoolFile> spool_;
  std::uint64_t offset_, size_;
};

// The parsed parts as a form: each file's bytes, all of them, or only its
// head with the rest left in `spool` (when not null).
FormData ToForm(MultipartParser::Parts parts,
                const std::shared_ptr<const crypto::SpoolFile>& spool) {
  FormData form;
  form.fields = std::move(parts.fields);
  for (auto& f : parts.files) {
    form.files.push_back(
        {std::move(f.filename), std::move(f.content_type), std::move(f.bytes),
         spool ? std::make_shared<SpooledPart>(spool, f.offset, f.size) : nullptr});
  }
  return form;
}

}  // namespace

Result<FormData> ParseMultipart(std::string_view body, std::string_view boundary) {
  MultipartParser parser(boundary, true);
  if (auto st = parser.Feed(body); !st.ok()) return st.error();
  auto parts = parser.Finish();
  if (!parts.ok()) return parts.error();
  return ToForm(std::move(*parts), nullptr);
}

Result<FormData> ParseFormRequest(const Request& req) {
  if (!req.spooled_body) return ParseFormBody(req.Header("content-type"), req.body);
  auto boundary = MultipartBoundary(req.Header("content-type"));
  if (!boundary.ok()) return boundary.error();
  MultipartParser parser(*boundary, false);
  const std::uint64_t total = req.spooled_body->size();
  for (std::uint64_t at = 0; at < total && !parser.done(); at += crypto::kSpoolChunk) {
    auto piece = req.spooled_body->Read(
        at, static_cast<size_t>(std::min<std::uint64_t>(crypto::kSpoolChunk, total - at)));
    if (!piece.ok()) return piece.error();
    if (auto st = parser.Feed(*piece); !st.ok()) return st.error();
  }
  auto parts = parser.Finish();
  if (!parts.ok()) return parts.error();
  return ToForm(std::move(*parts), req.spooled_body);
}

Result<FormData> ParseFormBody(std::string_view content_type, std::string_view body) {
  std::string_view media = text::Trim(content_type.substr(0, content_type.find(';')));
  if (IEquals(media, "application/x-www-form-urlencoded")) return ParseUrlEncoded(body);
  if (IEquals(media, "multipart/form-data")) {
    auto b = MultipartBoundary(content_type);
    if (!b.ok()) return b.error();
    return ParseMultipart(body, *b);
  }
  return UnsupportedMedia(
      "send the form as application/x-www-form-urlencoded or "
      "multipart/form-data");
}

std::string UrlEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace portsafe::web
