// The service half of the composition root: one object that owns the store
// and every service over it, wired once, in one order. `portsafe serve` and
// `portsafe demo` (through app::App, which adds the HTTP server), the demo
// data, and the tests' worlds all build the services here, so there is one
// wiring to read and to test.
//
// Construction order (each may use those before it): clock (not owned),
// store, audit log, mail sender, e-mail notifier, link service, auth,
// agency, team, file cleaner, the work pools, reporting, handling, figures,
// membership, alerts. Destruction is the reverse, after Shutdown().
//
// Thread-safety: the accessors may be called from any thread; the services
// are thread-safe as their own headers say. Shutdown() is idempotent.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/work_pool.h"
#include "core/figures.h"
#include "core/port_directory.h"
#include "media/sandboxed_cleaner.h"
#include "service/admission_gate.h"
#include "service/agency_service_impl.h"
#include "service/alert_service_impl.h"
#include "service/audit_log.h"
#include "service/auth_service_impl.h"
#include "service/figures_service_impl.h"
#include "service/handling_service_impl.h"
#include "service/instance.h"
#include "service/learn_service_impl.h"
#include "service/link_service_impl.h"
#include "service/mail_sender.h"
#include "service/membership_service_impl.h"
#include "service/notifier.h"
#include "service/notifier_impl.h"
#include "service/reporting_service_impl.h"
#include "service/row_seal.h"
#include "service/smtp_mail_sender.h"
#include "service/team_service_impl.h"
#include "store/sql_store.h"

namespace portsafe::service {

struct ServicesOptions {
  // E-mail to staff: through `mail` when set (tests), else through SMTP when
  // `smtp.url` is set, else none (invitations are handed over by the admin).
  MailSender* mail = nullptr;  // must outlive the Services
  SmtpOptions smtp;
  // The audit chain's head is recorded in this file (AuditWitness) every
  // `witness_every` entries, at least daily, and at start and stop; ""
  // records none. Each head is also mailed to `auditor_email` when it and
  // e-mail are set.
  std::string audit_witness;
  std::int64_t witness_every = kWitnessEvery;
  std::string auditor_email;
  std::chrono::milliseconds notify_every{std::chrono::seconds(60)};
  AuthOptions auth;
  LinkOptions links;  // `leases` and `node` are filled in here
  std::string node;   // this process among the nodes (NewNodeId() when empty)
  // Uploaded files are cleaned by `cleaner` when set (must outlive the
  // Services; tests), else by the sandboxed portsafe-media process
  // (media::SandboxedFileCleaner) with `cleaning`.
  media::FileCleaner* cleaner = nullptr;
  media::CleanerOptions cleaning;
  // New anonymous reports beyond this rate wait their turn, then are
  // refused (service/admission_gate.h); per_second 0: no limit.
  AdmissionOptions admission;
  // Heavy work never runs on the server's I/O threads: each kind has a pool
  // of threads and a bounded queue (common/work_pool.h); when a queue is
  // full, only that kind of request is answered 503 with Retry-After.
  struct Pool {
    unsigned threads;
    size_t queue;
  };
  // Cleaning uploads: as many threads as cleaning processes run at once.
  Pool media_work{2, 8};
  // Sign-ins and password changes. Mostly waiting (an unknown address only
  // waits, AuthServiceImpl::MimicDerive); the Argon2id work itself is
  // bounded by AuthOptions::password_checks_at_once.
  Pool password_work{16, 256};
  // Posters, leaflets and QR codes.
  Pool render_work{2, 16};
  // Invitations and newsletters, sent while the admin waits.
  Pool mail_work{2, 16};
  // The lessons at /learn are read from this directory at start
  // (service/lessons.h); "" uses the copy built in.
  std::string learn_dir;
  // Staff actions over many reports at once (closing a group of
  // near-identical reports): one at a time, apart from reporters' pages.
  Pool bulk_work{1, 4};
};

class Services {
 public:
  // Wires every service over `store` (owned from here on) and the instance's
  // `keys`. Reads the port directory, the port groups and the public URL
  // from the store, and brings the link index to its current version.
  // `clock` must outlive the Services.
  static Result<std::unique_ptr<Services>> Open(std::unique_ptr<store::SqlStore> store,
                                                InstanceKeys keys, const Clock* clock,
                                                ServicesOptions options = {});
  // Shutdown(), then every member in reverse order of construction.
  ~Services();
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  // Starts the background work: the link index's worker (with the keys of
  // a signed-in handler or supervisor). Call once, after Open.
  void StartBackground();
  // Stops the work pools (what is queued runs first), the background work
  // (the link worker; the e-mail rounds, sending what gathered), then closes
  // the store: no write is taken after, and
  // every queued write is committed and its completion has run before this
  // returns. The services stay alive for those completions. Call once
  // nothing new arrives (the server has stopped); idempotent.
  void Shutdown();

