// Small file helpers with explicit permissions. Key files are written with
// mode 0600 and never overwritten.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace portsafe::fs {

// Creates `path` exclusively (fails with kAlreadyExists when it exists) with
// `mode`, writes `data` and fsyncs the file and its directory.
Status WriteNewFile(const std::string& path, std::string_view data, unsigned mode);

// Writes `data` to `path`, replacing any file there at once (through a new
// file beside it, renamed over the old one).
Status ReplaceFile(const std::string& path, std::string_view data, unsigned mode);

// Creates a directory (and parents) with the default mode when missing.
Status MakeDirs(const std::string& path);

// Reads the whole file. kNotFound when it does not exist.
Result<std::string> ReadFile(const std::string& path);

// Creates a directory (and parents) with mode 0700 when missing.
Status EnsurePrivateDir(const std::string& path);

bool Exists(const std::string& path);

}  // namespace portsafe::fs
