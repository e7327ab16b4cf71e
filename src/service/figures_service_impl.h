#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "core/port_directory.h"
#include "service/figures_publisher.h"
#include "service/figures_service.h"
#include "store/membership_store.h"
#include "store/store.h"

namespace portsafe::service {

// Publishes each month when it is due (core::MonthPublished), the first time
// anyone asks for figures after that, stores it frozen, and keeps the
// published months decoded in memory (they never change). Thread-safe.
class FiguresServiceImpl final : public FiguresService {
 public:
  // The table of reports by month shows at most this many months, the
  // newest published last.
  static constexpr int kMonthsShown = 24;

  // `membership`, `store`, `ports` and `clock` must outlive this. The
  // publication lag is counted from the clock's UTC date. `lessons` (id,
  // English title) are the rows of each facility's lessons completed.
  FiguresServiceImpl(store::MembershipStore* membership, store::Store* store,
                     const core::PortDirectory* ports, std::vector<core::PortGroup> groups,
                     const Clock* clock,
                     std::vector<std::pair<std::string, std::string>> lessons = {});

  Result<std::vector<core::FigureTable>> National() override;
  Result<std::vector<core::FigureTable>> ForFacility(const StaffSession& s,
                                                     const std::string& code) override;
  Result<std::vector<core::FigureTable>> NationalMonth(const std::string& month) override;
  Result<std::vector<core::FigureTable>> FacilityMonth(const StaffSession& s,
                                                       const std::string& code,
                                                       const std::string& month) override;

 private:
  using Months = std::vector<std::shared_ptr<const MonthFigures>>;
  // Every published month, oldest first, publishing those now due: from
  // the first month with a tally to the last one published by today.
  Result<Months> Published();
  // The tables over `months` of one side (national, or a facility's):
  // reports by month, then every other table summed over the months.
  static std::vector<core::FigureTable> OverMonths(
      const Months& months,
      const std::function<const std::vector<core::FigureTable>*(const MonthFigures&)>& tables_of);

  store::MembershipStore* membership_;
  store::Store* store_;
  const core::PortDirectory* ports_;
  std::vector<core::PortGroup> groups_;
  const Clock* clock_;
  const std::vector<std::pair<std::string, std::string>> lessons_;

  std::mutex mu_;  // guards published_ and serialises publishing
  std::map<std::string, std::shared_ptr<const MonthFigures>> published_;
};

}  // namespace portsafe::service
