#include "service/session_codec.h"

#include <sodium.h>

#include <cstdint>
#include <string>

#include "crypto/sealed_box.h"

namespace portsafe::service {
namespace {

// Version 2: each field as a 4-byte little-endian length and its bytes:
// user id, e-mail, role, agency code, facility code, CSRF token, the user's
// public and private key, then per optional key (service, agency) one byte
// (0 or 1) and, when 1, its public and private key; then per list of retired
// keys (service, agency) a count as a field of 4 bytes and each pair's
// public and private key; then one byte, 1 while the operator's first
// password must be changed (else 0). Version 1 (before rotations and first
// passwords) ends before the lists.
constexpr char kVersion = 2;

void Put(std::string& out, std::string_view field) {
  auto n = static_cast<std::uint32_t>(field.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.append(field);
}

void PutCount(std::string& out, size_t n) {
  std::string count;
  for (int i = 0; i < 4; ++i) count.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  Put(out, count);
}

void PutKey(std::string& out, const std::optional<crypto::KeyPair>& key) {
  out.push_back(key ? 1 : 0);
  if (key) {
    Put(out, key->public_key);
    Put(out, key->private_key.view());
  }
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Field(std::string_view* out) {
    if (in_.size() < 4) return false;
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i)
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in_[i])) << (8 * i);
    in_.remove_prefix(4);
    if (in_.size() < n) return false;
    *out = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool Byte(char* out) {
    if (in_.empty()) return false;
    *out = in_[0];
    in_.remove_prefix(1);
    return true;
  }
  bool Key(crypto::KeyPair* out) {
    std::string_view pub, priv;
    if (!Field(&pub) || !Field(&priv) || pub.size() != crypto::kPublicKeyBytes ||
        priv.size() != crypto::kPrivateKeyBytes) {
      return false;
    }
    out->public_key = std::string(pub);
    out->private_key = crypto::SecretBytes(priv);
    return true;
  }
  bool OptionalKey(std::optional<crypto::KeyPair>* out) {
    char present = 0;
    if (!Byte(&present) || (present != 0 && present != 1)) return false;
    if (present == 0) return true;
    crypto::KeyPair kp;
    if (!Key(&kp)) return false;
    *out = std::move(kp);
    return true;
  }
  bool Keys(std::vector<crypto::KeyPair>* out) {
    std::string_view count;
    if (!Field(&count) || count.size() != 4) return false;
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i)
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(count[i])) << (8 * i);
    // Each pair takes 72 bytes: a count beyond what is left is damage.
    if (n > in_.size() / 72) return false;
    for (std::uint32_t i = 0; i < n; ++i) {
      crypto::KeyPair kp;
      if (!Key(&kp)) return false;
      out->push_back(std::move(kp));
    }
    return true;
  }
  bool Flag(bool* out) {
    char b = 0;
    if (!Byte(&b) || (b != 0 && b != 1)) return false;
    *out = b == 1;
    return true;
  }
  bool AtEnd() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

crypto::SecretBytes EncodeSession(const StaffSession& s) {
  std::string out(1, kVersion);
  for (std::string_view f :
       {std::string_view(s.user_id), std::string_view(s.email), core::ToString(s.role),
        std::string_view(s.agency_code), std::string_view(s.facility_code),
        std::string_view(s.csrf), std::string_view(s.user_key.public_key),
        s.user_key.private_key.view()}) {
    Put(out, f);
  }
  PutKey(out, s.service_key);
  PutKey(out, s.agency_key);
  for (const auto* keys : {&s.retired_service_keys, &s.retired_agency_keys}) {
    PutCount(out, keys->size());
    for (const auto& kp : *keys) {
      Put(out, kp.public_key);
      Put(out, kp.private_key.view());
    }
  }
  out.push_back(s.must_change_password ? 1 : 0);
  crypto::SecretBytes secret(out);
  sodium_memzero(out.data(), out.size());
  return secret;
}

Result<StaffSession> DecodeSession(std::string_view bytes) {
  const Error bad = InvalidArgument("not a stored session");
  if (bytes.empty() || (bytes[0] != kVersion && bytes[0] != 1)) return bad;
  const bool lists = bytes[0] == kVersion;
  Reader r(bytes.substr(1));
  StaffSession s;
  std::string_view user_id, email, role, agency, facility, csrf;
  if (!r.Field(&user_id) || !r.Field(&email) || !r.Field(&role) || !r.Field(&agency) ||
      !r.Field(&facility) || !r.Field(&csrf) || !r.Key(&s.user_key) ||
      !r.OptionalKey(&s.service_key) || !r.OptionalKey(&s.agency_key) ||
      (lists && (!r.Keys(&s.retired_service_keys) || !r.Keys(&s.retired_agency_keys) ||
                 !r.Flag(&s.must_change_password))) ||
      !r.AtEnd()) {
    return bad;
  }
  auto parsed = core::ParseRole(role);
  if (!parsed) return bad;
  s.user_id = std::string(user_id);
  s.email = std::string(email);
  s.role = *parsed;
  s.agency_code = std::string(agency);
  s.facility_code = std::string(facility);
  s.csrf = std::string(csrf);
  return s;
}

}  // namespace portsafe::service
