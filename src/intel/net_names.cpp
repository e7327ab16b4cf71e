#include "intel/net_names.h"

#include <cstring>

#include "intel/scan.h"

namespace portsafe::intel {
namespace {

using scan::IsAlnum;
using scan::IsAlpha;
using scan::IsDigit;

bool LocalChar(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool DomainChar(char c) { return IsAlnum(c) || c == '.' || c == '-'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = scan::Down(c);
  return out;
}

// A domain name of at least two labels, ending in letters.
bool ValidDomain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  size_t labels = 0;
  size_t start = 0;
  std::string_view last;
  for (;;) {
    size_t dot = d.find('.', start);
    std::string_view label = d.substr(start, dot == std::string_view::npos ? d.npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last) {
    if (!IsAlpha(c)) return false;
  }
  return true;
}

bool ValidIpv4(std::string_view h) {
  int parts = 0;
  size_t i = 0;
  while (i <= h.size()) {
    size_t j = i;
    while (j < h.size() && IsDigit(h[j])) ++j;
    if (j == i || j - i > 3) return false;
    int v = std::atoi(std::string(h.substr(i, j - i)).c_str());
    if (v > 255) return false;
    ++parts;
    if (j == h.size()) break;
    if (h[j] != '.') return false;
    i = j + 1;
  }
  return parts == 4;
}

bool UrlChar(char c) {
  if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
  return std::strchr("<>\"'`{}|\\^", c) == nullptr;
}

}  // namespace

bool MatchEmail(std::string_view t, size_t at, Identifier* m) {
  size_t b = at;
  while (b > 0 && LocalChar(t[b - 1])) --b;
  while (b < at && (t[b] == '.' || t[b] == '-')) ++b;  // "see.-a@x.com": not part of it
  if (b == at || !scan::BoundaryBefore(t, b)) return false;
  size_t e = at + 1;
  while (e < t.size() && DomainChar(t[e])) ++e;
  while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) --e;  // the sentence's full stop
  if (e == at + 1 || !scan::BoundaryAt(t, e)) return false;
  std::string_view local = t.substr(b, at - b);
  std::string_view domain = t.substr(at + 1, e - at - 1);
  if (domain.find('.') == std::string_view::npos) return false;
  const bool valid = local.size() <= 64 && local.front() != '.' && local.back() != '.' &&
                     local.find("..") == std::string_view::npos && ValidDomain(domain);
  *m = {Kind::kEmail, b, e, Lower(t.substr(b, e - b)), valid};
  return true;
}

bool MatchUrl(std::string_view t, size_t pos, Identifier* m) {
  auto starts = [&](const char* p) {
    size_t n = std::strlen(p);
    if (pos + n > t.size()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (scan::Down(t[pos + k]) != p[k]) return false;
    }
    return true;
  };
  size_t host_at;
  if (starts("https://")) {
    host_at = pos + 8;
  } else if (starts("http://")) {
    host_at = pos + 7;
  } else if (starts("www.")) {
    host_at = pos;
  } else {
    return false;
  }
  size_t e = host_at;
  while (e < t.size() && UrlChar(t[e])) ++e;
  // Trailing punctuation belongs to the sentence; a closing bracket only
  // when the URL opens none.
  for (;;) {
    if (e == host_at) break;
    char c = t[e - 1];
    if (std::strchr(".,;:!?", c) != nullptr) {
      --e;
      continue;
    }
    if (c == ')' || c == ']') {
      const char open = c == ')' ? '(' : '[';
      std::string_view body = t.substr(host_at, e - host_at);
      size_t opens = 0, closes = 0;
      for (char x : body) {
        opens += x == open;
        closes += x == c;
      }
      if (closes > opens) {
        --e;
        continue;
      }
    }
    break;
  }
  std::string_view rest = t.substr(host_at, e - host_at);
  size_t host_end = 0;
  while (host_end < rest.size() && std::strchr("/?#", rest[host_end]) == nullptr) ++host_end;
  std::string_view hostport = rest.substr(0, host_end);
  if (hostport.empty()) return false;
  // user:password@ is dropped from the host.
  if (size_t at = hostport.rfind('@'); at != std::string_view::npos) hostport.remove_prefix(at + 1);
  std::string_view host = hostport;
  std::string_view port;
  if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return false;  // "http://user@" names no host
  std::string h = Lower(host);
  if (h.size() > 4 && h.compare(0, 4, "www.") == 0) h.erase(0, 4);
  bool valid = ValidDomain(h) || ValidIpv4(h);
  for (char c : port) valid = valid && IsDigit(c);
  std::string value = h;
  if (!port.empty() && port != "80" && port != "443") value += ":" + std::string(port);
  std::string_view path = rest.substr(host_end);
  if (size_t hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);
  value.append(path);
  if (!value.empty() && value.back() == '/') value.pop_back();
  *m = {Kind::kUrl, pos, e, std::move(value), valid};
  return true;
}

std::string_view EmailDomain(std::string_view v) {
  size_t at = v.rfind('@');
  return at == std::string_view::npos ? std::string_view() : v.substr(at + 1);
}

std::string_view UrlHost(std::string_view v) {
  size_t end = v.find_first_of("/?:");
  return v.substr(0, end);
}

}  // namespace portsafe::intel
