#include "crypto/totp.h"

#include <liboath/oath.h>

#include <sodium.h>

#include <cctype>
#include <cstdlib>
#include <mutex>

namespace portsafe::crypto {
namespace {

void InitOath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) std::abort();  // cannot verify logins without it
  });
}

std::string UriEscape(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

SecretBytes NewTotpSecret() { return SecretBytes(RandomBytes(kTotpSecretBytes)); }

std::string TotpUri(const SecretBytes& secret, std::string_view account) {
  InitOath();
  char* b32 = nullptr;
  size_t len = 0;
  if (oath_base32_encode(reinterpret_cast<const char*>(secret.data()), secret.size(), &b32, &len) !=
      OATH_OK) {
    std::abort();  // only fails when out of memory
  }
  std::string s(b32, len);
  sodium_memzero(b32, len);
  std::free(b32);
  while (!s.empty() && s.back() == '=') s.pop_back();
  return "otpauth://totp/PortSafe:" + UriEscape(account) + "?secret=" + s +
         "&issuer=PortSafe&algorithm=SHA1&digits=6&period=30";
}

Result<SecretBytes> TotpSecretFromUri(std::string_view uri) {
  InitOath();
  size_t at = uri.find("secret=");
  if (at == std::string_view::npos) return InvalidArgument("no secret in the URI");
  std::string b32(uri.substr(at + 7, uri.find('&', at) - at - 7));
  char* raw = nullptr;
  size_t len = 0;
  if (oath_base32_decode(b32.c_str(), b32.size(), &raw, &len) != OATH_OK) {
    return InvalidArgument("the secret is not base32");
  }
  SecretBytes out(std::string_view(raw, len));
  sodium_memzero(raw, len);
  std::free(raw);
  return out;
}

std::string TotpCode(const SecretBytes& secret, std::time_t now) {
  InitOath();
  char out[16] = {};
  oath_totp_generate(reinterpret_cast<const char*>(secret.data()), secret.size(), now, kTotpStep, 0,
                     6, out);
  return out;
}

Result<std::uint64_t> VerifyTotp(const SecretBytes& secret, std::string_view code, std::time_t now,
                                 std::uint64_t last_step) {
  InitOath();
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string_view::npos) {
    return Unauthenticated("wrong one-time code");
  }
  std::string c(code);
  int pos = 0;
  std::uint64_t counter = 0;
  int rc = oath_totp_validate3(reinterpret_cast<const char*>(secret.data()), secret.size(), now,
                               kTotpStep, 0, 1, &pos, &counter, c.c_str());
  if (rc < 0) return Unauthenticated("wrong one-time code");
  if (counter <= last_step) return AlreadyExists("that one-time code was already used");
  return counter;
}

}  // namespace portsafe::crypto
