// A real SMTP server on loopback for tests: Debian's python3-aiosmtpd with
// its Mailbox handler, which stores every message it accepts in a Maildir.
// Started on a free port by the constructor, stopped by the destructor.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace portsafe::testing {

class SmtpSink {
 public:
  explicit SmtpSink(const std::string& dir);  // the Maildir goes under dir/mail
  ~SmtpSink();

  bool ok() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Every message received so far, as raw text (headers include X-RcptTo).
  std::vector<std::string> Messages() const;
  // Waits up to `seconds` for at least `n` messages.
  std::vector<std::string> WaitFor(size_t n, int seconds) const;

 private:
  std::string maildir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace portsafe::testing
