#pragma once

#include <functional>

#include "common/clock.h"
#include "core/port_directory.h"
#include "service/figures_service.h"
#include "store/membership_store.h"
#include "store/store.h"

namespace portsafe::service {

class FiguresServiceImpl final : public FiguresService {
 public:
  // Figures show at most this many months, the newest published last.
  static constexpr int kMonthsShown = 24;

  // `membership`, `store`, `ports` and `clock` must outlive this. The
  // publication lag is counted from the clock's UTC date.
  FiguresServiceImpl(store::MembershipStore* membership, store::Store* store,
                     const core::PortDirectory* ports, std::vector<core::PortGroup> groups,
                     const Clock* clock);

  Result<std::vector<core::FigureTable>> National() override;
  Result<std::vector<core::FigureTable>> ForFacility(const StaffSession& s,
                                                     const std::string& code) override;

 private:
  // The tallies of published months only.
  Result<std::vector<store::TallyRow>> PublishedTallies(const std::string& today);
  // The months to show, oldest first: the last kMonthsShown published ones
  // from the first with a tally in `rows`.
  std::vector<std::string> MonthsToShow(const std::vector<store::TallyRow>& rows,
                                        const std::string& today) const;
  const core::PortGroup* GroupOf(const std::string& port_code) const;

  store::MembershipStore* membership_;
  store::Store* store_;
  const core::PortDirectory* ports_;
  std::vector<core::PortGroup> groups_;
  const Clock* clock_;
};

}  // namespace portsafe::service
