// Fuzzes the JSON body parser with this server's limits, the strict reading
// of an API request's members (strings, booleans, string arrays), and the
// parsers of the sealed package formats (their plaintext is ours, but a
// damaged row must still fail cleanly).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "service/package_codec.h"
#include "web/api_helpers.h"
#include "web/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = portsafe::web::ParseJsonObject("application/json; charset=utf-8", in);
  if (r.ok() && !r->is_object()) __builtin_trap();

  portsafe::web::Request req;
  req.method = "POST";
  req.headers.emplace_back("content-type", "application/json");
  req.body = std::string(in);
  auto m = portsafe::web::Members(req, {"text", "recipients", "send_despite_warnings"});
  if (m.ok()) {
    (void)portsafe::web::Str(*m, "text");
    (void)portsafe::web::StrList(*m, "recipients");
    (void)portsafe::web::Bool(*m, "send_despite_warnings");
  }
  (void)portsafe::service::ParsePackage(in);
  (void)portsafe::service::ParseOutcome(in);
  return 0;
}
