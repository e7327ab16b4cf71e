// What the HTTP handlers need, owned elsewhere (by the serve command). All
// pointers must outlive the router.
#pragma once

#include <functional>

#include "common/work_pool.h"

#include "service/agency_service.h"
#include "service/alert_service.h"
#include "service/auth_service.h"
#include "service/figures_service.h"
#include "service/handling_service.h"
#include "service/learn_service.h"
#include "service/link_service.h"
#include "service/membership_service.h"
#include "service/reporting_service.h"
#include "service/team_service.h"
#include "web/i18n.h"

namespace portsafe::web {

struct WebContext {
  service::ReportingService* reporting = nullptr;
  const Catalogue* catalogue = nullptr;
  // Runs `fn` on a server thread. Service completions arrive on the store's
  // writer thread; handlers with heavy work (rendering a page) defer it so
  // the writer goes back to committing. Unset: run inline (tests).
  std::function<void(std::function<void()>)> defer;
  // Staff side; unset in tests of the reporter's side only.
  service::AuthService* auth = nullptr;
  service::HandlingService* handling = nullptr;
  service::AgencyService* agency = nullptr;
  service::TeamService* team = nullptr;
  // Membership and figures; unset in tests that do not need them.
  service::FiguresService* figures = nullptr;
  service::MembershipService* membership = nullptr;
  std::string public_url;  // base of reporting links, e.g. "https://portsafe.example"
  // Links between reports; unset in tests that do not need them.
  service::LinkService* links = nullptr;
  // The lessons at /learn; unset in tests that do not need them.
  service::LearnService* learn = nullptr;

  // Runs `fn` on the pool for `kind` of heavy work; false (and `fn` is
  // dropped) when that pool's queue is full. Unset: runs `fn` inline
  // (tests).
  std::function<bool(Work, std::function<void()>)> offload;
  // Alerts back to the ports; unset in tests that do not need them.
  service::AlertService* alerts = nullptr;

  [[nodiscard]] bool Offload(Work kind, std::function<void()> fn) const {
    if (!offload) {
      fn();
      return true;
    }
    return offload(kind, std::move(fn));
  }

  void Defer(std::function<void()> fn) const {
    if (defer) {
      defer(std::move(fn));
    } else {
      fn();
    }
  }
};

}  // namespace portsafe::web
