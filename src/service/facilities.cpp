#include "service/facilities.h"

#include "common/assets.h"
#include "core/text.h"

namespace portsafe::service {

bool IsFacilityCode(std::string_view code) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (code.size() < 8 || code.size() > 26 || code[5] != '-' || code.back() == '-') return false;
  for (size_t i = 0; i < 5; ++i) {
    if (!upper(code[i]) && !(i >= 2 && digit(code[i]))) return false;  // a UN/LOCODE
  }
  for (size_t i = 6; i < code.size(); ++i) {
    if (!upper(code[i]) && !digit(code[i]) && code[i] != '-') return false;
  }
  return true;
}

std::string SuggestFacilityCode(std::string_view port_code, std::string_view name) {
  std::string word;
  for (char c : name) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z') {
      word += c;
    } else if (c >= '0' && c <= '9') {
      word += c;
    } else if (!word.empty() && word.size() >= 2) {
      break;
    } else {
      word.clear();
    }
  }
  if (word.size() > 20) word.resize(20);
  if (word.size() < 2) word = "SITE";
  return std::string(port_code) + "-" + word;
}

Result<store::Facility> MakeFacility(const NewFacility& in, const core::PortDirectory& ports,
                                     const std::vector<core::PortGroup>& groups,
                                     const std::string& today) {
  store::Facility f;
  f.code = text::Upper(text::Trim(in.code));
  const core::Port* port = ports.Find(in.port);
  if (port == nullptr) return InvalidField("port", "port: not a UK seaport code");
  f.port_code = port->code;
  if (!IsFacilityCode(f.code) || f.code.substr(0, 5) != f.port_code) {
    return InvalidField("code", "code: the port's code, a hyphen and 2-20 letters or digits (" +
                                    f.port_code + "-NAME)");
  }
  f.name = std::string(text::Trim(in.name));
  if (f.name.size() < 2 || f.name.size() > 100 || !text::IsValidUtf8(f.name)) {
    return InvalidField("name", "name: 2 to 100 characters");
  }
  f.operator_group = std::string(text::Trim(in.operator_group));
  if (f.operator_group.size() > 100 || !text::IsValidUtf8(f.operator_group)) {
    return InvalidField("operator", "operator: at most 100 characters");
  }
  if (f.operator_group.empty()) {
    for (const auto& g : groups) {
      if (g.code == f.port_code) f.operator_group = g.operator_group;
    }
  }
  f.status = "active";
  f.joined_on = today;
  return f;
}

Result<store::Facility> FacilityForSession(store::Store* store, const StaffSession& s,
                                           const std::string& code) {
  const bool manager = s.role == core::Role::kPortManager && s.facility_code == code;
  if (!manager && s.role != core::Role::kAdmin) {
    return PermissionDenied("only the facility's security managers and the programme admin");
  }
  auto f = store->FindFacility(code);
  if (!f.ok()) return f.error();
  if (!f->has_value()) return NotFound("no such facility");
  if (manager && (*f)->status != "active") {
    return PermissionDenied("the facility's membership is suspended");
  }
  return **f;
}

std::string CheckPublicUrl(std::string_view url) {
  const bool https = url.rfind("https://", 0) == 0, http = url.rfind("http://", 0) == 0;
  if (!https && !http) return "the public URL must start with https:// (or http://)";
  const std::string_view rest = url.substr(https ? 8 : 7);
  if (rest.empty() || rest[0] == '/') return "the public URL needs a host name";
  if (url.size() > 200) return "the public URL is too long";
  for (char c : url) {
    if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '?' || c == '#' ||
        c == '\\' || static_cast<unsigned char>(c) >= 0x7f) {
      return "the public URL may not hold spaces, quotes, a query or a fragment";
    }
  }
  return "";
}

Result<std::string> NormalisePublicUrl(std::string_view url) {
  if (auto bad = CheckPublicUrl(url); !bad.empty()) return InvalidArgument(bad);
  std::string out(url);
  while (out.back() == '/') out.pop_back();
  return out;
}

std::string PublicLink(std::string_view public_url, std::string_view path) {
  return std::string(public_url) + std::string(path);
}

std::string ReportingLink(std::string_view public_url, std::string_view code) {
  return PublicLink(public_url, "/r/" + std::string(code));
}

std::string ApproachLink(std::string_view public_url, std::string_view code) {
  return PublicLink(public_url, "/approached/" + std::string(code));
}

std::string LearnLink(std::string_view public_url, std::string_view code) {
  return PublicLink(public_url, "/learn/" + std::string(code));
}

Result<std::vector<core::PortGroup>> LoadPortGroups() {
  auto csv = assets::Get("data/major-ports.csv");
  if (!csv) return Internal("major-ports.csv is not embedded");
  return core::ParsePortGroupCsv(*csv);
}

Result<std::vector<core::Port>> LoadSeedPorts() {
  auto csv = assets::Get("data/uk-seaports-unlocode.csv");
  if (!csv) return Internal("port directory missing from the build");
  return core::ParsePortCsv(*csv);
}

}  // namespace portsafe::service
