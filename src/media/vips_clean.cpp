#include "media/vips_clean.h"

#include <vips/vips.h>

#include <algorithm>
#include <memory>

#include "core/jpeg_scans.h"
#include "core/limits.h"

namespace portsafe::media {
namespace {

constexpr int kPdfPagesMax = 20;
constexpr double kPdfDpi = 120;

struct Unref {
  void operator()(VipsImage* i) const { g_object_unref(i); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

const char* LoaderOf(core::FileKind kind) {
  switch (kind) {
    case core::FileKind::kJpeg:
      return "VipsForeignLoadJpegBuffer";
    case core::FileKind::kPng:
      return "VipsForeignLoadPngBuffer";
    case core::FileKind::kGif:
      return "VipsForeignLoadNsgifBuffer";
    case core::FileKind::kWebp:
      return "VipsForeignLoadWebpBuffer";
    case core::FileKind::kTiff:
      return "VipsForeignLoadTiffBuffer";
    case core::FileKind::kHeif:
      return "VipsForeignLoadHeifBuffer";
    case core::FileKind::kPdf:
      return "VipsForeignLoadPdfBuffer";
    default:
      return nullptr;
  }
}

// Loads the header (libvips decodes pixels only when they are asked for).
VipsImage* Load(std::string_view data, core::FileKind kind, int pages) {
  void* buf = const_cast<char*>(data.data());
  const size_t len = data.size();
  VipsImage* out = nullptr;
  int rc = -1;
  switch (kind) {
    case core::FileKind::kJpeg:
      rc = vips_jpegload_buffer(buf, len, &out, nullptr);
      break;
    case core::FileKind::kPng:
      rc = vips_pngload_buffer(buf, len, &out, nullptr);
      break;
    case core::FileKind::kGif:
      rc = vips_gifload_buffer(buf, len, &out, nullptr);
      break;
    case core::FileKind::kWebp:
      rc = vips_webpload_buffer(buf, len, &out, nullptr);
      break;
    case core::FileKind::kTiff:
      rc = vips_tiffload_buffer(buf, len, &out, nullptr);
      break;
    case core::FileKind::kHeif:
      rc = vips_heifload_buffer(buf, len, &out, nullptr);
      break;
    case core::FileKind::kPdf:
      rc = vips_pdfload_buffer(buf, len, &out, "n", pages, "dpi", kPdfDpi, nullptr);
      break;
    default:
      break;
  }
  return rc == 0 ? out : nullptr;
}

}  // namespace

bool StartVips(core::FileKind kind, const char* argv0) {
  const char* loader = LoaderOf(kind);
  if (loader == nullptr || VIPS_INIT(argv0) != 0) return false;
  vips_concurrency_set(1);
  vips_cache_set_max(0);
  vips_block_untrusted_set(TRUE);
  vips_operation_block_set("VipsForeignLoad", TRUE);
  vips_operation_block_set(loader, FALSE);
  return true;
}

std::variant<CleanedFile, CleanFailure> CleanWithVips(std::string_view data, core::FileKind kind) {
  // Counted before anything is decoded: each scan is a pass over the whole
  // picture.
  if (kind == core::FileKind::kJpeg &&
      core::CountJpegScans(data, limits::kJpegScansMax) > limits::kJpegScansMax) {
    return CleanFailure::kTooLarge;
  }
  int pages = 1;
  if (kind == core::FileKind::kPdf) {
    Image probe(Load(data, kind, 1));
    if (!probe) return CleanFailure::kDecode;
    pages = std::clamp(vips_image_get_n_pages(probe.get()), 1, kPdfPagesMax);
  }
  Image in(Load(data, kind, pages));
  if (!in) return CleanFailure::kDecode;
  const auto w = static_cast<unsigned long long>(vips_image_get_width(in.get()));
  const auto h = static_cast<unsigned long long>(vips_image_get_height(in.get()));
  if (w == 0 || h == 0) return CleanFailure::kDecode;
  if (w * h > limits::kImagePixelsMax) return CleanFailure::kTooLarge;

  VipsImage* t = nullptr;
  // The orientation tag is applied to the pixels, then dropped with the rest.
  if (vips_autorot(in.get(), &t, nullptr) != 0) return CleanFailure::kDecode;
  Image img(t);
  if (vips_colourspace(img.get(), &t, VIPS_INTERPRETATION_sRGB, nullptr) != 0)
    return CleanFailure::kDecode;
  img.reset(t);
  const bool png = kind == core::FileKind::kPng || kind == core::FileKind::kGif;
  if (!png && vips_image_hasalpha(img.get())) {
    VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
    const int rc = vips_flatten(img.get(), &t, "background", white, nullptr);
    vips_area_unref(VIPS_AREA(white));
    if (rc != 0) return CleanFailure::kDecode;
    img.reset(t);
  }
  if (vips_cast_uchar(img.get(), &t, nullptr) != 0) return CleanFailure::kDecode;
  img.reset(t);

  // Decode every pixel into memory, and build a new image of those pixels
  // alone: no field of the original (EXIF, XMP, IPTC, ICC, comments, PNG
  // text, GPS) can reach the encoder.
  size_t size = 0;
  void* pixels = vips_image_write_to_memory(img.get(), &size);
  if (pixels == nullptr) return CleanFailure::kDecode;
  Image bare(vips_image_new_from_memory_copy(pixels, size, vips_image_get_width(img.get()),
                                             vips_image_get_height(img.get()),
                                             vips_image_get_bands(img.get()), VIPS_FORMAT_UCHAR));
  g_free(pixels);
  if (!bare) return CleanFailure::kDecode;
  bare->Type = VIPS_INTERPRETATION_sRGB;

  void* out = nullptr;
  size_t out_len = 0;
  CleanedFile file;
  int rc;
  if (png) {
    rc = vips_pngsave_buffer(bare.get(), &out, &out_len, "compression", 6, "strip", TRUE, nullptr);
    file.content_type = "image/png";
    file.extension = "png";
  } else {
    rc = vips_jpegsave_buffer(bare.get(), &out, &out_len, "Q", 88, "strip", TRUE, "optimize_coding",
                              TRUE, nullptr);
    file.content_type = "image/jpeg";
    file.extension = "jpg";
  }
  if (rc != 0 || out == nullptr) return CleanFailure::kDecode;
  file.data.assign(static_cast<const char*>(out), out_len);
  g_free(out);
  return file;
}

}  // namespace portsafe::media
