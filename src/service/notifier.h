// Tells staff by e-mail that something waits for them: a new report, a
// reporter's reply, a package to approve, a package for their agency, an
// agency's question. The mails carry no report content, no report or
// package id, and no category: only what kind of thing waits. Also tells a
// staff member of changes to their own account (OWASP ASVS 2.2.3, 2.5.5,
// 2.8.5), in a mail of its own. Implemented by NotifierImpl; tests use
// MockNotifier (tests/service/mock_notifier.h).
#pragma once

#include <string>
#include <vector>

namespace portsafe::service {

enum class Notice {
  kNewReport,          // to every handler and supervisor
  kReporterReplied,    // to the report's handler (everyone who reads reports when unassigned)
  kApprovalRequested,  // to every supervisor
  kPackageReceived,    // to the officers of the agency
  kAgencyQuestion,     // to the report's handler (as for a reply)
  // To the account's holder alone (`about` is the user id):
  kPasswordChanged,  // changed while signed in
  kPasswordReset,    // reset with the recovery code
  kCodeReused,       // the right password with a one-time code already used
  kAccountLocked,    // sign-ins, or resets, failed five times in a row
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // `about` is the report id (replies, questions), the agency code
  // (packages) or "" (new reports, approvals). Never blocks on the network:
  // safe on any thread, including the store's writer.
  virtual void Notify(Notice notice, const std::string& about) = 0;
};

// Passes each notice on to several notifiers (the e-mail to staff, the link
// index's worker). Null targets are left out; the others must outlive this.
class FanoutNotifier final : public Notifier {
 public:
  explicit FanoutNotifier(std::vector<Notifier*> targets) {
    for (Notifier* n : targets) {
      if (n != nullptr) targets_.push_back(n);
    }
  }
  void Notify(Notice notice, const std::string& about) override {
    for (Notifier* n : targets_) n->Notify(notice, about);
  }

 private:
  std::vector<Notifier*> targets_;
};

}  // namespace portsafe::service
