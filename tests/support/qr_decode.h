// Real decoders for the tests of QR codes and PDFs: Debian's zbar-tools
// (zbarimg) reads QR codes from images, poppler-utils (pdftoppm) renders a
// PDF page to PNG, librsvg2-bin (rsvg-convert) an SVG. Missing tools fail the test
// (scripts/install_deps.sh test installs them).
#pragma once

#include <string>
#include <vector>

namespace portsafe::testing {

// The texts of every QR code zbarimg finds in the image file, in its order.
std::vector<std::string> DecodeQrCodes(const std::string& image_path);

// Renders page `page` (1-based) of `pdf_path` at `dpi` to a PNG and returns
// its path ("" when pdftoppm fails).
std::string RenderPdfPage(const std::string& pdf_path, int page, int dpi = 150);

// Renders an SVG file to a PNG beside it with rsvg-convert (librsvg2-bin);
// returns its path ("" on failure).
std::string RenderSvg(const std::string& svg_path);

// The number of pages pdfinfo reports (0 when it fails).
int PdfPageCount(const std::string& pdf_path);

// The text of one page (from 1) of a PDF, as pdftotext (poppler-utils)
// reads it; "" on failure.
std::string PdfPageText(const std::string& pdf_path, int page);

}  // namespace portsafe::testing
