#include "service/package_codec.h"

#include <sodium.h>

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "crypto/sodium.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

// Version 1 added "v"; version 0 (without it) is read the same way.
constexpr int kPackageFormatVersion = 1;

Result<json::object> ParseObject(std::string_view text) {
  return ParseVersionedObject(text, kPackageFormatVersion, "a sealed package field");
}

}  // namespace

std::string PackageFileJson(const PackageAttachment& a, const crypto::SecretBytes& file_key) {
  json::object o;
  o["v"] = 1;
  o["seq"] = a.seq;
  o["name"] = a.name;
  o["type"] = a.content_type;
  o["size"] = a.size;
  o["key"] = crypto::ToHex(file_key.view());
  return json::serialize(o);
}

Result<PackageAttachment> ParsePackageFile(std::string_view text, crypto::SecretBytes* file_key) {
  auto o = ParseVersionedObject(text, 1, "a package's file");
  if (!o.ok()) return o.error();
  PackageAttachment a;
  const auto* seq = o->if_contains("seq");
  const auto* size = o->if_contains("size");
  if (seq == nullptr || !seq->is_int64() || size == nullptr || !size->is_int64()) {
    return Internal("a package's file is malformed");
  }
  a.seq = seq->get_int64();
  a.size = size->get_int64();
  a.name = StringMember(*o, "name");
  a.content_type = StringMember(*o, "type");
  std::string key;
  if (!crypto::FromHex(StringMember(*o, "key"), &key) || key.size() != 32) {
    return Internal("a package's file has no key");
  }
  *file_key = crypto::SecretBytes(key);
  sodium_memzero(key.data(), key.size());
  return a;
}

std::string PackageJson(const PackageContent& p) {
  json::object o;
  o["v"] = kPackageFormatVersion;
  o["id"] = p.package_id;
  o["category"] = p.category;
  o["insider"] = p.insider_type;
  o["priority"] = core::ToString(p.priority);
  o["port"] = p.port_code;
  o["facility"] = p.facility_code;
  o["received"] = p.received_month;
  o["sent"] = p.sent_on;
  o["source"] = p.grade.source;
  o["intelligence"] = p.grade.intelligence;
  o["handling"] = p.grade.handling;
  o["conditions"] = p.grade.conditions;
  o["text"] = p.text;
  return json::serialize(o);
}

Result<PackageContent> ParsePackage(std::string_view text) {
  auto o = ParseObject(text);
  if (!o.ok()) return o.error();
  PackageContent p;
  p.package_id = StringMember(*o, "id");
  p.category = StringMember(*o, "category");
  p.insider_type = StringMember(*o, "insider");
  auto priority = core::ParsePriority(StringMember(*o, "priority"));
  if (!priority) return Internal("a package's priority is damaged");
  p.priority = *priority;
  p.port_code = StringMember(*o, "port");
  p.facility_code = StringMember(*o, "facility");
  p.received_month = StringMember(*o, "received");
  p.sent_on = StringMember(*o, "sent");
  p.grade = {StringMember(*o, "source"), StringMember(*o, "intelligence"),
             StringMember(*o, "handling"), StringMember(*o, "conditions")};
  p.text = StringMember(*o, "text");
  return p;
}

std::string OutcomeJson(const Outcome& x) {
  json::object o;
  o["v"] = kPackageFormatVersion;
  o["kind"] = x.kind;
  o["seizure_type"] = x.seizure_type;
  o["quantity"] = x.quantity;
  o["note"] = x.note;
  o["on"] = x.recorded_on;
  return json::serialize(o);
}

Result<Outcome> ParseOutcome(std::string_view text) {
  auto o = ParseObject(text);
  if (!o.ok()) return o.error();
  return Outcome{StringMember(*o, "kind"), StringMember(*o, "seizure_type"),
                 StringMember(*o, "quantity"), StringMember(*o, "note"), StringMember(*o, "on")};
}

std::string SealForPackage(std::string_view public_key, std::string_view package_id,
                           std::string_view kind, std::string_view text) {
  json::object o;
  o["v"] = kPackageFormatVersion;
  o["p"] = package_id;
  o["k"] = kind;
  o["t"] = text;
  return crypto::SealTo(public_key, json::serialize(o));
}

Result<std::string> OpenForPackage(const crypto::KeyPair& key, std::string_view package_id,
                                   std::string_view kind, std::string_view box) {
  auto plain = crypto::OpenSealed(key, box);
  if (!plain.ok()) return Internal("a package field does not open with this key");
  auto o = ParseObject(plain->view());
  if (!o.ok()) return o.error();
  if (StringMember(*o, "p") != package_id || StringMember(*o, "k") != kind) {
    return Internal("a package field belongs elsewhere");
  }
  return StringMember(*o, "t");
}

Result<std::string> OpenForPackage(const crypto::KeyPair& key,
                                   const std::vector<crypto::KeyPair>& retired,
                                   std::string_view package_id, std::string_view kind,
                                   std::string_view box) {
  auto text = OpenForPackage(key, package_id, kind, box);
  for (size_t i = 0; !text.ok() && i < retired.size(); ++i) {
    auto older = OpenForPackage(retired[i], package_id, kind, box);
    if (older.ok()) return older;
  }
  return text;
}

}  // namespace portsafe::service
