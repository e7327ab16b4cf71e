#include "support/images.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <utility>
#include <vector>

#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

namespace portsafe::testing {

namespace {

// Encodes a w x h JPEG (RGB when components is 3, else grey) with the given
// markers written before the pixels; fill(y, row) supplies each row.
std::string EncodeJpeg(int w, int h, int components,
                       const std::vector<std::pair<int, std::string>>& markers,
                       const std::function<void(int, unsigned char*)>& fill,
                       bool progressive = false) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = w;
  c.image_height = h;
  c.input_components = components;
  c.in_color_space = components == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 95, TRUE);
  if (progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  for (const auto& [code, data] : markers) {
    jpeg_write_marker(&c, code, reinterpret_cast<const JOCTET*>(data.data()),
                      static_cast<unsigned>(data.size()));
  }
  std::vector<unsigned char> row(static_cast<size_t>(w) * components);
  for (int y = 0; y < h; ++y) {
    fill(y, row.data());
    unsigned char* r = row.data();
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::string out(reinterpret_cast<char*>(buf), size);
  std::free(buf);
  return out;
}

}  // namespace

std::string JpegWithMetadata(int w, int h, const std::string& marker) {
  std::string exif = std::string("Exif\0\0", 6) + "GPSLatitude " + marker;
  return EncodeJpeg(w, h, 3, {{JPEG_APP0 + 1, exif}, {JPEG_COM, "comment " + marker}},
                    [w](int y, unsigned char* row) {
                      for (int x = 0; x < w; ++x) {
                        row[x * 3] = static_cast<unsigned char>(x * 4);
                        row[x * 3 + 1] = static_cast<unsigned char>(y * 4);
                        row[x * 3 + 2] = 128;
                      }
                    });
}

std::string JpegWithOrientation(int w, int h, int orientation, bool le) {
  auto put16 = [le](std::string& s, unsigned v) {
    s.push_back(static_cast<char>(le ? v & 255 : v >> 8));
    s.push_back(static_cast<char>(le ? v >> 8 : v & 255));
  };
  auto put32 = [le](std::string& s, unsigned v) {
    for (int i = 0; i < 4; ++i) {
      s.push_back(static_cast<char>(le ? (v >> (8 * i)) & 255 : (v >> (8 * (3 - i))) & 255));
    }
  };
  std::string exif("Exif\0\0", 6);
  exif += le ? "II" : "MM";
  put16(exif, 42);
  put32(exif, 8);  // IFD0 right after the header
  put16(exif, 1);  // one entry
  put16(exif, 0x0112);
  put16(exif, 3);  // SHORT
  put32(exif, 1);
  put16(exif, static_cast<unsigned>(orientation));
  put16(exif, 0);
  put32(exif, 0);  // no next IFD
  return EncodeJpeg(w, h, 1, {{JPEG_APP0 + 1, exif}}, [w](int, unsigned char* row) {
    for (int x = 0; x < w; ++x) row[x] = x < w / 2 ? 0 : 255;  // left half black
  });
}

namespace {

// Decodes a JPEG to grey pixels; false when it does not decode.
bool DecodeGrey(const std::string& jpeg, int* w, int* h, std::vector<unsigned char>* pixels) {
  jpeg_decompress_struct d{};
  jpeg_error_mgr err{};
  d.err = jpeg_std_error(&err);
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, reinterpret_cast<const unsigned char*>(jpeg.data()), jpeg.size());
  if (jpeg_read_header(&d, TRUE) != JPEG_HEADER_OK) {
    jpeg_destroy_decompress(&d);
    return false;
  }
  d.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&d);
  *w = static_cast<int>(d.output_width);
  *h = static_cast<int>(d.output_height);
  pixels->assign(static_cast<size_t>(*w) * *h, 0);
  while (d.output_scanline < d.output_height) {
    unsigned char* r = pixels->data() + static_cast<size_t>(d.output_scanline) * *w;
    jpeg_read_scanlines(&d, &r, 1);
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  return true;
}

}  // namespace

int JpegPixel(const std::string& jpeg, int x, int y) {
  int w = 0, h = 0;
  std::vector<unsigned char> px;
  if (!DecodeGrey(jpeg, &w, &h, &px) || x < 0 || y < 0 || x >= w || y >= h) return -1;
  return px[static_cast<size_t>(y) * w + x];
}

std::pair<int, int> JpegSize(const std::string& jpeg) {
  int w = 0, h = 0;
  std::vector<unsigned char> px;
  if (!DecodeGrey(jpeg, &w, &h, &px)) return {0, 0};
  return {w, h};
}

namespace {

// RGB pixels (w x h x 3) as a PNG, with libpng's simplified API.
std::string EncodeRgbPng(int w, int h, const std::vector<unsigned char>& px) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = w;
  img.height = h;
  img.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&img, nullptr, &size, 0, px.data(), 0, nullptr);
  std::string png(size, '\0');
  png_image_write_to_memory(&img, png.data(), &size, 0, px.data(), 0, nullptr);
  png.resize(size);
  return png;
}

}  // namespace

std::string ProgressiveJpeg(int w, int h) {
  return EncodeJpeg(
      w, h, 3, {},
      [w](int y, unsigned char* row) {
        for (int i = 0; i < w * 3; ++i) row[i] = static_cast<unsigned char>((i + y) & 0xff);
      },
      true);
}

std::string JpegScanBomb(int w, int h, int repeats) {
  // Flat grey: every refinement scan is a few bytes of end-of-band runs,
  // however large the picture, while the decoder still visits every block.
  std::string jpeg = EncodeJpeg(
      w, h, 3, {},
      [w](int, unsigned char* row) { std::memset(row, 128, static_cast<size_t>(w) * 3); }, true);
  // The last scan runs from the last start-of-scan marker to end-of-image.
  const size_t last = jpeg.rfind("\xFF\xDA");
  const size_t eoi = jpeg.rfind("\xFF\xD9");
  if (last == std::string::npos || eoi == std::string::npos || eoi < last) return {};
  const std::string scan = jpeg.substr(last, eoi - last);
  std::string out = jpeg.substr(0, eoi);
  for (int i = 0; i < repeats; ++i) out += scan;
  return out + "\xFF\xD9";
}

std::string NoisePng(int w, int h, unsigned seed) {
  std::vector<unsigned char> px(static_cast<size_t>(w) * h * 3);
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& p : px) {
    x = x * 1664525u + 1013904223u;
    p = static_cast<unsigned char>(x >> 24);
  }
  return EncodeRgbPng(w, h, px);
}

std::string PngWithMetadata(int w, int h, const std::string& marker) {
  std::string png =
      EncodeRgbPng(w, h, std::vector<unsigned char>(static_cast<size_t>(w) * h * 3, 200));
  // Splice a tEXt chunk in after IHDR (8-byte signature + 25-byte IHDR chunk).
  std::string data = "Comment";
  data.push_back('\0');
  data += "GPS " + marker;
  std::string chunk;
  unsigned len = static_cast<unsigned>(data.size());
  chunk.push_back(static_cast<char>(len >> 24));
  chunk.push_back(static_cast<char>(len >> 16));
  chunk.push_back(static_cast<char>(len >> 8));
  chunk.push_back(static_cast<char>(len));
  std::string typed = "tEXt" + data;
  chunk += typed;
  unsigned long crc =
      crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
  chunk.push_back(static_cast<char>(crc >> 24));
  chunk.push_back(static_cast<char>(crc >> 16));
  chunk.push_back(static_cast<char>(crc >> 8));
  chunk.push_back(static_cast<char>(crc));
  png.insert(33, chunk);
  return png;
}

}  // namespace portsafe::testing
