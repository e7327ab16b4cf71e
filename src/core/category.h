// Report categories: the crime types in scope for the scheme (see
// docs/categories.md). Keys are stable identifiers stored in the clear column
// `reports.category`; people see the translated label "category.<key>".
#pragma once

#include <string_view>
#include <vector>

namespace portsafe::core {

struct Category {
  std::string_view key;
  // Filed through a path of its own, not chosen on the report form: an
  // approach to recruit an insider (core/approach.h, /approached).
  bool own_path = false;
};

// In display order; "other" is last of those chosen on the form, and the
// categories with a path of their own follow it.
const std::vector<Category>& Categories();
bool IsCategory(std::string_view key);

}  // namespace portsafe::core
