#include "core/jpeg_scans.h"

#include <cstdint>

namespace portsafe::core {
namespace {

std::uint8_t At(std::string_view s, size_t i) { return static_cast<std::uint8_t>(s[i]); }

// Markers that stand alone, with no length after them: TEM, RST0..7.
bool Standalone(std::uint8_t m) { return m == 0x01 || (m >= 0xD0 && m <= 0xD7); }

// SOF0..SOF15, without DHT (C4), JPG (C8) and DAC (CC).
bool StartOfFrame(std::uint8_t m) {
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

}  // namespace

size_t CountJpegScans(std::string_view jpeg, size_t stop_after) {
  if (jpeg.size() < 4 || At(jpeg, 0) != 0xFF || At(jpeg, 1) != 0xD8) return 0;
  size_t scans = 0;
  size_t pos = 2;
  while (pos + 1 < jpeg.size()) {
    if (At(jpeg, pos) != 0xFF) return scans;  // not a marker: damaged
    const std::uint8_t marker = At(jpeg, pos + 1);
    if (marker == 0xFF) {  // fill byte before a marker
      ++pos;
      continue;
    }
    if (marker == 0xD9) return scans;  // end of image
    if (Standalone(marker)) {
      pos += 2;
      continue;
    }
    if (pos + 3 >= jpeg.size()) return scans;
    const size_t length = (size_t{At(jpeg, pos + 2)} << 8) | At(jpeg, pos + 3);
    if (length < 2) return scans;
    pos += 2 + length;
    if (marker != 0xDA) continue;
    if (++scans > stop_after) return scans;
    // Entropy-coded data runs to the next marker: 0xFF followed by anything
    // but a stuffed zero or a restart marker.
    while (pos + 1 < jpeg.size()) {
      if (At(jpeg, pos) == 0xFF) {
        const std::uint8_t next = At(jpeg, pos + 1);
        if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) break;
        if (next == 0xFF) {  // fill bytes: the marker follows
          ++pos;
          continue;
        }
      }
      ++pos;
    }
  }
  return scans;
}

std::optional<JpegFrame> ReadJpegFrame(std::string_view jpeg) {
  if (jpeg.size() < 4 || At(jpeg, 0) != 0xFF || At(jpeg, 1) != 0xD8) return std::nullopt;
  size_t pos = 2;
  while (pos + 1 < jpeg.size()) {
    if (At(jpeg, pos) != 0xFF) return std::nullopt;  // not a marker: damaged
    const std::uint8_t marker = At(jpeg, pos + 1);
    if (marker == 0xFF) {  // fill byte before a marker
      ++pos;
      continue;
    }
    // The end, a scan or a second SOI before any frame.
    if (marker == 0xD9 || marker == 0xDA || marker == 0xD8) return std::nullopt;
    if (Standalone(marker)) {
      pos += 2;
      continue;
    }
    if (pos + 3 >= jpeg.size()) return std::nullopt;
    const size_t length = (size_t{At(jpeg, pos + 2)} << 8) | At(jpeg, pos + 3);
    // The length counts itself, and the whole segment must be there.
    if (length < 2 || length > jpeg.size() - pos - 2) return std::nullopt;
    if (StartOfFrame(marker)) {
      // P (1), Y (2), X (2), Nf (1), then 3 bytes per component.
      if (length < 8) return std::nullopt;
      const size_t p = pos + 4;
      JpegFrame f;
      f.height = (At(jpeg, p + 1) << 8) | At(jpeg, p + 2);
      f.width = (At(jpeg, p + 3) << 8) | At(jpeg, p + 4);
      f.components = At(jpeg, p + 5);
      if (f.width == 0 || f.height == 0 || f.components == 0) return std::nullopt;
      if (length < 8 + 3 * size_t(f.components)) return std::nullopt;
      return f;
    }
    pos += 2 + length;
  }
  return std::nullopt;
}

}  // namespace portsafe::core
