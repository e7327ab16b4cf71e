#include "service/smtp_mail_sender.h"

#include <curl/curl.h>

#include <cstring>
#include <ctime>
#include <mutex>

namespace portsafe::service {
namespace {

bool HasLineBreak(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

struct Payload {
  std::string text;
  size_t at = 0;
};

size_t ReadPayload(char* out, size_t size, size_t n, void* user) {
  auto* p = static_cast<Payload*>(user);
  size_t len = std::min(size * n, p->text.size() - p->at);
  std::memcpy(out, p->text.data() + p->at, len);
  p->at += len;
  return len;
}

// "Thu, 26 Nov 2026 20:46:16 +0000"
std::string RfcDate(const Clock& clock) {
  std::time_t now = static_cast<std::time_t>(clock.UnixSeconds());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

SmtpMailSender::SmtpMailSender(SmtpOptions options, const Clock* clock)
    : options_(std::move(options)), clock_(clock) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IsLoopbackSmtp(const std::string& url) {
  std::string_view rest = url;
  for (std::string_view scheme : {"smtp://", "smtps://"}) {
    if (rest.substr(0, scheme.size()) == scheme) rest.remove_prefix(scheme.size());
  }
  if (rest.size() == url.size()) return false;
  // Login details before an '@' would leave the host elsewhere.
  if (rest.substr(0, rest.find('/')).find('@') != std::string_view::npos) return false;
  std::string_view host;
  if (!rest.empty() && rest[0] == '[') {
    const size_t end = rest.find(']');
    if (end == std::string_view::npos) return false;
    host = rest.substr(1, end - 1);
  } else {
    host = rest.substr(0, rest.find_first_of(":/"));
  }
  if (host == "localhost" || host == "::1") return true;
  // 127.0.0.0/8, written as four decimal numbers.
  if (host.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

Status SmtpMailSender::Send(const Mail& mail) {
  if (mail.to.empty() || HasLineBreak(mail.to) || HasLineBreak(mail.subject) ||
      HasLineBreak(options_.from)) {
    return InvalidArgument("address or subject");
  }
  const std::string from_header = "From: PortSafe <" + options_.from + ">";
  const std::string to_header = "To: <" + mail.to + ">";
  const std::string subject_header = "Subject: " + mail.subject;
  const std::string date_header = "Date: " + RfcDate(*clock_);
  std::string text;  // the plain-text body with CRLF line ends
  for (char c : mail.body) {
    if (c == '\n') {
      text += "\r\n";
    } else {
      text += c;
    }
  }
  Payload p;
  p.text = from_header + "\r\n" + to_header + "\r\n" + subject_header + "\r\n" + date_header +
           "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text;
  CURL* curl = curl_easy_init();
  if (!curl) return Unavailable("mail: cannot start the SMTP client");
  const std::string from = "<" + options_.from + ">";
  const std::string to = "<" + mail.to + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // TLS or nothing, but for a plain relay on loopback that was asked for.
  const bool plain_ok = options_.plain_loopback && IsLoopbackSmtp(options_.url);
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   static_cast<long>(plain_ok ? CURLUSESSL_TRY : CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  // With an HTML part: libcurl's MIME builder writes the message, a
  // multipart/alternative of the text and the HTML (quoted-printable), under
  // the headers given here.
  curl_mime* mime = nullptr;
  curl_slist* headers = nullptr;
  if (mail.html.empty()) {
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &p);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  } else {
    for (const std::string* h : {&from_header, &to_header, &subject_header, &date_header}) {
      headers = curl_slist_append(headers, h->c_str());
    }
    mime = curl_mime_init(curl);
    curl_mime* alt = curl_mime_init(curl);
    curl_mimepart* part = curl_mime_addpart(alt);
    curl_mime_data(part, text.data(), text.size());
    curl_mime_type(part, "text/plain; charset=utf-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(alt);
    curl_mime_data(part, mail.html.data(), mail.html.size());
    curl_mime_type(part, "text/html; charset=utf-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(mime);
    curl_mime_subparts(part, alt);  // `mime` owns `alt` from here
    curl_mime_type(part, "multipart/alternative");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
  }
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  curl_mime_free(mime);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) return Unavailable(std::string("mail: ") + curl_easy_strerror(rc));
  return Status::Ok();
}

}  // namespace portsafe::service
