// What the identifying-content check (core::FindIdentifying) must leave
// alone in a draft: the identifiers the extractor recognises in it (other
// than phone numbers and e-mail addresses, which identify people), and the
// names of the port directory's ports, of the major ports' operators and
// freeports. Used by the handling service for sanitised drafts and answers
// to agencies, and by the corpus test, so both check the same way.
#pragma once

#include <string_view>
#include <vector>

#include "common/clock.h"
#include "core/identifying.h"
#include "core/port_directory.h"

namespace portsafe::service {

// `ports` and `groups` as the services hold them; `clock` dates the vehicle
// marks the extractor checks. Thread-safe.
core::IdentifyingContext IdentifyingContextFor(std::string_view draft,
                                               const core::PortDirectory& ports,
                                               const std::vector<core::PortGroup>& groups,
                                               const Clock& clock);

// FindIdentifying with that context.
std::vector<core::Finding> CheckIdentifying(std::string_view original, std::string_view draft,
                                            const core::PortDirectory& ports,
                                            const std::vector<core::PortGroup>& groups,
                                            const Clock& clock);

}  // namespace portsafe::service
