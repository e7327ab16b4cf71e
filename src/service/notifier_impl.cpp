#include "service/notifier_impl.h"

#include <map>

#include "common/log.h"
#include "core/role.h"

namespace portsafe::service {
namespace {

// At most this many distinct notices wait; beyond, new ones are dropped
// (one mail per person per kind is all they would become anyway).
constexpr size_t kMaxPending = 10000;

const char* Line(Notice n) {
  switch (n) {
    case Notice::kNewReport:
      return "New reports are waiting in the queue.";
    case Notice::kReporterReplied:
      return "A reporter has replied on a report you handle.";
    case Notice::kApprovalRequested:
      return "A sanitised package is waiting for a supervisor's approval.";
    case Notice::kPackageReceived:
      return "A new intelligence package has arrived for your agency.";
    case Notice::kAgencyQuestion:
      return "An agency has asked a question about a package from a report you handle.";
    case Notice::kPasswordChanged:
      return "Your password was changed, and every other session of your account was ended.";
    case Notice::kPasswordReset:
      return "Your password was reset with your recovery code, and every session of your "
             "account was ended.";
    case Notice::kCodeReused:
      return "Someone signed in with your password and a one-time code that had already been "
             "used. The sign-in was refused.";
    case Notice::kAccountLocked:
      return "Five attempts in a row to sign in to your account, or to reset its password, "
             "failed, so that kind of attempt is closed for 15 minutes. If this was not you, tell "
             "the programme administrator.";
  }
  return "";
}

bool Reads(const store::UserRow& u) {
  auto r = core::ParseRole(u.role);
  return r && core::ReadsReports(*r);
}

}  // namespace

NotifierImpl::NotifierImpl(store::StaffStore* staff, MailSender* sender,
                           std::chrono::milliseconds interval)
    : staff_(staff),
      sender_(sender),
      rounds_(std::make_unique<Periodic>(interval, false, [this] { Flush(); })) {}

NotifierImpl::~NotifierImpl() { Stop(); }

void NotifierImpl::Stop() {
  rounds_.reset();  // no round runs after this
  Flush();
}

void NotifierImpl::Notify(Notice notice, const std::string& about) {
  std::lock_guard lock(mu_);
  if (pending_.size() < kMaxPending) pending_.insert({notice, about});
}

int NotifierImpl::Flush() {
  std::lock_guard flush_lock(flush_mu_);
  std::set<std::pair<Notice, std::string>> events;
  {
    std::lock_guard lock(mu_);
    events.swap(pending_);
  }
  if (events.empty()) return 0;
  auto users = staff_->ListUsers();
  if (!users.ok()) {
    log::Warn("notify: users unavailable", {{"error", users.error().message()}});
    return 0;
  }
  // Who gets which kinds (by e-mail address): things waiting, and changes to
  // their own account (a mail of its own, so neither is missed in the other).
  std::map<std::string, std::set<Notice>> out, account;
  auto to_readers = [&](Notice n) {
    for (const auto& u : *users) {
      if (!u.disabled && Reads(u)) out[u.email].insert(n);
    }
  };
  for (const auto& [notice, about] : events) {
    switch (notice) {
      case Notice::kNewReport:
        to_readers(notice);
        break;
      case Notice::kApprovalRequested:
        for (const auto& u : *users) {
          if (!u.disabled && u.role == core::ToString(core::Role::kSupervisor)) {
            out[u.email].insert(notice);
          }
        }
        break;
      case Notice::kPackageReceived:
        for (const auto& u : *users) {
          if (!u.disabled && u.role == core::ToString(core::Role::kAgency) &&
              u.agency_code == about) {
            out[u.email].insert(notice);
          }
        }
        break;
      case Notice::kReporterReplied:
      case Notice::kAgencyQuestion: {
        auto h = staff_->FindHandling(about);
        std::string assigned = h.ok() ? h->assigned_to : "";
        bool sent = false;
        for (const auto& u : *users) {
          if (!assigned.empty() && u.id == assigned && !u.disabled) {
            out[u.email].insert(notice);
            sent = true;
          }
        }
        if (!sent) to_readers(notice);
        break;
      }
      case Notice::kPasswordChanged:
      case Notice::kPasswordReset:
      case Notice::kCodeReused:
      case Notice::kAccountLocked:
        for (const auto& u : *users) {
          if (u.id == about) account[u.email].insert(notice);
        }
        break;
    }
  }
  int accepted = 0, failed = 0;
  auto send_each = [&](const std::map<std::string, std::set<Notice>>& to, const char* subject,
                       const char* closing) {
    for (const auto& [email, kinds] : to) {
      Mail m;
      m.to = email;
      m.subject = subject;
      for (Notice n : kinds) m.body += std::string(Line(n)) + "\n";
      m.body += closing;
      if (sender_->Send(m).ok()) {
        ++accepted;
      } else {
        ++failed;
      }
    }
  };
  send_each(out, "PortSafe: something is waiting for you",
            "\nSign in to PortSafe to see it. This message says nothing more on purpose: "
            "report details are only ever shown after you sign in.\n");
  send_each(account, "PortSafe: a change to your account",
            "\nIf this was not you, tell your PortSafe administrator at once; the audit log "
            "shows what the account did.\n");
  // Counts only: addresses are personal data and stay out of the log.
  if (failed > 0) {
    log::Warn("notify: mails refused",
              {{"sent", std::int64_t{accepted}}, {"failed", std::int64_t{failed}}});
  }
  return accepted;
}

}  // namespace portsafe::service
