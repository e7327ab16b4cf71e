#include "crypto/report_cipher.h"

#include "crypto/aead.h"
#include "crypto/service_sealer.h"

namespace portsafe::crypto {
namespace {

// Version 0's associated data; version 1 puts "PSF1|" before it.
std::string Ad(std::string_view report_id, std::string_view field) {
  std::string ad = "portsafe:";
  ad.append(report_id).append(":").append(field);
  return ad;
}

std::string SealField(const SecretBytes& key, std::string_view report_id, std::string_view field,
                      std::string_view plaintext) {
  return AeadSealTagged(key, plaintext, kReportFieldTag, Ad(report_id, field));
}

Result<SecretBytes> OpenField(const SecretBytes& key, std::string_view report_id,
                              std::string_view field, std::string_view sealed) {
  return AeadOpenTagged(key, sealed, kReportFieldTag, Ad(report_id, field));
}

}  // namespace

ContentKeyEnvelope WrapContentKey(const ServiceSealer::Ticket& ticket,
                                  const SecretBytes& receipt_wrap_key,
                                  const SecretBytes& content_key) {
  ContentKeyEnvelope e;
  e.sealed_to_service = ServiceSealer::Seal(ticket, content_key);
  e.wrapped_for_receipt = SealField(receipt_wrap_key, ticket.report_id, "ck", content_key.view());
  return e;
}

Result<SecretBytes> UnwrapContentKeyWithReceipt(const SecretBytes& receipt_wrap_key,
                                                std::string_view report_id,
                                                std::string_view wrapped) {
  return OpenField(receipt_wrap_key, report_id, "ck", wrapped);
}

std::string SealReportField(const SecretBytes& content_key, std::string_view report_id,
                            std::string_view field, std::string_view plaintext) {
  return SealField(content_key, report_id, field, plaintext);
}

Result<SecretBytes> OpenReportField(const SecretBytes& content_key, std::string_view report_id,
                                    std::string_view field, std::string_view sealed) {
  return OpenField(content_key, report_id, field, sealed);
}

}  // namespace portsafe::crypto
