// What Debian's exiftool reads in a file: every tag of every group, so that
// a test can check that nothing of the original survived cleaning.
#pragma once

#include <string>

namespace portsafe::testing {

// `exiftool -a -u -G1 -s` of `bytes` (written to a file with a neutral name
// under `dir`): one "[Group] Tag : value" line per tag, unknown tags too.
// Empty when exiftool cannot run.
std::string ExiftoolTags(const std::string& bytes, const std::string& dir);

// The tags of ExiftoolTags that name a place, a device, a person, a title or
// a moment (GPS*, Make, Model, Artist, Author, Creator, Title, Description,
// Comment, DateTime*, Software...), one per line; empty when there is none.
std::string IdentifyingTags(const std::string& tags);

}  // namespace portsafe::testing
