// Counts the scans of a JPEG file, and reads its size, by walking its
// markers without decoding anything. A progressive JPEG draws its picture in scans; a "scan bomb"
// repeats thousands of them, so that each costs the decoder a pass over
// every coefficient and one 600 KB file takes minutes of CPU. libjpeg-turbo
// 2.1 has no limit on scans, and libvips offers none, so the cleaner counts
// them here first (inside its sandbox) and refuses a file with more than
// limits::kJpegScansMax.
//
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace portsafe::core {

// The number of start-of-scan markers in `jpeg`, counting no further than
// `stop_after` + 1 (enough to know it is too many). A walk that meets
// something that is not a marker stops there and returns what it counted:
// the decoder judges damaged files. Reads only within `jpeg`.
size_t CountJpegScans(std::string_view jpeg, size_t stop_after);

// What a JPEG's start-of-frame segment says: its size in pixels and the
// number of colour components (1 grey, 3 YCbCr or RGB, 4 CMYK or YCCK).
struct JpegFrame {
  int width = 0;
  int height = 0;
  int components = 0;
};

// The frame of `jpeg`, from the first start-of-frame marker (SOF0..SOF15;
// not DHT, JPG or DAC, which share the range) among the segments before the
// first scan. nullopt when the bytes do not start with SOI, a segment runs
// past the end, a scan or the end comes first, or the frame is malformed or
// says 0 pixels or 0 components (a height given later by DNL is not
// supported). Nothing is decoded; reads only within `jpeg`.
std::optional<JpegFrame> ReadJpegFrame(std::string_view jpeg);

}  // namespace portsafe::core
