// Encrypted temporary storage for one request body: a large body (an upload)
// is written here as it arrives, never held whole in memory, and read back
// by the form parser and then, one file at a time, by the media workers.
//
// The file has no name: it is opened with O_TMPFILE in the given directory
// (or, where the file system cannot, created and unlinked at once), so it
// goes with the last descriptor, also when the process dies. Its key is
// random, held in memory only and wiped with the object, so the bytes on
// disk, in a backup or in a copy of the disk are of no use to anyone. The
// plaintext is cut into chunks of kSpoolChunk bytes, each sealed with
// XChaCha20-Poly1305 under a nonce that is its number: any chunk can be read
// on its own (a file part's offset), and a chunk moved, changed or cut is
// refused.
//
// libsodium's secretstream (crypto/file_cipher.h) is not used: it can only
// be read from the start, and a file part is read from its own offset.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {

inline constexpr size_t kSpoolChunk = 64 * 1024;

// Thread-safety: Append and Finish from one thread at a time; after Finish,
// Read from any number of threads at once (pread only).
class SpoolFile {
 public:
  // A new, empty spool in `dir` (which must exist). kUnavailable when no
  // file can be created there (out of descriptors or space).
  static Result<std::unique_ptr<SpoolFile>> Create(const std::string& dir);
  ~SpoolFile();
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  // Adds bytes at the end. kUnavailable when the disk refuses them (full,
  // or an I/O error); kInternal after Finish() or after a failure (the
  // spool then takes nothing more: its chunks are sealed once each).
  Status Append(std::string_view bytes);
  // Writes what is held of the last chunk and lets go of the buffer.
  // Reading needs it. Errors as Append's.
  Status Finish();
  // Bytes appended so far.
  std::uint64_t size() const { return size_; }

  // The plaintext bytes [offset, offset + length). kInternal before
  // Finish(). kInvalidArgument when the range is outside the spool;
  // kInternal when a chunk does not authenticate (changed on disk);
  // kUnavailable when the disk cannot be read.
  Result<std::string> Read(std::uint64_t offset, size_t length) const;

 private:
  SpoolFile(int fd, SecretBytes key);
  Status SealChunk();

  int fd_;
  SecretBytes key_;
  SecretBytes pending_;  // the chunk being filled, kSpoolChunk bytes
  size_t pending_used_ = 0;
  std::uint64_t size_ = 0;
  std::uint64_t chunks_written_ = 0;
  bool finished_ = false;
  bool failed_ = false;
};

}  // namespace portsafe::crypto
