// The blind index that links reports naming the same thing, so that the
// database alone reveals neither the identifiers nor which reports share
// them.
//
// Every key comes from the service private key, so the index can be read or
// written only while a handler or supervisor has unlocked it by signing in:
//   index key = BLAKE2b(key: service private key, "portsafe:link-index:v1")
//   term key, nonce key, stream key (16 bytes each) and entries key (32)
//     = crypto_kdf subkeys of the index key
//
// A report posts each of its identifiers under a term: SipHash-2-4 with a
// 128-bit output (libsodium's crypto_shorthash_siphashx24) keyed with the
// term key, over kind and normalised value. A posting is (term, ref), where
// the ref is the report id sealed deterministically to the term, as SIV:
//   nonce = SipHash(nonce key, term || id), 96 bits
//   ref   = nonce || id XOR SipHash(stream key, nonce)
// Opening recomputes the nonce from the id it recovers and compares. The
// same report under the same term always gives the same ref, so postings can
// be deleted when the report goes, but refs of one report under different
// terms are unrelated, and without the key a ref names no report.
//
// Why SipHash: every input here is short (an identifier, 32 bytes of term
// and id), SipHash-2-4 is a pseudorandom function with a 128-bit key made
// for such inputs, and it is about eight times cheaper than keyed BLAKE2b
// (docs/performance.md), which is what lets a million reports be re-indexed
// in seconds. libsodium has no deterministic AEAD, hence the SIV composition.
//
// What the database shows: how many postings each opaque term has (how many
// reports share some identifier, not which), and the size of each report's
// sealed entry list. docs/security.md records this.
//
// Containers post three ways: the code itself; the owner code ("owner",
// weak, as a big carrier's boxes are everywhere); and, for a code whose check
// digit fails, every valid code one edit away ("container~"), so that a
// later report with the right code finds the mistyped one and vice versa.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "crypto/sodium.h"
#include "intel/identifier.h"
#include "intel/text_sketch.h"

namespace portsafe::intel {

// One identifier of a report, as the index keeps it.
struct Entry {
  Kind kind = Kind::kContainer;
  std::string value;
  bool valid = true;
  bool operator==(const Entry& o) const {
    return kind == o.kind && value == o.value && valid == o.valid;
  }
  bool operator<(const Entry& o) const;
};

// The distinct entries of extracted identifiers, sorted.
std::vector<Entry> EntriesOf(const std::vector<Identifier>& ids);

// How a linked report shares an identifier.
enum class MatchKind {
  kExact,  // the same identifier
  kNear,   // a container code one edit from this one, one of them mistyped
  kOwner,  // a container of the same owner (weak)
};
std::string_view MatchName(MatchKind m);  // "exact", "near", "owner"

// What a report's sealed entry list holds: its identifiers and, when its
// text has any letter or digit, the sketch near-identical reports are
// grouped by (service/near_duplicates.h).
struct IndexRecord {
  std::vector<Entry> entries;
  std::optional<TextSketch> sketch;
};

// Plain text of an entry list: "v1\n" then "kind\tvalue\t1|0\n" per entry,
// then "=sketch\t<TextSketch::Hex()>\n" when there is a sketch (lists sealed
// before sketches have none, and read as before).
std::string EncodeEntries(const std::vector<Entry>& entries, const TextSketch* sketch = nullptr);
// kInvalidArgument for anything else (unknown kind, bad line, empty value).
Result<IndexRecord> DecodeRecord(std::string_view text);
Result<std::vector<Entry>> DecodeEntries(std::string_view text);

class BlindIndex {
 public:
  static constexpr size_t kTermBytes = 16;
  static constexpr size_t kRefBytes = 12 + 16;

  // Precondition: service_private_key has 32 bytes.
  explicit BlindIndex(const crypto::SecretBytes& service_private_key);

  // A term a report's identifiers are posted and looked up under.
  struct Probe {
    std::string term;  // kTermBytes
    MatchKind match = MatchKind::kExact;
    std::string shared;  // the value the two reports have in common: this entry's,
                         // the owner code, or the valid code near a mistyped one
  };

  using TermBytes = std::array<char, kTermBytes>;
  using RefBytes = std::array<char, kRefBytes>;
  using IdBytes = std::array<unsigned char, 16>;

  // The terms `e` is posted under, appended to `out`.
  void PostingTerms(const Entry& e, std::vector<TermBytes>* out) const;
  // The terms to look up to find reports linked through `e`.
  std::vector<Probe> LookupProbes(const Entry& e) const;

  // A report id (32 hex digits) as bytes; false when it is not one.
  static bool ParseId(std::string_view report_id, IdBytes* out);
  void SealRef(const TermBytes& term, const IdBytes& id, RefBytes* out) const;
  // The report id in a ref, or nullopt when it does not open under `term`.
  std::optional<std::string> OpenRef(std::string_view term, std::string_view ref) const;

  // A report's entries (and its text's sketch, when given), sealed to it
  // (XChaCha20-Poly1305, associated data the report id).
  std::string SealEntries(std::string_view report_id, const std::vector<Entry>& entries,
                          const TextSketch* sketch = nullptr) const;
  Result<std::vector<Entry>> OpenEntries(std::string_view report_id, std::string_view sealed) const;
  Result<IndexRecord> OpenRecord(std::string_view report_id, std::string_view sealed) const;

 private:
  void Term(std::string_view tag, std::string_view value, char* out) const;
  std::string Term(std::string_view tag, std::string_view value) const;

  crypto::SecretBytes term_key_, nonce_key_, stream_key_;  // 16 bytes each (SipHash)
  crypto::SecretBytes entries_key_;                        // 32 bytes (XChaCha20-Poly1305)
};

}  // namespace portsafe::intel
