#include "intel/blind_index.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <tuple>

#include "crypto/aead.h"
#include "intel/check_digits.h"

namespace portsafe::intel {
namespace {

constexpr std::string_view kSketchLine = "=sketch\t";

constexpr size_t kNonceBytes = 12;
constexpr size_t kIdBytes = 16;
static_assert(BlindIndex::kRefBytes == kNonceBytes + kIdBytes);

crypto::SecretBytes IndexKey(const crypto::SecretBytes& service_private_key) {
  crypto::SecretBytes k(crypto::kAeadKeyBytes);
  constexpr std::string_view kDomain = "portsafe:link-index:v1";
  crypto_generichash(k.data(), k.size(), crypto::U(kDomain), kDomain.size(),
                     service_private_key.data(), service_private_key.size());
  return k;
}

// SipHash-2-4 with a 128-bit output of `parts` one after the other, keyed
// with a 16-byte key. The parts are copied into one buffer on the stack
// (inputs here are identifiers and ids: short).
void Prf(const crypto::SecretBytes& key, std::initializer_list<std::string_view> parts,
         unsigned char out[crypto_shorthash_siphashx24_BYTES]) {
  unsigned char stack[256];
  std::string heap;
  size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  unsigned char* buf = stack;
  if (n > sizeof stack) {
    heap.resize(n);
    buf = reinterpret_cast<unsigned char*>(heap.data());
  }
  size_t at = 0;
  for (std::string_view p : parts) {
    std::memcpy(buf + at, p.data(), p.size());
    at += p.size();
  }
  crypto_shorthash_siphashx24(out, buf, n, key.data());
}

crypto::SecretBytes SipKey(const crypto::SecretBytes& master, std::uint64_t id) {
  crypto::SecretBytes k(crypto_shorthash_siphashx24_KEYBYTES);
  crypto_kdf_derive_from_key(k.data(), k.size(), id, "ps-links", master.data());
  return k;
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

std::string EncodeEntries(const std::vector<Entry>& entries, const TextSketch* sketch) {
  std::string out = "v1\n";
  for (const auto& e : entries) {
    out.append(KindName(e.kind)).push_back('\t');
    out.append(e.value).push_back('\t');
    out.append(e.valid ? "1\n" : "0\n");
  }
  if (sketch != nullptr) out.append(kSketchLine).append(sketch->Hex()).push_back('\n');
  return out;
}

Result<std::vector<Entry>> DecodeEntries(std::string_view text) {
  auto record = DecodeRecord(text);
  if (!record.ok()) return record.error();
  return std::move(record->entries);
}

Result<IndexRecord> DecodeRecord(std::string_view text) {
  if (text.substr(0, 3) != "v1\n") return InvalidArgument("entries: unknown version");
  text.remove_prefix(3);
  IndexRecord record;
  std::vector<Entry>& out = record.entries;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return InvalidArgument("entries: unterminated line");
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    if (line.substr(0, kSketchLine.size()) == kSketchLine) {
      record.sketch = TextSketch::FromHex(line.substr(kSketchLine.size()));
      if (!record.sketch || !text.empty()) return InvalidArgument("entries: bad sketch");
      continue;
    }
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
  return record;
}

BlindIndex::BlindIndex(const crypto::SecretBytes& service_private_key) {
  crypto::SecretBytes index = IndexKey(service_private_key);
  term_key_ = SipKey(index, 1);
  nonce_key_ = SipKey(index, 2);
  stream_key_ = SipKey(index, 3);
  entries_key_ = crypto::DeriveSubkey(index, "ps-links", 4);
}

void BlindIndex::Term(std::string_view tag, std::string_view value, char* out) const {
  // The NUL after the tag keeps one kind's values apart from another's.
  static_assert(kTermBytes == crypto_shorthash_siphashx24_BYTES);
  Prf(term_key_, {tag, std::string_view("\0", 1), value}, reinterpret_cast<unsigned char*>(out));
}

std::string BlindIndex::Term(std::string_view tag, std::string_view value) const {
  std::string out(kTermBytes, '\0');
  Term(tag, value, out.data());
  return out;
}

void BlindIndex::PostingTerms(const Entry& e, std::vector<TermBytes>* out) const {
  TermBytes t;
  Term(KindName(e.kind), e.value, t.data());
  out->push_back(t);
  if (e.kind == Kind::kContainer && e.value.size() == 11) {
    Term("owner", std::string_view(e.value).substr(0, 3), t.data());
    out->push_back(t);
    if (!e.valid) {
      for (const auto& n : ContainerNeighbours(e.value)) {
        Term("container~", n, t.data());
        out->push_back(t);
      }
    }
  }
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

bool BlindIndex::ParseId(std::string_view report_id, IdBytes* out) {
  return HexToId(report_id, out->data());
}

void BlindIndex::SealRef(const TermBytes& term, const IdBytes& id, RefBytes* out) const {
  auto* p = reinterpret_cast<unsigned char*>(out->data());
  unsigned char nonce[crypto_shorthash_siphashx24_BYTES];
  Prf(nonce_key_,
      {std::string_view(term.data(), term.size()),
       std::string_view(reinterpret_cast<const char*>(id.data()), id.size())},
      nonce);
  std::copy(nonce, nonce + kNonceBytes, p);
  unsigned char stream[crypto_shorthash_siphashx24_BYTES];
  Prf(stream_key_, {std::string_view(reinterpret_cast<char*>(p), kNonceBytes)}, stream);
  for (size_t i = 0; i < kIdBytes; ++i) p[kNonceBytes + i] = id[i] ^ stream[i];
}

std::optional<std::string> BlindIndex::OpenRef(std::string_view term, std::string_view ref) const {
  if (ref.size() != kRefBytes) return std::nullopt;
  const auto* p = crypto::U(ref);
  unsigned char stream[crypto_shorthash_siphashx24_BYTES];
  Prf(stream_key_, {ref.substr(0, kNonceBytes)}, stream);
  unsigned char id[kIdBytes];
  for (size_t i = 0; i < kIdBytes; ++i) id[i] = p[kNonceBytes + i] ^ stream[i];
  unsigned char nonce[crypto_shorthash_siphashx24_BYTES];
  Prf(nonce_key_, {term, std::string_view(reinterpret_cast<char*>(id), kIdBytes)}, nonce);
  if (sodium_memcmp(nonce, p, kNonceBytes) != 0) return std::nullopt;
  return crypto::ToHex(std::string_view(reinterpret_cast<char*>(id), kIdBytes));
}

std::string BlindIndex::SealEntries(std::string_view report_id, const std::vector<Entry>& entries,
                                    const TextSketch* sketch) const {
  return crypto::AeadSeal(entries_key_, EncodeEntries(entries, sketch), EntriesAd(report_id));
}

Result<std::vector<Entry>> BlindIndex::OpenEntries(std::string_view report_id,
                                                   std::string_view sealed) const {
  auto plain = crypto::AeadOpen(entries_key_, sealed, EntriesAd(report_id));
  if (!plain.ok()) return plain.error();
  return DecodeEntries(plain->view());
}

Result<IndexRecord> BlindIndex::OpenRecord(std::string_view report_id,
                                           std::string_view sealed) const {
  auto plain = crypto::AeadOpen(entries_key_, sealed, EntriesAd(report_id));
  if (!plain.ok()) return plain.error();
  return DecodeRecord(plain->view());
}

}  // namespace portsafe::intel
