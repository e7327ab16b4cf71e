#pragma once

#include <functional>

#include "core/port_directory.h"
#include "service/figures_service.h"
#include "store/membership_store.h"
#include "store/store.h"

namespace portsafe::service {

class FiguresServiceImpl final : public FiguresService {
 public:
  // Figures show at most this many months, the newest published last.
  static constexpr int kMonthsShown = 24;

  // `membership`, `store` and `ports` must outlive this. `today` gives the
  // UTC date "YYYY-MM-DD" (the publication lag is counted from it).
  FiguresServiceImpl(store::MembershipStore* membership, store::Store* store,
                     const core::PortDirectory* ports, std::vector<core::PortGroup> groups,
                     std::function<std::string()> today);

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
  std::function<std::string()> today_;
};

}  // namespace portsafe::service
