#pragma once

#include <string>

#include "common/clock.h"
#include "service/mail_sender.h"

namespace portsafe::service {

struct SmtpOptions {
  std::string url;   // smtp://host:port (STARTTLS is used when the server offers it)
  std::string from;  // envelope and From: address
  long timeout_seconds = 30;
};

// Sends through libcurl's SMTP client (Debian's libcurl4-openssl-dev) rather
// than code of our own.
class SmtpMailSender final : public MailSender {
 public:
  // `clock` (the mail's Date header) must outlive this.
  SmtpMailSender(SmtpOptions options, const Clock* clock);
  Status Send(const Mail& mail) override;

 private:
  SmtpOptions options_;
  const Clock* clock_;
};

}  // namespace portsafe::service