  const Clock& clock() const { return *clock_; }
  const std::string& node() const { return node_; }
  const std::string& public_url() const { return public_url_; }
  const core::PortDirectory& ports() const { return ports_; }
  const std::vector<core::PortGroup>& groups() const { return groups_; }
  const InstanceKeys& keys() const { return keys_; }

  store::SqlStore* store() const { return store_.get(); }
  AuditLog* audit() const { return audit_.get(); }
  // Records the audit chain's head when no head was recorded today: the
  // daily job (App::Run). Does nothing without a witness.
  void WitnessAuditIfDue();
  NotifierImpl* notifier() const { return notifier_.get(); }  // null without e-mail
  LinkServiceImpl* links() const { return links_.get(); }
  AuthServiceImpl* auth() const { return auth_.get(); }
  AgencyServiceImpl* agency() const { return agency_.get(); }
  TeamServiceImpl* team() const { return team_.get(); }
  ReportingServiceImpl* reporting() const { return reporting_.get(); }
  HandlingServiceImpl* handling() const { return handling_.get(); }
  FiguresServiceImpl* figures() const { return figures_.get(); }
  MembershipServiceImpl* membership() const { return membership_.get(); }
  LearnServiceImpl* learn() const { return learn_.get(); }
  AlertServiceImpl* alerts() const { return alerts_.get(); }
  // The pool for `kind` of heavy work.
  WorkPool* pool(Work kind) const;
  AdmissionGate* admission() const { return admission_.get(); }

 private:
  explicit Services(const Clock* clock) : clock_(clock) {}

  // In order of construction; destroyed in reverse.
  const Clock* clock_;
  InstanceKeys keys_;
  std::string node_;
  std::string public_url_;
  core::PortDirectory ports_;
  std::vector<core::PortGroup> groups_;
  std::unique_ptr<store::SqlStore> store_;
  std::unique_ptr<RowSeal> seal_;
  std::unique_ptr<AuditWitness> witness_;  // unless ServicesOptions::audit_witness is ""
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<SmtpMailSender> smtp_;
  std::unique_ptr<NotifierImpl> notifier_;
  std::unique_ptr<LinkServiceImpl> links_;
  std::unique_ptr<FanoutNotifier> notices_;  // e-mail and the link worker
  std::unique_ptr<AuthServiceImpl> auth_;
  std::unique_ptr<AgencyServiceImpl> agency_;
  std::unique_ptr<TeamServiceImpl> team_;
  std::unique_ptr<media::SandboxedFileCleaner> cleaner_;  // unless ServicesOptions::cleaner
  // Stopped first in Shutdown (their queued work may still write to the
  // store), so destroyed after the services that post to them.
  std::unique_ptr<WorkPool> media_pool_;
  std::unique_ptr<WorkPool> password_pool_;
  std::unique_ptr<WorkPool> render_pool_;
  std::unique_ptr<WorkPool> bulk_pool_;
  std::unique_ptr<WorkPool> mail_pool_;
  std::unique_ptr<AdmissionGate> admission_;  // stopped first in Shutdown
  std::unique_ptr<ReportingServiceImpl> reporting_;
  std::unique_ptr<HandlingServiceImpl> handling_;
  std::unique_ptr<LearnServiceImpl> learn_;
  std::unique_ptr<FiguresServiceImpl> figures_;
  std::unique_ptr<MembershipServiceImpl> membership_;
  std::unique_ptr<AlertServiceImpl> alerts_;
  bool shut_down_ = false;
};

// The port directory as `store` holds it.
Result<core::PortDirectory> LoadPortDirectory(store::Store* store);

}  // namespace portsafe::service
