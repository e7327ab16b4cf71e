#include "crypto/sodium.h"

#include "crypto/random_source.h"

#include <sodium.h>

#include <algorithm>

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace portsafe::crypto {

void Init() {
  static std::once_flag once;
  std::call_once(once, [] {
    InstallRandomSource();
    if (sodium_init() < 0) {
      std::fputs("fatal: libsodium could not be initialised\n", stderr);
      std::abort();
    }
  });
}

std::string RandomBytes(size_t n) {
  Init();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

void SystemRandom(unsigned char* out, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(out + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      std::fputs("fatal: getrandom failed\n", stderr);
      std::abort();
    }
    got += static_cast<size_t>(r);
  }
}

SecretBytes& SecretBytes::operator=(const SecretBytes& o) {
  if (this != &o) {
    Wipe();
    b_ = o.b_;
  }
  return *this;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& o) noexcept {
  if (this != &o) {
    Wipe();
    b_ = std::move(o.b_);
  }
  return *this;
}

SecretBytes::~SecretBytes() { Wipe(); }

void SecretBytes::Wipe() {
  if (!b_.empty()) sodium_memzero(b_.data(), b_.size());
}

std::string KeyedHash(const SecretBytes& key, std::string_view domain, std::string_view data) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.data(), key.size(), crypto_generichash_BYTES);
  crypto_generichash_update(&st, U(domain), domain.size());
  crypto_generichash_update(&st, U(data), data.size());
  std::string out(crypto_generichash_BYTES, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  sodium_memzero(&st, sizeof st);
  return out;
}

std::string ToHex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), U(bytes), bytes.size());
  out.pop_back();
  return out;
}

bool FromHex(std::string_view hex, std::string* out) {
  if (!IsLowerHex(hex)) return false;
  std::string bytes(hex.size() / 2, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != bytes.size()) {
    return false;
  }
  *out = std::move(bytes);
  return true;
}

bool IsLowerHex(std::string_view s) {
  return !s.empty() && s.size() % 2 == 0 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

std::string ToBase64(std::string_view bytes) {
  size_t len = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(len, '\0');
  sodium_bin2base64(out.data(), len, U(bytes), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(len - 1);
  return out;
}

bool FromBase64(std::string_view text, std::string* out) {
  out->assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out->data()), out->size(), text.data(),
                        text.size(), " \n\r\t", &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  out->resize(len);
  return true;
}

}  // namespace portsafe::crypto
