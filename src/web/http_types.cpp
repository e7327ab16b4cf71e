#include "web/http_types.h"

#include "web/form.h"

namespace portsafe::web {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

std::string Request::Query(std::string_view name) const {
  auto form = ParseUrlEncoded(query);
  if (!form.ok()) return {};
  return form->Get(name);
}

}  // namespace portsafe::web
