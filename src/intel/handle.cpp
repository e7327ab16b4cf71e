#include "intel/handle.h"

namespace portsafe::intel {
namespace {

bool HandleChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> NormaliseHandle(std::string_view typed) {
  std::string_view s = Trim(typed);
  // A profile address: "https://x.example/@name/status/1?ref=2" -> "@name".
  // The account is the first part of the path on every site people name
  // (instagram.com/name, x.com/name/status/..., tiktok.com/@name/video/...,
  // t.me/name); a site's own pages ("profile.php?id=...") name no handle.
  if (size_t scheme = s.find("://"); scheme != std::string_view::npos) {
    s.remove_prefix(scheme + 3);
    if (size_t q = s.find_first_of("?#"); q != std::string_view::npos) s = s.substr(0, q);
    size_t slash = s.find('/');
    if (slash == std::string_view::npos) return std::nullopt;  // a site, not a profile
    s.remove_prefix(slash + 1);
    s = s.substr(0, s.find('/'));
  }
  if (!s.empty() && s.front() == '@') s.remove_prefix(1);
  std::string out;
  bool letter = false;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!HandleChar(c)) return std::nullopt;
    letter = letter || (c >= 'a' && c <= 'z');
    out.push_back(c);
  }
  if (out.size() < 3 || out.size() > 64 || !letter) return std::nullopt;
  // What people type when they do not know it, and a site's own pages:
  // linking on these would tie unrelated approaches together.
  static constexpr std::string_view kNotAHandle[] = {
      "unknown", "none",        "idk",     "dunno",     "not.sure", "not_sure", "notsure",
      "nobody",  "anonymous",   "private", "hidden",    "unsure",   "nil",      "null",
      "na",      "profile.php", "home",    "index.php", "login",    "share",    "user",
      "people",  "add",         "chat",    "joinchat",  "invite"};
  for (std::string_view n : kNotAHandle) {
    if (out == n) return std::nullopt;
  }
  return out;
}

std::vector<Entry> HandleEntries(std::string_view how, std::string_view typed) {
  Kind kind;
  if (how == "social_media") {
    kind = Kind::kSocialHandle;
  } else if (how == "text_or_messaging" || how == "phone_call") {
    kind = Kind::kMessagingHandle;
  } else {
    return {};
  }
  auto value = NormaliseHandle(typed);
  if (!value) return {};
  return {Entry{kind, std::move(*value), true}};
}

}  // namespace portsafe::intel
