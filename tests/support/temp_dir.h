// Temporary directories and file helpers for hermetic tests.
#pragma once

#include <string>
#include <vector>

namespace portsafe::testing {

// A fresh directory under /tmp, removed (with its contents) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Every regular file below `dir`, recursively.
std::vector<std::string> FilesBelow(const std::string& dir);
std::string ReadAll(const std::string& path);

}  // namespace portsafe::testing
