#include "intel/blind_index.h"

#include <sodium.h>

#include <algorithm>
#include <tuple>

#include "crypto/aead.h"
#include "intel/check_digits.h"

namespace portsafe::intel {
namespace {

constexpr size_t kNonceBytes = crypto_stream_chacha20_ietf_NONCEBYTES;  // 12
constexpr size_t kIdBytes = 16;
static_assert(BlindIndex::kRefBytes == kNonceBytes + kIdBytes);

crypto::SecretBytes IndexKey(const crypto::SecretBytes& service_private_key) {
  crypto::SecretBytes k(crypto::kAeadKeyBytes);
  constexpr std::string_view kDomain = "portsafe:link-index:v1";
  crypto_generichash(k.data(), k.size(), crypto::U(kDomain), kDomain.size(),
                     service_private_key.data(), service_private_key.size());
  return k;
}

// BLAKE2b of `a` then `b`, keyed, `out_len` (16 or more) bytes.
void Hash2(const crypto::SecretBytes& key, std::string_view a, std::string_view b,
           unsigned char* out, size_t out_len) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.data(), key.size(), out_len);
  crypto_generichash_update(&st, crypto::U(a), a.size());
  crypto_generichash_update(&st, crypto::U(b), b.size());
  crypto_generichash_final(&st, out, out_len);
  sodium_memzero(&st, sizeof st);
}

bool HexToId(std::string_view hex, unsigned char* out) {
  size_t len = 0;
  return hex.size() == 2 * kIdBytes &&
         sodium_hex2bin(out, kIdBytes, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 &&
         len == kIdBytes;
}

std::string EntriesAd(std::string_view report_id) {
  return "portsafe:links:" + std::string(report_id);
}

}  // namespace

bool Entry::operator<(const Entry& o) const {
  return std::tie(kind, value, valid) < std::tie(o.kind, o.value, o.valid);
}

std::vector<Entry> EntriesOf(const std::vector<Identifier>& ids) {
  std::vector<Entry> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back({id.kind, id.value, id.valid});
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string_view MatchName(MatchKind m) {
  switch (m) {
    case MatchKind::kExact:
      return "exact";
    case MatchKind::kNear:
      return "near";
    case MatchKind::kOwner:
      return "owner";
  }
  return "exact";
}

std::string EncodeEntries(const std::vector<Entry>& entries) {
  std::string out = "v1\n";
  for (const auto& e : entries) {
    out.append(KindName(e.kind)).push_back('\t');
    out.append(e.value).push_back('\t');
    out.append(e.valid ? "1\n" : "0\n");
  }
  return out;
}

Result<std::vector<Entry>> DecodeEntries(std::string_view text) {
  if (text.substr(0, 3) != "v1\n") return InvalidArgument("entries: unknown version");
  text.remove_prefix(3);
  std::vector<Entry> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return InvalidArgument("entries: unterminated line");
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) return InvalidArgument("entries: bad line");
    auto kind = ParseKind(line.substr(0, t1));
    std::string_view value = line.substr(t1 + 1, t2 - t1 - 1);
    std::string_view valid = line.substr(t2 + 1);
    if (!kind || value.empty() || (valid != "1" && valid != "0")) {
      return InvalidArgument("entries: bad line");
    }
    out.push_back({*kind, std::string(value), valid == "1"});
  }
  return out;
}

BlindIndex::BlindIndex(const crypto::SecretBytes& service_private_key) {
  crypto::SecretBytes index = IndexKey(service_private_key);
  term_key_ = crypto::DeriveSubkey(index, "ps-links", 1);
  nonce_key_ = crypto::DeriveSubkey(index, "ps-links", 2);
  stream_key_ = crypto::DeriveSubkey(index, "ps-links", 3);
  entries_key_ = crypto::DeriveSubkey(index, "ps-links", 4);
}

std::string BlindIndex::Term(std::string_view tag, std::string_view value) const {
  std::string out(kTermBytes, '\0');
  std::string tagged(tag);
  tagged.push_back('\0');
  Hash2(term_key_, tagged, value, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::vector<std::string> BlindIndex::PostingTerms(const Entry& e) const {
  std::vector<std::string> out;
  out.push_back(Term(KindName(e.kind), e.value));
  if (e.kind == Kind::kContainer && e.value.size() == 11) {
    out.push_back(Term("owner", e.value.substr(0, 3)));
    if (!e.valid) {
      for (const auto& n : ContainerNeighbours(e.value)) out.push_back(Term("container~", n));
    }
  }
  return out;
}

std::vector<BlindIndex::Probe> BlindIndex::LookupProbes(const Entry& e) const {
  std::vector<Probe> out;
  out.push_back({Term(KindName(e.kind), e.value), MatchKind::kExact, e.value});
  if (e.kind == Kind::kContainer && e.value.size() == 11) {
    out.push_back({Term("owner", e.value.substr(0, 3)), MatchKind::kOwner, e.value.substr(0, 3)});
    if (e.valid) {
      out.push_back({Term("container~", e.value), MatchKind::kNear, e.value});
    } else {
      for (const auto& n : ContainerNeighbours(e.value)) {
        out.push_back({Term("container", n), MatchKind::kNear, n});
      }
    }
  }
  return out;
}

std::string BlindIndex::SealRef(std::string_view term, std::string_view report_id) const {
  unsigned char id[kIdBytes];
  if (!HexToId(report_id, id)) return {};
  std::string out(kRefBytes, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  unsigned char nonce[crypto_generichash_BYTES_MIN];
  Hash2(nonce_key_, term, std::string_view(reinterpret_cast<char*>(id), kIdBytes), nonce,
        sizeof nonce);
  std::copy(nonce, nonce + kNonceBytes, p);
  crypto_stream_chacha20_ietf_xor(p + kNonceBytes, id, kIdBytes, p, stream_key_.data());
  sodium_memzero(id, sizeof id);
  return out;
}

std::optional<std::string> BlindIndex::OpenRef(std::string_view term, std::string_view ref) const {
  if (ref.size() != kRefBytes) return std::nullopt;
  const auto* p = crypto::U(ref);
  unsigned char id[kIdBytes];
  crypto_stream_chacha20_ietf_xor(id, p + kNonceBytes, kIdBytes, p, stream_key_.data());
  unsigned char nonce[crypto_generichash_BYTES_MIN];
  Hash2(nonce_key_, term, std::string_view(reinterpret_cast<char*>(id), kIdBytes), nonce,
        sizeof nonce);
  if (sodium_memcmp(nonce, p, kNonceBytes) != 0) return std::nullopt;
  return crypto::ToHex(std::string_view(reinterpret_cast<char*>(id), kIdBytes));
}

std::string BlindIndex::SealEntries(std::string_view report_id,
                                    const std::vector<Entry>& entries) const {
  return crypto::AeadSeal(entries_key_, EncodeEntries(entries), EntriesAd(report_id));
}

Result<std::vector<Entry>> BlindIndex::OpenEntries(std::string_view report_id,
                                                   std::string_view sealed) const {
  auto plain = crypto::AeadOpen(entries_key_, sealed, EntriesAd(report_id));
  if (!plain.ok()) return plain.error();
  return DecodeEntries(plain->view());
}

}  // namespace portsafe::intel
