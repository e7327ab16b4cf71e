#include "service/identifying_context.h"

#include "intel/extractor.h"

namespace portsafe::service {

core::IdentifyingContext IdentifyingContextFor(std::string_view draft,
                                               const core::PortDirectory& ports,
                                               const std::vector<core::PortGroup>& groups,
                                               const Clock& clock) {
  core::IdentifyingContext ctx;
  // Vehicle marks are checked against the clock's month.
  const intel::Extractor extractor({&ports, intel::TodayOf(clock)});
  for (const auto& id : extractor.Extract(draft)) {
    if (id.kind == intel::Kind::kPhone || id.kind == intel::Kind::kEmail) continue;
    ctx.intelligence.push_back({id.start, id.end});
  }
  for (const auto& p : ports.all()) ctx.known_terms.push_back(p.name);
  for (const auto& g : groups) {
    ctx.known_terms.push_back(g.name);
    if (!g.operator_group.empty()) ctx.known_terms.push_back(g.operator_group);
    if (!g.freeport.empty()) ctx.known_terms.push_back(g.freeport);
  }
  return ctx;
}

std::vector<core::Finding> CheckIdentifying(std::string_view original, std::string_view draft,
                                            const core::PortDirectory& ports,
                                            const std::vector<core::PortGroup>& groups,
                                            const Clock& clock) {
  return core::FindIdentifying(original, draft, IdentifyingContextFor(draft, ports, groups, clock));
}

}  // namespace portsafe::service
