#include "media/qr_code.h"

#include <png.h>
#include <qrencode.h>

#include <memory>

namespace portsafe::media {

Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return InvalidArgument("nothing to encode");
  const std::string s(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return InvalidArgument("the link is too long for a QR code");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

std::string QrSvg(const QrMatrix& qr, int quiet) {
  const int full = qr.size + 2 * quiet;
  std::string path;
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.At(x, y)) continue;
      // Runs of dark modules on a row become one rectangle.
      int run = 1;
      while (x + run < qr.size && qr.At(x + run, y)) ++run;
      path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run - 1;
    }
  }
  const std::string n = std::to_string(full);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
         n + " " + n + "\" width=\"" + std::to_string(full * 8) + "\" height=\"" +
         std::to_string(full * 8) + "\" shape-rendering=\"crispEdges\">\n<rect width=\"" + n +
         "\" height=\"" + n + "\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"" + path +
         "\"/>\n</svg>\n";
}

Result<std::string> QrPng(const QrMatrix& qr, int scale, int quiet) {
  const int side = (qr.size + 2 * quiet) * scale;
  std::vector<unsigned char> pixels(static_cast<size_t>(side) * side, 255);
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.At(x, y)) continue;
      for (int dy = 0; dy < scale; ++dy) {
        unsigned char* row = &pixels[static_cast<size_t>((y + quiet) * scale + dy) * side];
        std::fill_n(row + (x + quiet) * scale, scale, 0);
      }
    }
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(side);
  image.height = static_cast<png_uint_32>(side);
  image.format = PNG_FORMAT_GRAY;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr)) {
    return Internal(std::string("cannot encode PNG: ") + image.message);
  }
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, nullptr)) {
    return Internal(std::string("cannot encode PNG: ") + image.message);
  }
  out.resize(size);
  return out;
}

}  // namespace portsafe::media
