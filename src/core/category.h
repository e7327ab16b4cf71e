// Report categories: the crime types in scope for the scheme (see
// docs/categories.md). Keys are stable identifiers stored in the clear column
// `reports.category`; people see the translated label "category.<key>".
#pragma once

#include <string_view>
#include <vector>

namespace portsafe::core {

struct Category {
  std::string_view key;
};

// In display order; "other" is last.
const std::vector<Category>& Categories();
bool IsCategory(std::string_view key);

}  // namespace portsafe::core
