#include "core/category.h"

namespace portsafe::core {

const std::vector<Category>& Categories() {
  static const std::vector<Category> kAll = {
      {"drugs"},
      {"people_smuggling"},
      {"firearms"},
      {"cargo_theft"},
      {"excise_smuggling"},
      {"money_laundering"},
      {"waste_export"},
      {"stolen_vehicles"},
      {"terrorism"},
      {"insider_corruption"},
      {"sanctions_evasion"},
      {"modern_slavery"},
      {"other"},
      {"approach", true},
  };
  return kAll;
}

bool IsCategory(std::string_view key) {
  for (const auto& c : Categories()) {
    if (c.key == key) return true;
  }
  return false;
}

}  // namespace portsafe::core
