#include "web/form.h"

#include "core/limits.h"
#include "core/text.h"

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

Result<FormData> ParseMultipart(std::string_view body, std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70) return InvalidArgument("bad multipart boundary");
  const std::string delim = "--" + std::string(boundary);
  const std::string next_delim = "\r\n" + delim;
  if (body.substr(0, delim.size()) != delim) {
    return InvalidArgument("multipart body does not start with its boundary");
  }
  FormData form;
  size_t pos = delim.size();
  size_t parts = 0;
  for (;;) {
    if (body.substr(pos, 2) == "--") return form;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return InvalidArgument("malformed multipart delimiter");
    pos += 2;
    if (++parts > limits::kFormFieldsMax) return InvalidArgument("too many multipart parts");
    size_t hdr_end = body.find("\r\n\r\n", pos);
    if (hdr_end == std::string_view::npos || hdr_end - pos > 8192) {
      return InvalidArgument("malformed multipart part headers");
    }
    std::string_view headers = body.substr(pos, hdr_end - pos);
    std::string name, filename, type;
    bool has_name = false, has_filename = false;
    while (!headers.empty()) {
      size_t nl = headers.find("\r\n");
      std::string_view line = headers.substr(0, nl);
      headers = nl == std::string_view::npos ? std::string_view() : headers.substr(nl + 2);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) return InvalidArgument("malformed multipart header");
      std::string_view hname = text::Trim(line.substr(0, colon));
      std::string_view hval = text::Trim(line.substr(colon + 1));
      if (IEquals(hname, "content-disposition")) {
        if (!IEquals(text::Trim(hval.substr(0, hval.find(';'))), "form-data")) {
          return InvalidArgument("multipart part is not form-data");
        }
        if (!HeaderParam(hval, "name", &name, &has_name) ||
            !HeaderParam(hval, "filename", &filename, &has_filename)) {
          return InvalidArgument("malformed Content-Disposition");
        }
      } else if (IEquals(hname, "content-type")) {
        type = std::string(hval);
      }
    }
    if (!has_name || name.empty()) return InvalidArgument("multipart part without a name");
    size_t content_start = hdr_end + 4;
    size_t content_end = body.find(next_delim, content_start);
    if (content_end == std::string_view::npos) {
      return InvalidArgument("multipart body is truncated");
    }
    std::string_view content = body.substr(content_start, content_end - content_start);
    if (has_filename) {
      // A file input left empty arrives as a part with no name and no bytes.
      if (!filename.empty() || !content.empty()) {
        form.files.push_back({filename, type, std::string(content)});
      }
    } else {
      form.fields.emplace_back(std::move(name), std::string(content));
    }
    pos = content_end + next_delim.size();
  }
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

}  // namespace portsafe::web
