// The composition root of `portsafe serve` and `portsafe demo`: it owns
// everything the running program has, and stops it in the one safe order.
//
// Ownership, in order of construction: the services (service::Services:
// the store, then every service), the message catalogue, the router, the
// HTTP server. Destruction is the reverse.
//
// Shutdown (on SIGINT/SIGTERM, or Stop()):
//   1. the server stops accepting, answers the requests it is handling
//      (ServerOptions::drain_timeout at most) and stops its threads;
//   2. the daily purge job stops (a run in progress finishes);
//   3. the services stop their background work and close the store: every
//      queued write is committed and its completion has run;
//   4. only then is anything destroyed: the server, the router, the
//      services, the store last.
// So no completion ever runs against something already gone.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "common/result.h"
#include "service/services.h"
#include "web/http_server.h"
#include "web/i18n.h"
#include "web/router.h"

namespace portsafe::app {

struct AppOptions {
  web::ServerOptions server;
  int retention_months = 12;  // the daily purge (by one node of several)
  // How often the log gets a summary of what was turned away (only when
  // something was): counts, never an address, a path or a time.
  std::chrono::seconds pressure_log_every{60};
};

class App {
 public:
  // Builds the router and the server over `services` (owned from here on).
  static Result<std::unique_ptr<App>> Make(std::unique_ptr<service::Services> services,
                                           AppOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds and listens; returns the bound port. Errors as HttpServer::Start.
  Result<std::uint16_t> Start();
  // Starts the background work and the daily purge, serves until SIGINT,
  // SIGTERM or Stop(), then shuts down (steps 1 to 3 above). Blocks.
  void Run();
  // Begins the shutdown from any thread; Run() returns when it is done.
  void Stop() { server_->Stop(); }

  service::Services& services() { return *services_; }

 private:
  App(std::unique_ptr<service::Services> services, AppOptions options, web::Catalogue catalogue);

  std::unique_ptr<service::Services> services_;
  AppOptions options_;
  web::Catalogue catalogue_;
  std::unique_ptr<web::Router> router_;
  std::unique_ptr<web::HttpServer> server_;
};

}  // namespace portsafe::app
