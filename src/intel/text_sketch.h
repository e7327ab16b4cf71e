// A short fingerprint of a report's text that near-identical texts share:
// MinHash over the text's character 5-grams (after folding case and
// collapsing everything but letters and digits to one space). Two texts
// whose 5-gram sets overlap by a fraction J (Jaccard) agree in about J of
// the kMinHashes values, so Similarity() estimates J.
//
// Near-duplicate grouping (service/near_duplicates.h) compares sketches by
// bands: kBands runs of kRows values each. Two sketches that agree in a
// whole band are candidates (then compared whole); with 8 bands of 4 rows,
// texts that share 80% of their 5-grams are candidates 98.5% of the time,
// 75% of them 95%.
//
// Why written here: Debian packages no MinHash library for C++, and the
// whole of it is a few dozen lines of integer hashing.
// The sketch says nothing readable of the text, but it is kept only sealed
// (intel/blind_index.h) and in memory, because identical texts give
// identical sketches. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portsafe::intel {

struct TextSketch {
  static constexpr size_t kMinHashes = 32;
  static constexpr size_t kBands = 8;
  static constexpr size_t kRows = kMinHashes / kBands;
  std::array<std::uint16_t, kMinHashes> min{};

  bool operator==(const TextSketch& o) const { return min == o.min; }
  // 64 bits naming band `b` (0 to kBands - 1) of this sketch: equal for
  // sketches that agree in that band, and different from every other band's.
  std::uint64_t BandKey(size_t b) const;
  // The fraction of values two sketches agree in, 0 to 1.
  double Similarity(const TextSketch& o) const;

  // 128 lower-case hex digits, and back (nullopt for anything else).
  std::string Hex() const;
  static std::optional<TextSketch> FromHex(std::string_view hex);
};

// The sketch of `text`; nullopt when it holds no letter or digit (nothing
// to compare).
std::optional<TextSketch> SketchOf(std::string_view text);

}  // namespace portsafe::intel
