// The figures: counts of reports, disseminations and outcomes, published
// under the anonymity rules of core/figures.h. Each month is published once,
// when it is due, and frozen (service/figures_publisher.h); the tables over
// months are sums of those months' published cells. National figures are
// for everyone (the public /figures page); a facility's figures are for its
// port security managers (while the facility is an active member) and the
// programme admin. Implemented by FiguresServiceImpl; tests use
// MockFiguresService (tests/service/mock_figures_service.h).
//
// Errors: kPermissionDenied for anyone else; kNotFound for an unknown
// facility or a month not published (yet).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "core/figures.h"
#include "service/staff_session.h"

namespace portsafe::service {

class FiguresService {
 public:
  virtual ~FiguresService() = default;

  // Reports by month, and over every published month by freeport,
  // operator group, port and category; outcomes by kind.
  virtual Result<std::vector<core::FigureTable>> National() = 0;
  // One facility's reports by month, and over every published month by
  // category and insider type; disseminations by agency kind; outcomes by
  // kind.
  virtual Result<std::vector<core::FigureTable>> ForFacility(const StaffSession& s,
                                                             const std::string& code) = 0;
  // One published month's national tables, exactly as first published.
  virtual Result<std::vector<core::FigureTable>> NationalMonth(const std::string& month) = 0;
  // One published month's tables of one facility (same access as
  // ForFacility).
  virtual Result<std::vector<core::FigureTable>> FacilityMonth(const StaffSession& s,
                                                               const std::string& code,
                                                               const std::string& month) = 0;
};

}  // namespace portsafe::service
