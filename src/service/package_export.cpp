#include "service/package_export.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <set>
#include <utility>

#include "core/reference.h"
#include "intel/extractor.h"

namespace portsafe::service {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

// "YYYY-MM..." as the extractor's month; {0, 0} when it is not one.
intel::Today MonthOf(std::string_view date) {
  if (date.size() < 7 || date[4] != '-') return {};
  int year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return {};
    year = year * 10 + (date[i] - '0');
  }
  if (date[5] < '0' || date[5] > '9' || date[6] < '0' || date[6] > '9') return {};
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  if (month < 1 || month > 12) return {};
  return {year, month};
}

}  // namespace

PackageExport MakePackageExport(const PackageContent& content, std::string service_name,
                                const core::PortDirectory* ports) {
  intel::Today today = MonthOf(content.sent_on);
  if (today.year == 0) today = MonthOf(content.received_month);
  const intel::Extractor extractor({ports, today});
  return PackageExport{content, extractor.Extract(content.text), std::move(service_name), ports};
}

core::Tlp TlpOf(const core::Grade& grade) {
  return grade.handling == "P" ? core::Tlp::kGreen : core::Tlp::kAmberStrict;
}

std::string_view TlpName(core::Tlp tlp) {
  switch (tlp) {
    case core::Tlp::kClear:
      return "clear";
    case core::Tlp::kGreen:
      return "green";
    case core::Tlp::kAmber:
      return "amber";
    case core::Tlp::kAmberStrict:
      return "amber+strict";
  }
  return "amber+strict";
}

// RFC 4122 section 4.3: SHA-1 of the namespace's 16 bytes and the name; the
// first 16 bytes of the hash, with the version (5) and the variant (10xx)
// set. The hash is OpenSSL's libcrypto, which the program already links;
// the twenty lines around it are written here rather than adding libuuid
// (uuid_generate_sha1) as another library to build and ship against.
std::string Uuid5(std::string_view name_space, std::string_view name) {
  std::array<unsigned char, 16> ns{};
  size_t n = 0;
  for (size_t i = 0; i + 1 < name_space.size() && n < ns.size(); ++i) {
    if (name_space[i] == '-') continue;
    ns[n++] =
        static_cast<unsigned char>(HexValue(name_space[i]) * 16 + HexValue(name_space[i + 1]));
    ++i;
  }
  std::string data(reinterpret_cast<const char*>(ns.data()), ns.size());
  data.append(name);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  EVP_Digest(data.data(), data.size(), md, &md_len, EVP_sha1(), nullptr);
  md[6] = static_cast<unsigned char>((md[6] & 0x0f) | 0x50);
  md[8] = static_cast<unsigned char>((md[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0x0f]);
  }
  return out;
}

std::string PackageUuid(std::string_view type, const PackageContent& content,
                        std::string_view key) {
  std::string name = std::string(type) + "/package/" + content.package_id;
  if (!key.empty()) name += "/" + std::string(key);
  return Uuid5(kPortSafeNamespace, name);
}

std::string DayTimestampMillis(std::string_view day) { return std::string(day) + "T00:00:00.000Z"; }

std::string DayTimestamp(std::string_view day) { return std::string(day) + "T00:00:00Z"; }

std::string MonthStartTimestamp(std::string_view month) {
  return std::string(month) + "-01T00:00:00Z";
}

std::vector<const intel::Identifier*> ExportedIdentifiers(const PackageExport& e) {
  std::vector<const intel::Identifier*> out;
  std::set<std::pair<intel::Kind, std::string>> seen;
  for (const auto& id : e.identifiers) {
    if (!id.valid || id.value.empty()) continue;
    if (seen.emplace(id.kind, id.value).second) out.push_back(&id);
  }
  return out;
}

std::string_view WrittenText(const PackageExport& e, const intel::Identifier& id) {
  const std::string& text = e.content.text;
  if (id.start < id.end && id.end <= text.size()) {
    return std::string_view(text).substr(id.start, id.end - id.start);
  }
  return id.value;
}

std::string UrlOf(const PackageExport& e, const intel::Identifier& id) {
  std::string written(WrittenText(e, id));
  std::string lower;
  for (char c : written.substr(0, 8)) lower.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) return written;
  return "http://" + written;
}

std::string DetailOf(const intel::Details& details, std::string_view name) {
  for (const auto& [k, v] : details) {
    if (k == name) return v;
  }
  return "";
}

std::string PackageReference(const PackageContent& content) {
  return core::ReferenceOf(content.package_id);
}

}  // namespace portsafe::service
