#include "crypto/spool_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace portsafe::crypto {
namespace {

constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kSealedChunk = kSpoolChunk + kTag;

// The chunk's number, little-endian, is its nonce: the key is this spool's
// alone, so no nonce is ever used twice under one key.
std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> Nonce(std::uint64_t n) {
  std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> nonce{};
  for (size_t i = 0; i < 8; ++i) nonce[i] = static_cast<unsigned char>(n >> (8 * i));
  return nonce;
}

// A file with no name in `dir`, readable and writable by this process only.
// O_EXCL: the file can never be given a name (linkat from /proc/PID/fd).
int OpenNameless(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) return fd;
  // The file system has no O_TMPFILE: a random name, removed at once.
  std::string path = dir + "/.spool-" + ToHex(RandomBytes(16));
  fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0 && ::unlink(path.c_str()) != 0) {
    // A name that cannot be removed is a name left on disk: not a spool.
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

}  // namespace

Result<std::unique_ptr<SpoolFile>> SpoolFile::Create(const std::string& dir) {
  Init();
  const int fd = OpenNameless(dir);
  if (fd < 0) {
    return Unavailable(std::string("no temporary storage for a request body: ") +
                       std::strerror(errno));
  }
  SecretBytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  return std::unique_ptr<SpoolFile>(new SpoolFile(fd, std::move(key)));
}

SpoolFile::SpoolFile(int fd, SecretBytes key)
    : fd_(fd), key_(std::move(key)), pending_(kSpoolChunk) {}

SpoolFile::~SpoolFile() { ::close(fd_); }

Status SpoolFile::SealChunk() {
  std::string sealed(pending_used_ + kTag, '\0');
  unsigned long long clen = 0;
  const auto nonce = Nonce(chunks_written_);
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(sealed.data()), &clen,
                                             pending_.data(), pending_used_, nullptr, 0, nullptr,
                                             nonce.data(), key_.data());
  const auto at = static_cast<off_t>(chunks_written_ * kSealedChunk);
  for (size_t done = 0; done < sealed.size();) {
    const ssize_t n =
        ::pwrite(fd_, sealed.data() + done, sealed.size() - done, at + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Unavailable(std::string("temporary storage refused a request body: ") +
                         std::strerror(n < 0 ? errno : ENOSPC));
    }
    done += static_cast<size_t>(n);
  }
  sodium_memzero(pending_.data(), pending_used_);
  pending_used_ = 0;
  ++chunks_written_;
  return Status::Ok();
}

Status SpoolFile::Append(std::string_view bytes) {
  // After Finish, or after a chunk failed to be written, nothing more is
  // taken: the chunk being filled would be sealed again under its number.
  if (finished_ || failed_) return Internal("the spool no longer takes bytes");
  while (!bytes.empty()) {
    const size_t n = std::min(bytes.size(), kSpoolChunk - pending_used_);
    std::memcpy(pending_.data() + pending_used_, bytes.data(), n);
    pending_used_ += n;
    size_ += n;
    bytes.remove_prefix(n);
    if (pending_used_ == kSpoolChunk) {
      if (auto st = SealChunk(); !st.ok()) {
        failed_ = true;
        return st;
      }
    }
  }
  return Status::Ok();
}

Status SpoolFile::Finish() {
  if (finished_ || failed_) return Internal("the spool was already finished or has failed");
  Status st = pending_used_ == 0 ? Status::Ok() : SealChunk();
  if (!st.ok()) {
    failed_ = true;
    return st;
  }
  finished_ = true;
  pending_ = SecretBytes();  // the buffer is no longer needed
  return Status::Ok();
}

Result<std::string> SpoolFile::Read(std::uint64_t offset, size_t length) const {
  if (!finished_) return Internal("the spool is read before it was finished");
  if (offset > size_ || length > size_ - offset) {
    return InvalidArgument("a range outside the spooled body");
  }
  std::string out;
  out.reserve(length);
  std::string sealed(kSealedChunk, '\0');
  SecretBytes plain(kSpoolChunk);
  for (std::uint64_t pos = offset; pos < offset + length;) {
    const std::uint64_t chunk = pos / kSpoolChunk;
    // Every chunk is whole but the last.
    const size_t chunk_plain =
        static_cast<size_t>(std::min<std::uint64_t>(kSpoolChunk, size_ - chunk * kSpoolChunk));
    const size_t want = chunk_plain + kTag;
    size_t got = 0;
    while (got < want) {
      const ssize_t n = ::pread(fd_, sealed.data() + got, want - got,
                                static_cast<off_t>(chunk * kSealedChunk + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        return Unavailable(std::string("temporary storage cannot be read: ") +
                           std::strerror(errno));
      }
      if (n == 0) return Internal("a spooled request body is shorter than written");
      got += static_cast<size_t>(n);
    }
    unsigned long long mlen = 0;
    const auto nonce = Nonce(chunk);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &mlen, nullptr, U(sealed), want,
                                                   nullptr, 0, nonce.data(), key_.data()) != 0) {
      return Internal("a spooled request body was changed on disk");
    }
    const size_t from = static_cast<size_t>(pos - chunk * kSpoolChunk);
    const size_t n =
        static_cast<size_t>(std::min<std::uint64_t>(chunk_plain - from, offset + length - pos));
    out.append(reinterpret_cast<const char*>(plain.data()) + from, n);
    pos += n;
  }
  return out;
}

}  // namespace portsafe::crypto
