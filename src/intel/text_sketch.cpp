#include "intel/text_sketch.h"

#include <limits>

namespace portsafe::intel {
namespace {

constexpr size_t kShingle = 5;

// SplitMix64's finaliser: a bijection of 64-bit words that mixes every bit.
constexpr std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// One seed per MinHash function, fixed so that sketches made on any node
// and at any time compare.
constexpr std::array<std::uint64_t, TextSketch::kMinHashes> kSeeds = [] {
  std::array<std::uint64_t, TextSketch::kMinHashes> s{};
  for (size_t i = 0; i < s.size(); ++i) s[i] = Mix(0x706f727473616665ULL + i);
  return s;
}();

// Lower-case ASCII letters and digits, and every byte of a multi-byte UTF-8
// character, are kept; runs of anything else become one space.
std::string Fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = true;  // no leading space
  for (unsigned char c : text) {
    const bool keep =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (keep) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::uint64_t TextSketch::BandKey(size_t b) const {
  std::uint64_t h = Mix(0x62616e64ULL + b);
  for (size_t r = 0; r < kRows; ++r) h = Mix(h ^ min[b * kRows + r]);
  return h;
}

double TextSketch::Similarity(const TextSketch& o) const {
  size_t same = 0;
  for (size_t i = 0; i < kMinHashes; ++i) same += min[i] == o.min[i];
  return static_cast<double>(same) / kMinHashes;
}

std::string TextSketch::Hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(kMinHashes * 4);
  for (std::uint16_t v : min) {
    for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kDigits[(v >> shift) & 0xf]);
  }
  return out;
}

std::optional<TextSketch> TextSketch::FromHex(std::string_view hex) {
  if (hex.size() != kMinHashes * 4) return std::nullopt;
  TextSketch s;
  for (size_t i = 0; i < kMinHashes; ++i) {
    std::uint16_t v = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = hex[i * 4 + j];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else {
        return std::nullopt;
      }
      v = static_cast<std::uint16_t>(v << 4 | d);
    }
    s.min[i] = v;
  }
  return s;
}

std::optional<TextSketch> SketchOf(std::string_view text) {
  const std::string folded = Fold(text);
  if (folded.empty()) return std::nullopt;
  std::array<std::uint64_t, TextSketch::kMinHashes> lowest;
  lowest.fill(std::numeric_limits<std::uint64_t>::max());
  // A text shorter than a shingle is one shingle.
  const size_t n = folded.size() < kShingle ? 1 : folded.size() - kShingle + 1;
  const size_t len = std::min(folded.size(), kShingle);
  for (size_t i = 0; i < n; ++i) {
    std::uint64_t base = 0;
    for (size_t j = 0; j < len; ++j) base = base << 8 | static_cast<unsigned char>(folded[i + j]);
    base = Mix(base ^ (static_cast<std::uint64_t>(len) << 56));
    for (size_t k = 0; k < kSeeds.size(); ++k) {
      const std::uint64_t h = Mix(base ^ kSeeds[k]);
      if (h < lowest[k]) lowest[k] = h;
    }
  }
  TextSketch s;
  // The low bits of each minimum (b-bit MinHash): its high bits shrink
  // towards 0 as a text grows, and would make long texts look alike.
  for (size_t k = 0; k < s.min.size(); ++k) s.min[k] = static_cast<std::uint16_t>(lowest[k]);
  return s;
}

}  // namespace portsafe::intel
