// A real, hermetic staff-side world for tests: an instance in a temporary
// directory, the SQLite store, every service wired by service::Services as
// `portsafe serve` wires them, one user of each role, and a manual clock the
// test moves (each sign-in moves it to a fresh TOTP step).
#pragma once

#include <gtest/gtest.h>

#include <ctime>
#include <future>
#include <map>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/fs.h"
#include "core/figures.h"
#include "core/handling.h"
#include "core/role.h"
#include "crypto/totp.h"
#include "service/accounts.h"
#include "service/instance.h"
#include "service/mock_mail_sender.h"
#include "service/services.h"
#include "store/sql_store.h"
#include "support/temp_dir.h"
#include "support/test_databases.h"

namespace portsafe::testing {

inline constexpr const char* kStaffPassword = "correct horse battery";

class StaffWorld {
 public:
  // Starts at noon UTC on 2026-11-26: every date a test sees comes from
  // clock_, never from the machine's clock.
  // On `backend`: PostgreSQL in a schema of its own (tests marked PG).
  explicit StaffWorld(service::ServicesOptions options = {}, Backend backend = Backend::kSqlite)
      : clock_(ManualClock::NoonOn("2026-11-26")) {
    data_ = dir_.path() + "/data";
    recovery_ = dir_.path() + "/recovery.key";
    if (backend == Backend::kPostgres) {
      auto schema = PgSchema::Create();
      Check(schema.status());
      pg_ = std::move(*schema);
    }
    Check(service::InitInstance(data_, recovery_, "https://portsafe.test", pg_ ? pg_->url() : ""));
    auto keys = service::LoadInstanceKeys(data_);
    Check(keys.status());
    keys_ = *keys;
    auto store = OpenStore();
    Check(store.status());
    Check((*store)->reports().PutFacility(
        {"GBFXT-TRINITY", "GBFXT", "Trinity Terminal", "", "active", "2026-01-05"}));
    // The services as `portsafe serve` wires them (service::Services), with
    // the mock mail sender and without the background worker.
    if (options.mail == nullptr) options.mail = &mail_;
    if (options.cleaning.helper.empty()) options.cleaning.helper = PORTSAFE_MEDIA_HELPER;
    auto services = service::Services::Open(std::move(*store), keys_, &clock_, std::move(options));
    Check(services.status());
    services_ = std::move(*services);
    store_ = services_->store();
    audit_ = services_->audit();
    auth_ = services_->auth();
    reporting_ = services_->reporting();
    handling_ = services_->handling();
    links_ = services_->links();
    agency_ = services_->agency();
    team_ = services_->team();
    figures_ = services_->figures();
    membership_ = services_->membership();
    learn_ = services_->learn();
    alerts_ = services_->alerts();

    auto text = fs::ReadFile(recovery_);
    Check(text.status());
    auto service_key = service::ParseRecoveryKey(*text);
    Check(service_key.status());
    service_key_ = std::move(*service_key);
    const service::NewAgency agencies[] = {
        {"SUFFOLK-POLICE", "Suffolk Constabulary", "police", {"GBFXT"}},
        {"KENT-POLICE", "Kent Police", "police", {"GBDVR"}},
        {"JMSC", "Joint Maritime Security Centre", "maritime", {}},
        {"BORDER-FORCE", "Border Force", "border_force", {}},
        {"NCA", "National Crime Agency", "nca", {}},
    };
    for (const auto& a : agencies) {
      auto key =
          service::CreateAgency(&store_->staff(), &store_->reports(), keys_.instance_secret, a);
      Check(key.status());
      agency_keys_[a.code] = std::move(*key);
    }
    for (core::Role r : core::AllRoles()) AddUser(r, true);
  }

  // Another store on this world's database, as a second node opens it.
  Result<std::unique_ptr<store::SqlStore>> OpenStore() const {
    return pg_ ? store::SqlStore::OpenPostgres(pg_->url())
               : store::SqlStore::OpenSqlite(service::DatabasePath(data_));
  }

  // Moves the clock on by `seconds` (back, when negative).
  void Advance(std::int64_t seconds) { clock_.Advance(std::chrono::seconds(seconds)); }
  // The clock's Unix seconds.
  std::time_t Now() const { return static_cast<std::time_t>(clock_.UnixSeconds()); }
  // Moves the clock to noon UTC on `date` (YYYY-MM-DD).
  void SetDate(const std::string& date) { clock_.SetDate(date); }
  // The clock's date, YYYY-MM-DD.
  std::string Today() const { return clock_.Today(); }
  // Moves the clock on by whole months (to noon UTC of that day), e.g. to
  // where figures of this month are published.
  void AdvanceMonths(int months) { SetDate(core::AddMonths(Today(), months)); }

  // Adds an officer of agency `code` holding its key.
  std::string AddOfficer(const std::string& code, const std::string& email) {
    return AddUser(core::Role::kAgency, true, email, code);
  }

