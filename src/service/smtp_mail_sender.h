#pragma once

#include <string>

#include "common/clock.h"
#include "service/mail_sender.h"

namespace portsafe::service {

// Invitation links travel in these mails, so a network attacker must not be
// able to strip TLS: smtps:// is TLS from the start, and smtp:// must
// upgrade with STARTTLS (a server that does not offer it is refused), unless
// the server is on loopback and `plain_loopback` says a plain local relay is
// meant (`serve --smtp-plain-loopback`).
struct SmtpOptions {
  std::string url;   // smtps://host:port, or smtp://host:port with STARTTLS
  std::string from;  // envelope and From: address
  long timeout_seconds = 30;
  bool plain_loopback = false;
};

// Whether the host of an smtp:// or smtps:// URL is this machine
// (127.0.0.0/8, ::1 or localhost).
bool IsLoopbackSmtp(const std::string& url);

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
