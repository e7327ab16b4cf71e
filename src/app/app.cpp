#include "app/app.h"

#include <array>

#include "common/log.h"
#include "common/periodic.h"
#include "service/leased_job.h"
#include "service/retention.h"
#include "web/app.h"

namespace portsafe::app {
namespace {

// The retention purge, once a day across every node serving the database:
// each node checks at start and every ten minutes, and the one that takes
// the lease on a day not yet done runs it. Logs only how many reports went
// (never which).
void PurgeIfDue(service::LeasedJob* job, service::Services* s, int months) {
  const std::string today = s->clock().Today();
  auto ran = job->RunIfDue(
      [&today](const std::string& last) { return last != today; },
      [&]() -> Result<std::string> {
        auto done = service::Purge(&s->store()->staff(), s->audit(), today, months, false);
        if (!done.ok()) return done.error();
        log::Info("retention purge", {{"reports", static_cast<std::int64_t>(done->size())}});
        return today;
      });
  if (!ran.ok()) log::Warn("purge failed", {{"error", ran.error().message()}});
}

// What was turned away since the last summary, by kind, logged only when
// something was, so an operator sees an attack. Counts only: no address,
// path or time, so nothing joins a log line to a reporter.
class PressureLog {
 public:
  PressureLog(const web::HttpServer* server, const service::Services* services)
      : server_(server), services_(services) {}

  void Run() {
    const Totals now = Read();
    Totals d;
    for (size_t i = 0; i < now.size(); ++i) d[i] = now[i] - last_[i];
    last_ = now;
    size_t any = 0;
    for (size_t v : d) any += v;
    if (any == 0) return;
    auto n = [](size_t v) { return static_cast<std::int64_t>(v); };
    log::Warn("turned away", {{"connections_full", n(d[0])},
                              {"connections_evicted", n(d[1])},
                              {"in_flight_full", n(d[2])},
                              {"body_memory_full", n(d[3])},
                              {"answer_memory_full", n(d[4])},
                              {"accept_backoffs", n(d[5])},
                              {"new_reports_refused", n(d[6])},
                              {"files_refused", n(d[7])},
                              {"sign_ins_refused", n(d[8])},
                              {"renders_refused", n(d[9])},
                              {"mails_refused", n(d[10])},
                              {"bulk_actions_refused", n(d[11])}});
  }

 private:
  using Totals = std::array<size_t, 12>;
  Totals Read() const {
    const auto c = server_->counts();
    return {c.connections_full,
            c.evicted,
            c.in_flight_full,
            c.body_memory_full,
            c.answer_memory_full,
            c.accept_backoffs,
            services_->admission()->refused(),
            services_->pool(Work::kMedia)->refused(),
            services_->pool(Work::kPassword)->refused(),
            services_->pool(Work::kRender)->refused(),
            services_->pool(Work::kMail)->refused(),
            services_->pool(Work::kBulk)->refused()};
  }

  const web::HttpServer* server_;
  const service::Services* services_;
  Totals last_{};
};

}  // namespace

Result<std::unique_ptr<App>> App::Make(std::unique_ptr<service::Services> services,
                                       AppOptions options) {
  auto catalogue = web::Catalogue::LoadEmbedded();
  if (!catalogue.ok()) return catalogue.error();
  return std::unique_ptr<App>(
      new App(std::move(services), std::move(options), std::move(*catalogue)));
}

App::App(std::unique_ptr<service::Services> services, AppOptions options, web::Catalogue catalogue)
    : services_(std::move(services)),
      options_(std::move(options)),
      catalogue_(std::move(catalogue)) {
  service::Services& s = *services_;
  web::WebContext ctx;
  ctx.reporting = s.reporting();
  ctx.catalogue = &catalogue_;
  // Store completions run on the writer thread; the JSON API answers from
  // there at once, and pages defer their rendering to the server threads.
  ctx.defer = [this](std::function<void()> fn) { server_->Post(std::move(fn)); };
  // Heavy work (cleaning files, Argon2id, PDFs and QR codes, mail) runs
  // on the services' pools, never on the server's threads.
  ctx.offload = [&s](Work kind, std::function<void()> fn) {
    return s.pool(kind)->TryPost(std::move(fn));
  };
  ctx.auth = s.auth();
  ctx.handling = s.handling();
  ctx.agency = s.agency();
  ctx.team = s.team();
  ctx.figures = s.figures();
  ctx.membership = s.membership();
  ctx.public_url = s.public_url();
  ctx.links = s.links();
  ctx.learn = s.learn();
  ctx.alerts = s.alerts();
  router_ = web::BuildRouter(ctx);
  server_ = std::make_unique<web::HttpServer>(options_.server, router_.get());
}

App::~App() {
  services_->Shutdown();  // nothing runs when Run() was never called; idempotent
}

Result<std::uint16_t> App::Start() { return server_->Start(); }

void App::Run() {
  services_->StartBackground();
  {
    service::LeasedJob purge_job(&services_->store()->cluster(), &services_->clock(),
                                 {"retention.purge", services_->node(), 3600});
    Periodic purge(std::chrono::minutes(10), true,
                   [&] { PurgeIfDue(&purge_job, services_.get(), options_.retention_months); });
    // The audit chain's head, recorded at least daily (and every
    // ServicesOptions::witness_every entries).
    Periodic witness(std::chrono::hours(1), false, [&] { services_->WitnessAuditIfDue(); });
    // Expired sessions' keys leave memory within a minute.
    Periodic sweep(std::chrono::minutes(1), false, [&] { services_->auth()->SweepExpired(); });
    PressureLog pressure(server_.get(), services_.get());
    Periodic pressure_log(options_.pressure_log_every, false, [&] { pressure.Run(); });
    server_->Run();  // returns once requests in hand are answered
  }                  // the purge job and the pressure summary stop here
  services_->Shutdown();
  log::Info("stopped");
}

}  // namespace portsafe::app