  // Adds a user of `role` (email "<role>@test.invalid", or `email`), with
  // the key the role holds when `with_key`; with `first_password`, the
  // password is one the holder must change at first sign-in. A port
  // security manager manages `facility`.
  std::string AddUser(core::Role role, bool with_key, std::string email = "",
                      const std::string& agency = "SUFFOLK-POLICE", bool first_password = false,
                      const std::string& facility = "GBFXT-TRINITY") {
    const std::string name(core::ToString(role));
    if (email.empty()) email = name + "@test.invalid";
    std::vector<service::KeyToGrant> grants;
    if (with_key && core::ReadsReports(role)) {
      grants.push_back({service::kServiceKeyName, &service_key_});
    }
    if (with_key && role == core::Role::kAgency) {
      grants.push_back({service::AgencyKeyName(agency), &agency_keys_.at(agency)});
    }
    service::NewUser u{email,
                       name,
                       role == core::Role::kAgency ? agency : "",
                       role == core::Role::kPortManager ? facility : "",
                       kStaffPassword,
                       Today(),
                       first_password};
    auto created =
        service::CreateUser(&store_->staff(), &store_->reports(), keys_.instance_secret, u, grants);
    Check(created.status());
    auto secret = crypto::TotpSecretFromUri(created->totp_uri);
    Check(secret.status());
    totp_[email] = std::move(*secret);
    recovery_codes_[email] = created->recovery_code;
    return email;
  }

  // The current TOTP code for a user.
  std::string Code(const std::string& email) { return crypto::TotpCode(totp_.at(email), Now()); }

  // Signs in as the user of `role` (or `email`) and returns the token.
  std::string Login(core::Role role, std::string email = "") {
    if (email.empty()) email = std::string(core::ToString(role)) + "@test.invalid";
    Advance(30);  // a fresh TOTP step: codes are single-use
    auto t = auth_->Login(email, kStaffPassword, Code(email));
    Check(t.status());
    return *t;
  }
  std::shared_ptr<const service::StaffSession> Session(const std::string& token) {
    auto s = auth_->Authenticate(token);
    Check(s.status());
    return *s;
  }

  // Files a report as a reporter; returns the receipt.
  std::string Submit(const std::string& description, const std::string& category = "drugs",
                     const std::string& vehicles = "") {
    core::ReportSubmission s;
    s.port = "GBFXT";
    s.facility = "GBFXT-TRINITY";
    s.category = category;
    s.description = description;
    s.vehicles = vehicles;
    s.lang = "en";
    return Submit(std::move(s));
  }
  std::string Submit(core::ReportSubmission s) {
    auto before = store_->staff().ListHandling();
    Check(before.status());
    std::promise<Result<std::string>> p;
    reporting_->Submit(s, {}, [&p](Result<service::Submitted> r) {
      p.set_value(r.ok() ? Result<std::string>(r->receipt) : Result<std::string>(r.error()));
    });
    auto r = p.get_future().get();
    Check(r.status());
    auto after = store_->staff().ListHandling();
    Check(after.status());
    for (const auto& row : *after) {
      bool seen = false;
      for (const auto& b : *before) seen = seen || b.report_id == row.report_id;
      if (!seen) last_report_id_ = row.report_id;
    }
    return *r;
  }
  // Whether the audit log holds an entry with `action` about `target`.
  bool Audited(const std::string& target, const std::string& action) {
    auto entries = audit_->EntriesFor(target);
    Check(entries.status());
    for (const auto& e : *entries) {
      if (e.event.action == action) return true;
    }
    return false;
  }

  // The id of the report the last Submit filed.
  const std::string& LastReportId() const { return last_report_id_; }

  ManualClock clock_;
  TempDir dir_;
  std::unique_ptr<PgSchema> pg_;  // PostgreSQL only; outlives the services
  std::string data_, recovery_;
  // The whole queue, read a few reports a page (so every test that reads
  // the queue also walks its pages): the pages' items in order, or the
  // first error.
  Result<std::vector<service::QueueItem>> WholeQueue(const service::StaffSession& s,
                                                     service::QueueSort sort, bool include_closed,
                                                     size_t page = 3) {
    service::QueueQuery q;
    q.sort = sort;
    q.include_closed = include_closed;
    q.limit = page;
    std::vector<service::QueueItem> out;
    for (int pages = 0; pages < 10000; ++pages) {
      auto got = handling_->Queue(s, q);
      if (!got.ok()) return got.error();
      out.insert(out.end(), got->items.begin(), got->items.end());
      if (got->next.empty()) return out;
      q.after = got->next;
    }
    return Error(ErrorCode::kInternal, "the queue's pages never ended");
  }

  service::InstanceKeys keys_;
  ::testing::NiceMock<service::MockMailSender> mail_;
  std::unique_ptr<service::Services> services_;
  // The services, owned by services_.
  store::SqlStore* store_ = nullptr;
  service::AuditLog* audit_ = nullptr;
  service::AuthServiceImpl* auth_ = nullptr;
  service::ReportingServiceImpl* reporting_ = nullptr;
  service::HandlingServiceImpl* handling_ = nullptr;
  service::LinkServiceImpl* links_ = nullptr;
  service::AgencyServiceImpl* agency_ = nullptr;
  service::TeamServiceImpl* team_ = nullptr;
  service::FiguresServiceImpl* figures_ = nullptr;
  service::MembershipServiceImpl* membership_ = nullptr;
  service::LearnServiceImpl* learn_ = nullptr;
  service::AlertServiceImpl* alerts_ = nullptr;
  crypto::KeyPair service_key_;
  std::map<std::string, crypto::KeyPair> agency_keys_;
  std::map<std::string, crypto::SecretBytes> totp_;
  std::map<std::string, std::string> recovery_codes_;  // by e-mail address
  std::string last_report_id_;

 private:
  static void Check(const Status& st) {
    if (!st.ok()) {
      ADD_FAILURE() << st.error().message();
      throw std::runtime_error(st.error().message());
    }
  }
};

}  // namespace portsafe::testing
