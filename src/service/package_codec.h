// The plaintext inside a dissemination package and its messages and
// outcome, and their sealing to an agency's (or the service's) public key.
// Shared by the handler's side (HandlingServiceImpl) and the agency's side
// (AgencyServiceImpl).
//
// crypto_box_seal carries no associated data, so every sealed value names
// its package and its kind inside: a box moved to another package or field
// in the database does not open there (kInternal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/handling.h"
#include "crypto/sealed_box.h"

namespace portsafe::service {

// What an agency receives: the sanitised intelligence report and the
// handling fields, never the original or the thread.
struct PackageContent {
  std::string package_id;
  std::string category;
  std::string insider_type;
  core::Priority priority = core::Priority::kNormal;  // stored by name
  std::string port_code;
  std::string facility_code;
  std::string received_month;  // YYYY-MM: coarse, the exact day is not sent
  std::string sent_on;
  core::Grade grade;
  std::string text;
};

// What an agency records; kind and seizure type are also kept clear.
struct Outcome {
  std::string kind;          // core::kOutcomes, "" while none
  std::string seizure_type;  // core::kSeizureTypes when kind is "seizure"
  std::string quantity;      // free text ("40 kg", "2 pallets")
  std::string note;
  std::string recorded_on;
};

// A question or answer about a package, opened.
struct PackageMessage {
  std::string author;  // "agency" or "service"
  std::string sent_on;
  std::string text;
};

// A file sent with a package, as the agency sees it.
struct PackageAttachment {
  std::int64_t seq = 0;
  std::string name;          // "photo-1.jpg"
  std::string content_type;  // "image/jpeg"
  std::int64_t size = 0;
};
// What is sealed to the agency for each file (kind "file"): {"v":1,"seq",
// "name","type","size","key"} with the file's key in hex, so the officer
// opens the report's file ciphertext with it (docs/formats.md).
std::string PackageFileJson(const PackageAttachment& a, const crypto::SecretBytes& file_key);
// The attachment and its key; kInternal for a damaged or unknown version.
Result<PackageAttachment> ParsePackageFile(std::string_view text, crypto::SecretBytes* file_key);

// Each value is a JSON object with its format version, {"v":1,...}; version 0
// (without "v") is still read, an unknown version is kInternal
// (docs/formats.md).
std::string PackageJson(const PackageContent& p);
Result<PackageContent> ParsePackage(std::string_view text);
std::string OutcomeJson(const Outcome& o);
Result<Outcome> ParseOutcome(std::string_view text);

// Seals `text` as field `kind` ("package", "message", "outcome") of package
// `package_id` to `public_key`: crypto_box_seal of {"v":1,"p":id,"k":kind,
// "t":text}.
std::string SealForPackage(std::string_view public_key, std::string_view package_id,
                           std::string_view kind, std::string_view text);
Result<std::string> OpenForPackage(const crypto::KeyPair& key, std::string_view package_id,
                                   std::string_view kind, std::string_view box);
// The same with `key` and, failing that, each of `retired` (the pairs that
// rotations replaced: what was sealed before a rotation).
Result<std::string> OpenForPackage(const crypto::KeyPair& key,
                                   const std::vector<crypto::KeyPair>& retired,
                                   std::string_view package_id, std::string_view kind,
                                   std::string_view box);

}  // namespace portsafe::service
