#include "crypto/file_cipher.h"

#include <sodium.h>

#include <cassert>

namespace portsafe::crypto {
namespace {
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kAbytes = crypto_secretstream_xchacha20poly1305_ABYTES;
}  // namespace

std::string EncryptStream(const SecretBytes& key, std::string_view plaintext) {
  Init();
  assert(key.size() == crypto_secretstream_xchacha20poly1305_KEYBYTES);
  size_t chunks = plaintext.size() / kChunk + 1;
  std::string out(kHeader + plaintext.size() + chunks * kAbytes, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  crypto_secretstream_xchacha20poly1305_state st;
  crypto_secretstream_xchacha20poly1305_init_push(&st, o, key.data());
  size_t w = kHeader;
  size_t off = 0;
  // Always at least one chunk, so an empty file still has a FINAL tag.
  do {
    size_t n = std::min(kChunk, plaintext.size() - off);
    bool last = off + n == plaintext.size();
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &st, o + w, &clen, U(plaintext) + off, n, nullptr, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    w += clen;
    off += n;
    if (last) break;
  } while (true);
  out.resize(w);
  sodium_memzero(&st, sizeof st);
  return out;
}

Result<SecretBytes> DecryptStream(const SecretBytes& key, std::string_view ct) {
  Init();
  if (key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    return InvalidArgument("wrong key size");
  }
  if (ct.size() < kHeader + kAbytes) return InvalidArgument("stream too short");
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, U(ct), key.data()) != 0) {
    return InvalidArgument("bad stream header");
  }
  SecretBytes out(ct.size());
  size_t r = kHeader, w = 0;
  bool final_seen = false;
  while (r < ct.size()) {
    if (final_seen) return InvalidArgument("data after the final chunk");
    size_t n = std::min(kChunk + kAbytes, ct.size() - r);
    unsigned long long mlen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&st, out.data() + w, &mlen, &tag, U(ct) + r, n,
                                                   nullptr, 0) != 0) {
      return InvalidArgument("stream does not authenticate");
    }
    r += n;
    w += mlen;
    final_seen = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  }
  if (!final_seen) return InvalidArgument("stream is truncated");
  SecretBytes exact(out.view().substr(0, w));
  return exact;
}

}  // namespace portsafe::crypto
