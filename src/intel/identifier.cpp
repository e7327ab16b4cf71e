#include "intel/identifier.h"

#include "core/port_directory.h"
#include "intel/check_digits.h"
#include "intel/mid_table.h"
#include "intel/net_names.h"
#include "intel/phone.h"
#include "intel/postcode.h"
#include "intel/vehicle_marks.h"

namespace portsafe::intel {
namespace {

struct KindInfo {
  Kind kind;
  std::string_view name;
  std::string_view label;
};
constexpr KindInfo kKinds[] = {
    {Kind::kContainer, "container", "Container"},
    {Kind::kImo, "imo", "IMO number"},
    {Kind::kMmsi, "mmsi", "MMSI"},
    {Kind::kVrmGb, "vrm_gb", "UK vehicle"},
    {Kind::kTrailerGb, "trailer_gb", "UK trailer"},
    {Kind::kVrmIe, "vrm_ie", "Irish vehicle"},
    {Kind::kPhone, "phone", "Phone"},
    {Kind::kUnlocode, "unlocode", "UN/LOCODE"},
    {Kind::kPostcodeGb, "postcode_gb", "Postcode"},
    {Kind::kEmail, "email", "E-mail"},
    {Kind::kUrl, "url", "URL"},
    {Kind::kSocialHandle, "social_handle", "Social media handle"},
    {Kind::kMessagingHandle, "messaging_handle", "Messaging username"},
};

const KindInfo& Info(Kind k) { return kKinds[static_cast<size_t>(k)]; }

}  // namespace

std::string_view KindName(Kind k) { return Info(k).name; }
std::string_view KindLabel(Kind k) { return Info(k).label; }

std::optional<Kind> ParseKind(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

Details Describe(const Identifier& id, const core::PortDirectory* ports) {
  Details d;
  const std::string& v = id.value;
  switch (id.kind) {
    case Kind::kContainer:
      if (v.size() != 11) break;
      d.emplace_back("owner", v.substr(0, 3));
      d.emplace_back("category", v.substr(3, 1));
      d.emplace_back("serial", v.substr(4, 6));
      d.emplace_back("check_digit", v.substr(10, 1));
      if (!id.valid) d.emplace_back("expected_check_digit", std::string(1, ContainerCheckDigit(v)));
      break;
    case Kind::kImo:
      if (!id.valid && v.size() == 7) {
        d.emplace_back("expected_check_digit", std::string(1, ImoCheckDigit(v)));
      }
      break;
    case Kind::kMmsi: {
      if (v.size() != 9) break;
      MmsiInfo info = DescribeMmsi(v);
      d.emplace_back("station", info.station);
      if (info.mid != 0) d.emplace_back("mid", std::to_string(info.mid));
      if (info.flag_state != nullptr) d.emplace_back("flag_state", info.flag_state);
      break;
    }
    case Kind::kVrmGb:
      DescribeGbMark(v, &d);
      break;
    case Kind::kTrailerGb:
      break;
    case Kind::kVrmIe:
      DescribeIrishMark(v, &d);
      break;
    case Kind::kPhone:
      d.emplace_back("type", std::string(PhoneType(v)));
      break;
    case Kind::kUnlocode:
      if (ports != nullptr) {
        if (const core::Port* p = ports->Find(v)) d.emplace_back("port", p->name);
      }
      break;
    case Kind::kPostcodeGb:
      DescribePostcode(v, &d);
      break;
    case Kind::kEmail:
      d.emplace_back("domain", std::string(EmailDomain(v)));
      break;
    case Kind::kUrl:
      d.emplace_back("host", std::string(UrlHost(v)));
      break;
    case Kind::kSocialHandle:
    case Kind::kMessagingHandle:
      break;
  }
  return d;
}

namespace {

// A JSON string: quotes, backslashes and control characters escaped (as
// Boost.JSON writes them), UTF-8 as it is.
void AppendString(std::string_view v, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the bytes that need no escape
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(v.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xf]);
    }
  }
  out->append(v.data() + run, v.size() - run);
  out->push_back('"');
}

}  // namespace

void AppendJsonLine(const Identifier& id, std::string_view written,
                    const core::PortDirectory* ports, std::string* out) {
  out->append("{\"kind\":");
  AppendString(KindName(id.kind), out);
  out->append(",\"text\":");
  AppendString(written, out);
  out->append(",\"value\":");
  AppendString(id.value, out);
  out->append(",\"start\":").append(std::to_string(id.start));
  out->append(",\"end\":").append(std::to_string(id.end));
  out->append(id.valid ? ",\"valid\":true" : ",\"valid\":false");
  for (const auto& [k, v] : Describe(id, ports)) {
    out->push_back(',');
    AppendString(k, out);
    out->push_back(':');
    AppendString(v, out);
  }
  out->append("}\n");
}

}  // namespace portsafe::intel
