// Test images made with libjpeg and libpng, carrying metadata the sanitiser
// must remove (an EXIF/GPS APP1 segment, a JPEG comment, a PNG tEXt chunk).
#pragma once

#include <string>

namespace portsafe::testing {

// A width x height JPEG with an APP1 "Exif" segment and a COM segment that
// both contain `marker`.
std::string JpegWithMetadata(int width, int height, const std::string& marker);
// A width x height JPEG whose EXIF says orientation `orientation` (1-8),
// in little- or big-endian TIFF; the left half is black, the right white.
std::string JpegWithOrientation(int width, int height, int orientation, bool little_endian);
// The decoded grey value at (x, y) of a JPEG, or -1.
int JpegPixel(const std::string& jpeg, int x, int y);
// A PNG with a tEXt chunk containing `marker`.
std::string PngWithMetadata(int width, int height, const std::string& marker);
// A w x h PNG of noise (a fixed sequence from `seed`): it stays large after
// cleaning, for tests that need bytes to fill a disk.
std::string NoisePng(int w, int h, unsigned seed);
// A w x h progressive JPEG (about ten scans), of a smooth gradient.
std::string ProgressiveJpeg(int w, int h);
// A "scan bomb": ProgressiveJpeg(w, h) with its last scan (a small
// refinement pass) repeated until the file has `scans` scans; each costs
// the decoder a pass over every block.
std::string JpegScanBomb(int width, int height, int repeats);
// Decoded size of a JPEG, or {0,0} when it does not decode.
std::pair<int, int> JpegSize(const std::string& jpeg);

}  // namespace portsafe::testing
