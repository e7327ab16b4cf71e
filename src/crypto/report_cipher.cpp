#include "crypto/report_cipher.h"

#include "crypto/aead.h"
#include "crypto/service_sealer.h"

namespace portsafe::crypto {
namespace {

std::string Ad(std::string_view report_id, std::string_view field) {
  std::string ad = "portsafe:";
  ad.append(report_id).append(":").append(field);
  return ad;
}

}  // namespace

ContentKeyEnvelope WrapContentKey(const ServiceSealer::Ticket& ticket,
                                  const SecretBytes& receipt_wrap_key,
                                  const SecretBytes& content_key) {
  ContentKeyEnvelope e;
  e.sealed_to_service = ServiceSealer::Seal(ticket, content_key);
  e.wrapped_for_receipt =
      AeadSeal(receipt_wrap_key, content_key.view(), Ad(ticket.report_id, "ck"));
  return e;
}

Result<SecretBytes> UnwrapContentKeyWithReceipt(const SecretBytes& receipt_wrap_key,
                                                std::string_view report_id,
                                                std::string_view wrapped) {
  return AeadOpen(receipt_wrap_key, wrapped, Ad(report_id, "ck"));
}

std::string SealReportField(const SecretBytes& content_key, std::string_view report_id,
                            std::string_view field, std::string_view plaintext) {
  return AeadSeal(content_key, plaintext, Ad(report_id, field));
}

Result<SecretBytes> OpenReportField(const SecretBytes& content_key, std::string_view report_id,
                                    std::string_view field, std::string_view sealed) {
  return AeadOpen(content_key, sealed, Ad(report_id, field));
}

}  // namespace portsafe::crypto
