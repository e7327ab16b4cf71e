#include "service/audit_witness.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/fs.h"
#include "crypto/sodium.h"

namespace portsafe::service {

std::string AuditWitness::DefaultPath(const std::string& data_dir) {
  return data_dir + "/audit.witness";
}

std::string AuditWitness::Format(const AuditHead& head) {
  std::string hex(head.mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), crypto::U(head.mac), head.mac.size());
  hex.pop_back();
  return std::to_string(head.seq) + " " + hex + " " + head.on + "\n";
}

Result<AuditHead> AuditWitness::Parse(std::string_view line) {
  auto bad = [] { return InvalidArgument("not a witness line (SEQ MAC DATE)"); };
  const size_t a = line.find(' ');
  const size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
  if (b == std::string_view::npos) return bad();
  const std::string_view seq = line.substr(0, a), mac = line.substr(a + 1, b - a - 1),
                         on = line.substr(b + 1);
  AuditHead h;
  if (seq.empty() || seq.size() > 18) return bad();
  for (char c : seq) {
    if (c < '0' || c > '9') return bad();
    h.seq = h.seq * 10 + (c - '0');
  }
  if (mac.size() != 64) return bad();
  h.mac.resize(32);
  size_t got = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(h.mac.data()), h.mac.size(), mac.data(),
                     mac.size(), nullptr, &got, nullptr) != 0 ||
      got != 32) {
    return bad();
  }
  if (on.size() != 10 || on[4] != '-' || on[7] != '-') return bad();
  h.on = std::string(on);
  return h;
}

Status AuditWitness::Record(const AuditHead& head) {
  const std::string line = Format(head);
  std::lock_guard lock(mu_);
  const int fd = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Unavailable("cannot open the audit witness " + path_ + ": " + std::strerror(errno));
  }
  // Every line is written whole with its line break, so a last line without
  // one was cut short (a crash, a full disk): it is taken back first, and
  // so is this one if it is cut short too.
  off_t size = ::lseek(fd, 0, SEEK_END);
  while (size > 0) {
    char last = '\n';
    if (::pread(fd, &last, 1, size - 1) != 1 || last == '\n') break;
    --size;
  }
  const bool ok = size >= 0 && ::ftruncate(fd, size) == 0 &&
                  ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  const int err = errno;
  if (!ok && size >= 0) (void)::ftruncate(fd, size);
  ::close(fd);
  if (!ok) {
    return Unavailable("cannot write the audit witness " + path_ + ": " + std::strerror(err));
  }
  return Status::Ok();
}

Result<std::vector<AuditHead>> AuditWitness::Read() const {
  auto text = fs::ReadFile(path_);
  if (!text.ok()) return text.error();
  std::vector<AuditHead> out;
  size_t at = 0, line_no = 0;
  while (at < text->size()) {
    size_t end = text->find('\n', at);
    if (end == std::string::npos) end = text->size();  // a last line cut short
    ++line_no;
    std::string_view line = std::string_view(*text).substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // copied from a mail
    if (end == text->size()) break;  // cut short: Record takes it back
    auto head = Parse(line);
    if (!head.ok()) {
      return InvalidArgument(path_ + " line " + std::to_string(line_no) + ": " +
                             head.error().message());
    }
    out.push_back(std::move(*head));
    at = end + 1;
  }
  return out;
}

}  // namespace portsafe::service
