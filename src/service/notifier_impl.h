#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "common/periodic.h"

#include "service/mail_sender.h"
#include "service/notifier.h"
#include "store/staff_store.h"

namespace portsafe::service {

// Collects notices and sends them every `interval` on a thread of its own,
// one mail per person with every kind of notice that gathered for them.
// Gathering also blurs when a report arrived: a mail says "within the last
// few minutes", never the second. Recipients are looked up when sending.
class NotifierImpl final : public Notifier {
 public:
  // `staff` and `sender` must outlive this. The thread starts here and
  // sends what is left when this is destroyed.
  NotifierImpl(store::StaffStore* staff, MailSender* sender, std::chrono::milliseconds interval);
  ~NotifierImpl() override;

  void Notify(Notice notice, const std::string& about) override;
  // Ends the rounds and sends what has gathered. Idempotent; the destructor
  // calls it. Notices after this wait for a Flush that no round makes.
  void Stop();
  // Sends what has gathered now (tests; the thread calls it every interval).
  // Returns the number of mails the server accepted.
  int Flush();

 private:
  store::StaffStore* staff_;
  MailSender* sender_;
  std::mutex mu_;
  std::mutex flush_mu_;  // one flush at a time
  std::set<std::pair<Notice, std::string>> pending_;
  std::unique_ptr<Periodic> rounds_;  // last: starts once the members above exist
};

}  // namespace portsafe::service
