// Counts the scans of a JPEG file by walking its markers, without decoding
// anything. A progressive JPEG draws its picture in scans; a "scan bomb"
// repeats thousands of them, so that each costs the decoder a pass over
// every coefficient and one 600 KB file takes minutes of CPU. libjpeg-turbo
// 2.1 has no limit on scans, and libvips offers none, so the cleaner counts
// them here first (inside its sandbox) and refuses a file with more than
// limits::kJpegScansMax.
//
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <string_view>

namespace portsafe::core {

// The number of start-of-scan markers in `jpeg`, counting no further than
// `stop_after` + 1 (enough to know it is too many). A walk that meets
// something that is not a marker stops there and returns what it counted:
// the decoder judges damaged files. Reads only within `jpeg`.
size_t CountJpegScans(std::string_view jpeg, size_t stop_after);

}  // namespace portsafe::core
