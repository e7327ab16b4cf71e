// Where a report is encrypted. Every report gets a random content key; the
// report body, thread messages and file keys are sealed with it
// (XChaCha20-Poly1305). A sealed field is, since format version 1,
//   "PSF1" || nonce (24) || ciphertext || tag (16)
// with associated data "PSF1|portsafe:<report id>:<field>", so the version
// tag is authenticated too. Version 0 (rows written before the tag) was the
// same without the tag, associated data "portsafe:<report id>:<field>"; it is
// still read. docs/formats.md describes every stored format. The
// content key itself is stored twice: sealed to the service public key by a
// ServiceSealer (for
// staff, who unlock the service private key by logging in) and wrapped under
// the key derived from the reporter's receipt (for the reporter). The server
// holds neither the service private key nor any receipt, so the database and
// the server's key files together reveal no report content.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/service_sealer.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

struct ContentKeyEnvelope {
  std::string sealed_to_service;    // ServiceSealer::Seal (see service_sealer.h)
  std::string wrapped_for_receipt;  // AEAD(receipt wrap key, content key)
};

// Seals a content key both ways for the ticket's report. Precondition:
// receipt_wrap_key has 32 bytes.
ContentKeyEnvelope WrapContentKey(const ServiceSealer::Ticket& ticket,
                                  const SecretBytes& receipt_wrap_key,
                                  const SecretBytes& content_key);

// Recovers the content key with the receipt's wrap key. kInvalidArgument when
// it does not open (wrong receipt or tampered row).
Result<SecretBytes> UnwrapContentKeyWithReceipt(const SecretBytes& receipt_wrap_key,
                                                std::string_view report_id,
                                                std::string_view wrapped);

// The version tag of a sealed report field (format version 1).
inline constexpr std::string_view kReportFieldTag = "PSF1";

// Seals one field of a report (for example "body", "msg", "file-key") in the
// current format.
std::string SealReportField(const SecretBytes& content_key, std::string_view report_id,
                            std::string_view field, std::string_view plaintext);
// Opens a field sealed in the current or an older format. kInvalidArgument
// when it opens in none (wrong key, report or field, or damaged).
Result<SecretBytes> OpenReportField(const SecretBytes& content_key, std::string_view report_id,
                                    std::string_view field, std::string_view sealed);

}  // namespace portsafe::crypto
