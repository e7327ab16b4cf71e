#include "service/services.h"

#include "common/log.h"
#include "service/facilities.h"
#include "service/leased_job.h"

namespace portsafe::service {

Result<core::PortDirectory> LoadPortDirectory(store::Store* store) {
  auto rows = store->LoadPorts();
  if (!rows.ok()) return rows.error();
  std::vector<core::Port> ports;
  ports.reserve(rows->size());
  for (auto& r : *rows) {
    ports.push_back(
        {std::move(r.code), std::move(r.name), std::move(r.subdivision), std::move(r.status)});
  }
  return core::PortDirectory(std::move(ports));
}

Result<std::unique_ptr<Services>> Services::Open(std::unique_ptr<store::SqlStore> store,
                                                 InstanceKeys keys, const Clock* clock,
                                                 ServicesOptions options) {
  std::unique_ptr<Services> s(new Services(clock));
  s->keys_ = std::move(keys);
  s->node_ = options.node.empty() ? NewNodeId() : options.node;
  auto ports = LoadPortDirectory(&store->reports());
  if (!ports.ok()) return ports.error();
  s->ports_ = std::move(*ports);
  auto groups = LoadPortGroups();
  if (!groups.ok()) return groups.error();
  s->groups_ = std::move(*groups);
  s->seal_ = std::make_unique<RowSeal>(s->keys_.instance_secret);
  auto public_url = GetSealedSetting(&store->membership(), *s->seal_, "public_url");
  std::optional<Error> url_refused;
  if (public_url.ok()) {
    s->public_url_ = *public_url;
  } else if (public_url.error().code() == ErrorCode::kPermissionDenied) {
    // Changed in the database: posters and invitation links could point
    // anywhere. Relative links instead, and the operator told.
    log::Error("public URL refused", {{"why", public_url.error().message()}});
    url_refused = public_url.error();
  } else {
    return public_url.error();
  }

  s->store_ = std::move(store);
  store::SqlStore* db = s->store_.get();
  store::Store* reports = &db->reports();
  store::StaffStore* staff = &db->staff();
  store::MembershipStore* membership = &db->membership();
  MailSender* mail = options.mail;
  if (mail == nullptr && !options.smtp.url.empty()) {
    s->smtp_ = std::make_unique<SmtpMailSender>(options.smtp, clock);
    mail = s->smtp_.get();
  }
  AuditWitnessing witnessing;
  if (!options.audit_witness.empty()) {
    s->witness_ = std::make_unique<AuditWitness>(options.audit_witness);
    witnessing.witness = s->witness_.get();
    witnessing.every = options.witness_every;
    if (mail != nullptr && !options.auditor_email.empty()) {
      Services* self = s.get();
      witnessing.on_recorded = [self, mail, to = options.auditor_email](const AuditHead& head) {
        Mail m{to, "PortSafe audit log head",
               "The audit log's head, recorded " + head.on +
                   ". Keep this mail: `portsafe audit verify --witness FILE` checks the log\n"
                   "against a file of such lines, and names entries deleted or rolled back.\n\n" +
                   AuditWitness::Format(head),
               ""};
        WorkPool* pool = self->mail_pool_.get();
        const bool posted = pool != nullptr && pool->TryPost([mail, m = std::move(m)] {
          if (auto st = mail->Send(m); !st.ok()) {
            log::Warn("audit head not mailed", {{"why", st.error().message()}});
          }
        });
        if (!posted) log::Warn("audit head not mailed", {{"why", "the mail queue is full"}});
      };
    }
  }
  s->audit_ =
      std::make_unique<AuditLog>(staff, s->keys_.instance_secret, clock, std::move(witnessing));
  if (url_refused)
    (void)s->audit_->Append({"service", "operator", "setting.refused", "public_url"});
  if (mail != nullptr) {
    s->notifier_ = std::make_unique<NotifierImpl>(staff, mail, options.notify_every);
  }
  LinkOptions link_options = options.links;
  link_options.leases = &db->cluster();
  link_options.node = s->node_;
  s->links_ = std::make_unique<LinkServiceImpl>(reports, staff, &db->links(), s->audit_.get(),
                                                &s->ports_, clock, link_options);
  if (auto st = s->links_->CheckVersion(); !st.ok()) return st.error();
  s->notices_ =
      std::make_unique<FanoutNotifier>(std::vector<Notifier*>{s->notifier_.get(), s->links_.get()});
  LinkServiceImpl* links = s->links_.get();
  s->auth_ = std::make_unique<AuthServiceImpl>(staff, &db->cluster(), s->audit_.get(), s->keys_,
                                               clock, options.auth, s->notifier_.get(),
                                               [links] { links->Wake(); });
  s->agency_ = std::make_unique<AgencyServiceImpl>(
      staff, s->audit_.get(), s->keys_.service_public_key, clock, s->notifier_.get(), &s->ports_);
  s->team_ = std::make_unique<TeamServiceImpl>(staff, s->audit_.get(), s->seal_.get(),
                                               &s->keys_.instance_secret);
  media::FileCleaner* cleaner = options.cleaner;
  if (cleaner == nullptr) {
    s->cleaner_ = std::make_unique<media::SandboxedFileCleaner>(options.cleaning, clock);
    cleaner = s->cleaner_.get();
  }
  auto make_pool = [](const char* name, ServicesOptions::Pool p) {
    return std::make_unique<WorkPool>(name, p.threads, p.queue);
  };
  s->media_pool_ = make_pool("media", options.media_work);
  s->password_pool_ = make_pool("password", options.password_work);
  s->render_pool_ = make_pool("render", options.render_work);
  s->mail_pool_ = make_pool("mail", options.mail_work);
  s->bulk_pool_ = make_pool("bulk", options.bulk_work);
  s->admission_ = std::make_unique<AdmissionGate>(options.admission, clock);
  s->reporting_ = std::make_unique<ReportingServiceImpl>(reports, s->keys_, s->ports_, clock,
                                                         cleaner, s->notices_.get(),
                                                         s->media_pool_.get(), s->admission_.get());
  s->handling_ = std::make_unique<HandlingServiceImpl>(
      reports, staff, s->audit_.get(), s->reporting_.get(), clock, s->notifier_.get(), links,
      &s->groups_, s->seal_.get());
  auto lessons = LoadLessons(options.learn_dir, ReporterLanguages());
  if (!lessons.ok()) {
    return InvalidArgument(
        "the lessons " +
        (options.learn_dir.empty() ? std::string("built in") : "in " + options.learn_dir) +
        " cannot be used: " + lessons.error().message());
  }
  std::vector<std::pair<std::string, std::string>> lesson_rows;  // id, English title
  for (const auto& l : lessons->In("en")) lesson_rows.emplace_back(l.id, l.title);
  s->learn_ = std::make_unique<LearnServiceImpl>(std::move(*lessons), reports, membership, clock);
  s->figures_ = std::make_unique<FiguresServiceImpl>(membership, reports, &s->ports_, s->groups_,
                                                     clock, std::move(lesson_rows));
  MembershipDeps md;
  md.store = reports;
  md.staff = staff;
  md.membership = membership;
  md.instance_secret = s->keys_.instance_secret;
  md.ports = &s->ports_;
  md.groups = s->groups_;
  md.audit = s->audit_.get();
  md.mail = mail;
  md.public_url = s->public_url_;
  md.clock = clock;
  s->membership_ = std::make_unique<MembershipServiceImpl>(std::move(md));
  AlertDeps ad;
  ad.alerts = &db->alerts();
  ad.store = reports;
  ad.membership = membership;
  ad.staff = staff;
  ad.audit = s->audit_.get();
  ad.mail = mail;
  ad.instance_secret = s->keys_.instance_secret;
  ad.ports = &s->ports_;
  ad.groups = &s->groups_;
  ad.clock = clock;
  ad.public_url = s->public_url_;
  s->alerts_ = std::make_unique<AlertServiceImpl>(std::move(ad));
  return s;
}

Services::~Services() { Shutdown(); }

WorkPool* Services::pool(Work kind) const {
  switch (kind) {
    case Work::kMedia:
      return media_pool_.get();
    case Work::kPassword:
      return password_pool_.get();
    case Work::kRender:
      return render_pool_.get();
    case Work::kMail:
      return mail_pool_.get();
    case Work::kBulk:
      return bulk_pool_.get();
  }
  return nullptr;
}

void Services::WitnessAuditIfDue() {
  if (!witness_) return;
  if (auto st = audit_->WitnessIfDue(); !st.ok()) {
    log::Warn("audit witness not written", {{"why", st.error().message()}});
  }
}

void Services::StartBackground() {
  WitnessAuditIfDue();  // the head as this node starts
  AuthServiceImpl* auth = auth_.get();
  links_->StartWorker([auth] { return auth->ServiceKeySession(); });
}

void Services::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (admission_) admission_->Stop();  // reports still waiting are refused
  for (WorkPool* p :
       {media_pool_.get(), password_pool_.get(), render_pool_.get(), bulk_pool_.get()}) {
    if (p) p->Stop();
  }
  if (links_) links_->StopWorker();
  if (notifier_) notifier_->Stop();
  // The head as this node stops, once nothing else appends; the mail pool
  // stops after it, sending its mail to the auditor first.
  if (witness_ && audit_) {
    if (auto head = audit_->Witness(); !head.ok()) {
      log::Warn("audit witness not written", {{"why", head.error().message()}});
    }
  }
  if (mail_pool_) mail_pool_->Stop();
  if (store_) store_->Close();
}

}  // namespace portsafe::service
