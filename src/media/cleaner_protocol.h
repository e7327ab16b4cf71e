// What the sandboxed cleaner (portsafe-media clean) writes to its standard
// output, and how the server reads it back. The server treats that output as
// untrusted: the process decoded an attacker's file.
//
//   PSM1 ok <content-type> <length>\n<length bytes>
//   PSM1 error <reason>\n
//
// <content-type> is image/jpeg or image/png, and the bytes must start with
// that format's signature. <reason> is one of the CleanFailure names.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "media/file_cleaner.h"

namespace portsafe::media {

enum class CleanFailure {
  kDecode,       // the file does not decode as its kind
  kTooLarge,     // more pixels or pages than the limits allow
  kUnsupported,  // a kind the cleaner does not take
};

std::string_view CleanFailureName(CleanFailure f);

std::string EncodeCleanerOk(const CleanedFile& file);
std::string EncodeCleanerError(CleanFailure f);

// The cleaned file, or kInvalidArgument (with the reason) for an error reply
// or any output that does not follow the format exactly.
Result<CleanedFile> ParseCleanerOutput(std::string_view out);

}  // namespace portsafe::media
