// QR codes for the facilities' reporting links: libqrencode makes the
// matrix; SVG (one path, no script) and PNG (libpng) render it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace portsafe::media {

// A square of modules, row by row; true is dark.
struct QrMatrix {
  int size = 0;
  std::vector<bool> dark;
  bool At(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Error correction level M (15%: posters get scuffed). kInvalidArgument for
// empty text or text too long for a QR code.
Result<QrMatrix> EncodeQr(std::string_view text);

// A standalone SVG document, `quiet` modules of white border on each side.
std::string QrSvg(const QrMatrix& qr, int quiet = 4);
// An 8-bit greyscale PNG, `scale` pixels per module.
Result<std::string> QrPng(const QrMatrix& qr, int scale = 10, int quiet = 4);

}  // namespace portsafe::media
