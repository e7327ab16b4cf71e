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
// The same, of only the area of the page from (x, y), w x h points wide
// (pdftotext's cropping: the top left is 0, 0).
std::string PdfPageTextIn(const std::string& pdf_path, int page, int x, int y, int w, int h);
// Every word of a PDF with its box, as `pdftotext -bbox` writes them (an
// XHTML page of <word xMin=".." yMin=".." xMax=".." yMax="..">, in points).
std::string PdfWordBoxes(const std::string& pdf_path);

// The images of a PDF, as `pdfimages -list` lists them (a header of two
// lines, then one line per image: page, num, type, width, height, color,
// comp, bpc, enc, ...).
std::string PdfImageList(const std::string& pdf_path);
// The bytes of each JPEG stream (DCTDecode) of a PDF, as stored, in order
// (`pdfimages -j` writes them out unchanged).
std::vector<std::string> PdfJpegStreams(const std::string& pdf_path);

}  // namespace portsafe::testing
