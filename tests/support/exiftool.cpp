#include "support/exiftool.h"

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

namespace portsafe::testing {

std::string ExiftoolTags(const std::string& bytes, const std::string& dir) {
  static int n = 0;
  const std::string path = dir + "/exif-" + std::to_string(++n) + ".bin";
  {
    std::ofstream f(path, std::ios::binary);
    f << bytes;
  }
  std::string out;
  FILE* p = popen(("exiftool -a -u -G1 -s '" + path + "' 2>&1").c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, got);
  if (pclose(p) != 0 && out.find("ExifToolVersion") == std::string::npos) return "";
  std::remove(path.c_str());
  return out;
}

std::string IdentifyingTags(const std::string& tags) {
  // The tags exiftool itself adds about the file (System, File, Composite
  // sizes) are not in the file; everything that describes a place, device,
  // person, title or moment is.
  static const std::regex kIdentifying(
      R"(GPS|Make|Model|Artist|Author|Creator|Title|Description|Comment|DateTime|CreateDate|)"
      R"(ModifyDate|Software|Serial|Owner|Copyright|Keywords|Subject|Producer|Lens|PSMARK)",
      std::regex::icase);
  std::istringstream in(tags);
  std::string line, found;
  while (std::getline(in, line)) {
    if (line.rfind("[System]", 0) == 0 || line.rfind("[ExifTool]", 0) == 0) continue;
    if (line.find("FileName") != std::string::npos || line.find("Directory") != std::string::npos)
      continue;
    if (std::regex_search(line, kIdentifying)) found += line + "\n";
  }
  return found;
}

}  // namespace portsafe::testing
