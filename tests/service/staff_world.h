// A real, hermetic staff-side world for tests: an instance in a temporary
// directory, the SQLite store, every service wired as `portsafe serve` wires
// them, one user of each role, and a clock the test moves (so each sign-in
// gets a fresh TOTP step).
#pragma once

#include <gtest/gtest.h>

#include <ctime>
#include <future>
#include <map>
#include <memory>
#include <string>

#include "common/fs.h"
#include "core/handling.h"
#include "core/role.h"
#include "crypto/totp.h"
#include "service/accounts.h"
#include "service/agency_service_impl.h"
#include "service/audit_log.h"
#include "service/auth_service_impl.h"
#include "service/facilities.h"
#include "service/figures_service_impl.h"
#include "service/handling_service_impl.h"
#include "service/instance.h"
#include "service/link_service_impl.h"
#include "service/membership_service_impl.h"
#include "service/mock_mail_sender.h"
#include "service/reporting_service_impl.h"
#include "service/team_service_impl.h"
#include "store/sql_store.h"
#include "support/temp_dir.h"

namespace portsafe::testing {

inline constexpr const char* kStaffPassword = "correct horse battery";

class StaffWorld {
 public:
  StaffWorld() {
    data_ = dir_.path() + "/data";
    recovery_ = dir_.path() + "/recovery.key";
    Check(service::InitInstance(data_, recovery_, "https://portsafe.test"));
    auto keys = service::LoadInstanceKeys(data_);
    Check(keys.status());
    keys_ = *keys;
    auto store = store::SqlStore::OpenSqlite(service::DatabasePath(data_));
    Check(store.status());
    store_ = std::move(*store);
    Check(store_->PutFacility(
        {"GBFXT-TRINITY", "GBFXT", "Trinity Terminal", "", "active", "2026-01-05"}));
    auto rows = store_->LoadPorts();
    Check(rows.status());
    std::vector<core::Port> ports;
    for (auto& r : *rows) ports.push_back({r.code, r.name, r.subdivision, r.status});
    audit_ = std::make_unique<service::AuditLog>(store_.get(), keys_.instance_secret);
    service::AuthOptions ao;
    ao.now = [this] { return now_; };
    auth_ = std::make_unique<service::AuthServiceImpl>(store_.get(), store_.get(), audit_.get(),
                                                       keys_, ao);
    reporting_ = std::make_unique<service::ReportingServiceImpl>(
        store_.get(), keys_, core::PortDirectory(std::move(ports)), [this] { return today_; });
    handling_ = std::make_unique<service::HandlingServiceImpl>(
        store_.get(), store_.get(), audit_.get(), reporting_.get(), [this] { return today_; });
    links_ = std::make_unique<service::LinkServiceImpl>(store_.get(), store_.get(), store_.get(),
                                                        audit_.get(), &reporting_->ports());
    handling_->set_links(links_.get());

    auto text = fs::ReadFile(recovery_);
    Check(text.status());
    auto service_key = service::ParseRecoveryKey(*text);
    Check(service_key.status());
    service_key_ = std::move(*service_key);
    team_ = std::make_unique<service::TeamServiceImpl>(store_.get(), audit_.get());
    agency_ = std::make_unique<service::AgencyServiceImpl>(
        store_.get(), audit_.get(), keys_.service_public_key, [this] { return today_; });
    const service::NewAgency agencies[] = {
        {"SUFFOLK-POLICE", "Suffolk Constabulary", "police", {"GBFXT"}},
        {"KENT-POLICE", "Kent Police", "police", {"GBDVR"}},
        {"JMSC", "Joint Maritime Security Centre", "maritime", {}},
        {"BORDER-FORCE", "Border Force", "border_force", {}},
        {"NCA", "National Crime Agency", "nca", {}},
    };
    for (const auto& a : agencies) {
      auto key = service::CreateAgency(store_.get(), store_.get(), a);
      Check(key.status());
      agency_keys_[a.code] = std::move(*key);
    }
    for (core::Role r : core::AllRoles()) AddUser(r, true);

    auto groups = service::LoadPortGroups();
    Check(groups.status());
    figures_ = std::make_unique<service::FiguresServiceImpl>(store_.get(), store_.get(),
                                                             &reporting_->ports(), *groups,
                                                             [this] { return figures_today_; });
    service::MembershipDeps md;
    md.store = store_.get();
    md.staff = store_.get();
    md.membership = store_.get();
    md.instance_secret = keys_.instance_secret;
    md.ports = &reporting_->ports();
    md.groups = *groups;
    md.audit = audit_.get();
    md.mail = &mail_;
    md.public_url = "https://portsafe.test";
    md.today = [this] { return today_; };
    md.now = [this] { return static_cast<std::int64_t>(now_); };
    membership_ = std::make_unique<service::MembershipServiceImpl>(std::move(md));
  }

