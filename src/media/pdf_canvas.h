// What the printed materials (media/print_materials.h) and the printable
// package (media/package_pdf.h) share: millimetres, colours and a cairo PDF
// surface that writes into a string.
//
// Thread-safety: a PdfCanvas is used by one thread at a time.
#pragma once

#include <cairo-pdf.h>

#include <memory>
#include <string>
#include <utility>

#include "common/result.h"

namespace portsafe::media {

inline constexpr double kMm = 72.0 / 25.4;  // points per millimetre

struct Rgb {
  double r, g, b;
};
inline constexpr Rgb kNavy{0.05, 0.16, 0.33};
inline constexpr Rgb kInk{0.1, 0.1, 0.1};

inline void SetColour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// One PDF being drawn, width x height points a page: the surface writes
// into a string, or nowhere when `discard` (to measure text against the PDF
// surface's own font options, then draw on another).
class PdfCanvas {
 public:
  PdfCanvas(double width, double height, bool discard = false)
      : surface_(
            cairo_pdf_surface_create_for_stream(discard ? Discard : Append, &out_, width, height),
            &cairo_surface_destroy),
        cr_(cairo_create(surface_.get()), &cairo_destroy) {
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "PortSafe");
  }
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  cairo_t* cr() { return cr_.get(); }
  cairo_surface_t* surface() { return surface_.get(); }
  void NextPage() { cairo_show_page(cr()); }

  // The PDF (empty when discarding); kInternal when cairo failed. Call once.
  Result<std::string> Finish() {
    const cairo_status_t drawn = cairo_status(cr_.get());
    cr_.reset();
    cairo_surface_finish(surface_.get());
    const cairo_status_t status =
        drawn != CAIRO_STATUS_SUCCESS ? drawn : cairo_surface_status(surface_.get());
    if (status != CAIRO_STATUS_SUCCESS) {
      return Internal(std::string("cannot write PDF: ") + cairo_status_to_string(status));
    }
    surface_.reset();
    return std::move(out_);
  }

 private:
  static cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  }
  static cairo_status_t Discard(void*, const unsigned char*, unsigned int) {
    return CAIRO_STATUS_SUCCESS;
  }

  std::string out_;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_;
};

}  // namespace portsafe::media
