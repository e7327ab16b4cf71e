// Sending one e-mail. Implemented by SmtpMailSender (libcurl, to the SMTP
// server the operator configures); tests use MockMailSender
// (tests/service/mock_mail_sender.h) or a real SMTP server on loopback.
#pragma once

#include <string>

#include "common/result.h"

namespace portsafe::service {

struct Mail {
  std::string to;  // one address
  std::string subject;
  std::string body;  // plain text, lines end with "\n"
  // Optional: an HTML document saying the same. When set, the mail is
  // multipart/alternative with `body` as its plain-text part, so a reader
  // sees the HTML where mail shows HTML and the text elsewhere.
  std::string html;
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Blocks until the server accepted or refused the mail. kInvalidArgument
  // for an address or subject with a line break; kUnavailable when the
  // server cannot be reached or refuses.
  virtual Status Send(const Mail& mail) = 0;
};

}  // namespace portsafe::service