  // Adds an officer of agency `code` holding its key.
  std::string AddOfficer(const std::string& code, const std::string& email) {
    return AddUser(core::Role::kAgency, true, email, code);
  }

  // Adds a user of `role` (email "<role>@test.invalid", or `email`), with
  // the key the role holds when `with_key`.
  std::string AddUser(core::Role role, bool with_key, std::string email = "",
                      const std::string& agency = "SUFFOLK-POLICE") {
    const std::string name(core::ToString(role));
    if (email.empty()) email = name + "@test.invalid";
    std::vector<service::KeyToGrant> grants;
    if (with_key && core::ReadsReports(role)) {
      grants.push_back({service::kServiceKeyName, &service_key_});
    }
    if (with_key && role == core::Role::kAgency) {
      grants.push_back({service::AgencyKeyName(agency), &agency_keys_.at(agency)});
    }
    service::NewUser u{email, name, role == core::Role::kAgency ? agency : "",
                       role == core::Role::kPortManager ? "GBFXT-TRINITY" : "", kStaffPassword};
    auto created =
        service::CreateUser(store_.get(), store_.get(), keys_.instance_secret, u, grants);
    Check(created.status());
    auto secret = crypto::TotpSecretFromUri(created->totp_uri);
    Check(secret.status());
    totp_[email] = std::move(*secret);
    recovery_codes_[email] = created->recovery_code;
    return email;
  }

  // The current TOTP code for a user.
  std::string Code(const std::string& email) { return crypto::TotpCode(totp_.at(email), now_); }

  // Signs in as the user of `role` (or `email`) and returns the token.
  std::string Login(core::Role role, std::string email = "") {
    if (email.empty()) email = std::string(core::ToString(role)) + "@test.invalid";
    now_ += 30;  // a fresh TOTP step: codes are single-use
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
    auto before = store_->ListHandling();
    Check(before.status());
    std::promise<Result<std::string>> p;
    reporting_->Submit(s, {}, [&p](Result<std::string> r) { p.set_value(std::move(r)); });
    auto r = p.get_future().get();
    Check(r.status());
    auto after = store_->ListHandling();
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

  std::time_t now_ = 1'900'000'000;
  std::string today_ = "2026-11-26";
  TempDir dir_;
  std::string data_, recovery_;
  service::InstanceKeys keys_;
  std::unique_ptr<store::SqlStore> store_;
  std::unique_ptr<service::AuditLog> audit_;
  std::unique_ptr<service::AuthServiceImpl> auth_;
  std::unique_ptr<service::ReportingServiceImpl> reporting_;
  std::unique_ptr<service::HandlingServiceImpl> handling_;
  std::unique_ptr<service::LinkServiceImpl> links_;
  std::unique_ptr<service::AgencyServiceImpl> agency_;
  std::unique_ptr<service::TeamServiceImpl> team_;
  // Figures see the months that reports filed on today_ fall in, two
  // months on.
  std::string figures_today_ = core::AddMonths(today_, 2);
  std::unique_ptr<service::FiguresServiceImpl> figures_;
  ::testing::NiceMock<service::MockMailSender> mail_;
  std::unique_ptr<service::MembershipServiceImpl> membership_;
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
