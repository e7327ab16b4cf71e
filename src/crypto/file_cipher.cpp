#include "crypto/file_cipher.h"

#include <sodium.h>

#include <cassert>

namespace portsafe::crypto {
namespace {
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kAbytes = crypto_secretstream_xchacha20poly1305_ABYTES;

// `ad` is each chunk's associated data: the tag in version 1, none in 0.
Result<SecretBytes> Pull(const SecretBytes& key, std::string_view ct, std::string_view ad) {
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
                                                   U(ad), ad.size()) != 0) {
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

}  // namespace

std::string EncryptStream(const SecretBytes& key, std::string_view plaintext) {
  Init();
  assert(key.size() == crypto_secretstream_xchacha20poly1305_KEYBYTES);
  size_t chunks = plaintext.size() / kChunk + 1;
  const size_t tag = kFileStreamTag.size();
  std::string out(tag + kHeader + plaintext.size() + chunks * kAbytes, '\0');
  out.replace(0, tag, kFileStreamTag);
  auto* o = reinterpret_cast<unsigned char*>(out.data()) + tag;
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
        &st, o + w, &clen, U(plaintext) + off, n, U(kFileStreamTag), tag,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    w += clen;
    off += n;
    if (last) break;
  } while (true);
  out.resize(tag + w);
  sodium_memzero(&st, sizeof st);
  return out;
}

Result<SecretBytes> DecryptStream(const SecretBytes& key, std::string_view ct) {
  Init();
  if (key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    return InvalidArgument("wrong key size");
  }
  // Version 1 when tagged and it opens so; otherwise version 0 (a version 0
  // header is random and may begin with the tag's bytes by chance).
  if (ct.substr(0, kFileStreamTag.size()) == kFileStreamTag) {
    auto v1 = Pull(key, ct.substr(kFileStreamTag.size()), kFileStreamTag);
    if (v1.ok()) return v1;
  }
  return Pull(key, ct, {});
}

}  // namespace portsafe::crypto
