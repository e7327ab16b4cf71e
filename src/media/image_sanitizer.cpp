#include "media/image_sanitizer.h"

// libjpeg needs stdio declarations first.
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include <jpeglib.h>
#include <png.h>

#include "core/limits.h"

namespace portsafe::media {
namespace {

bool IsJpeg(std::string_view d) {
  return d.size() >= 3 && static_cast<unsigned char>(d[0]) == 0xFF &&
         static_cast<unsigned char>(d[1]) == 0xD8 && static_cast<unsigned char>(d[2]) == 0xFF;
}

bool IsPng(std::string_view d) {
  static const unsigned char kSig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  return d.size() >= 8 && std::memcmp(d.data(), kSig, 8) == 0;
}

// The EXIF orientation (1-8) from an APP1 "Exif" segment, or 1. Reads only
// IFD0 and checks every offset against the segment, which is untrusted.
int ExifOrientation(const unsigned char* p, size_t n) {
  if (n < 14 || std::memcmp(p, "Exif\0\0", 6) != 0) return 1;
  const unsigned char* t = p + 6;  // TIFF header
  const size_t tn = n - 6;
  bool le;
  if (t[0] == 'I' && t[1] == 'I') {
    le = true;
  } else if (t[0] == 'M' && t[1] == 'M') {
    le = false;
  } else {
    return 1;
  }
  auto u16 = [&](size_t at) -> unsigned {
    return le ? t[at] | (t[at + 1] << 8) : (t[at] << 8) | t[at + 1];
  };
  auto u32 = [&](size_t at) -> size_t {
    return le ? (size_t{t[at]} | (size_t{t[at + 1]} << 8) | (size_t{t[at + 2]} << 16) |
                 (size_t{t[at + 3]} << 24))
              : ((size_t{t[at]} << 24) | (size_t{t[at + 1]} << 16) | (size_t{t[at + 2]} << 8) |
                 size_t{t[at + 3]});
  };
  size_t ifd = u32(4);
  if (ifd > tn || tn - ifd < 2) return 1;
  unsigned count = u16(ifd);
  for (unsigned i = 0; i < count; ++i) {
    size_t e = ifd + 2 + size_t{i} * 12;
    if (e > tn || tn - e < 12) return 1;
    if (u16(e) == 0x0112 && u16(e + 2) == 3) {  // Orientation, SHORT
      unsigned v = u16(e + 8);
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
    }
  }
  return 1;
}

// Applies EXIF orientation `o` to packed pixels (w x h, `c` channels), so
// the picture stands the right way up without the tag.
std::vector<unsigned char> Orient(const std::vector<unsigned char>& in, unsigned w, unsigned h,
                                  unsigned c, int o, unsigned* out_w, unsigned* out_h) {
  const bool swap = o >= 5;
  const unsigned ow = swap ? h : w, oh = swap ? w : h;
  std::vector<unsigned char> out(in.size());
  for (unsigned y = 0; y < h; ++y) {
    for (unsigned x = 0; x < w; ++x) {
      unsigned nx, ny;
      switch (o) {
        case 2:
          nx = w - 1 - x;
          ny = y;
          break;
        case 3:
          nx = w - 1 - x;
          ny = h - 1 - y;
          break;
        case 4:
          nx = x;
          ny = h - 1 - y;
          break;
        case 5:
          nx = y;
          ny = x;
          break;
        case 6:
          nx = h - 1 - y;
          ny = x;
          break;
        case 7:
          nx = h - 1 - y;
          ny = w - 1 - x;
          break;
        case 8:
          nx = y;
          ny = w - 1 - x;
          break;
        default:
          nx = x;
          ny = y;
          break;
      }
      std::memcpy(&out[(size_t{ny} * ow + nx) * c], &in[(size_t{y} * w + x) * c], c);
    }
  }
  *out_w = ow;
  *out_h = oh;
  return out;
}

// State for one JPEG round trip. Lives on the heap and is created before
// setjmp, so nothing the error path needs is a local modified after setjmp.
struct JpegJob {
  jpeg_decompress_struct din{};
  jpeg_compress_struct dout{};
  jpeg_error_mgr err{};
  std::jmp_buf jump;
  bool din_created = false, dout_created = false;
  std::vector<unsigned char> pixels;
  unsigned char* out_buf = nullptr;
  unsigned long out_size = 0;
  ~JpegJob() {
    if (din_created) jpeg_destroy_decompress(&din);
    if (dout_created) jpeg_destroy_compress(&dout);
    std::free(out_buf);
  }
};

void JpegErrorExit(j_common_ptr cinfo) {
  auto* job = static_cast<JpegJob*>(cinfo->client_data);
  std::longjmp(job->jump, 1);
}

void JpegSilence(j_common_ptr, int) {}

Result<std::string> ReencodeJpeg(std::string_view data) {
  auto job = std::make_unique<JpegJob>();
  JpegJob* j = job.get();
  j->din.err = jpeg_std_error(&j->err);
  j->dout.err = &j->err;
  j->err.error_exit = JpegErrorExit;
  j->err.emit_message = JpegSilence;
  j->din.client_data = j;
  j->dout.client_data = j;
  if (setjmp(j->jump)) return InvalidArgument("the image could not be read");
  jpeg_create_decompress(&j->din);
  j->din_created = true;
  jpeg_mem_src(&j->din, reinterpret_cast<const unsigned char*>(data.data()),
               static_cast<unsigned long>(data.size()));
  jpeg_save_markers(&j->din, JPEG_APP0 + 1, 0xFFFF);
  if (jpeg_read_header(&j->din, TRUE) != JPEG_HEADER_OK) {
    return InvalidArgument("the image could not be read");
  }
  int orientation = 1;
  for (auto* m = j->din.marker_list; m; m = m->next) {
    if (m->marker == JPEG_APP0 + 1) orientation = ExifOrientation(m->data, m->data_length);
    if (orientation != 1) break;
  }
  if (static_cast<unsigned long long>(j->din.image_width) * j->din.image_height >
      limits::kImagePixelsMax) {
    return InvalidArgument("the image has too many pixels");
  }
  j->din.out_color_space = j->din.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&j->din);
  const size_t stride = static_cast<size_t>(j->din.output_width) * j->din.output_components;
  j->pixels.resize(stride * j->din.output_height);
  while (j->din.output_scanline < j->din.output_height) {
    unsigned char* row = j->pixels.data() + stride * j->din.output_scanline;
    jpeg_read_scanlines(&j->din, &row, 1);
  }
  jpeg_finish_decompress(&j->din);
  unsigned width = j->din.output_width, height = j->din.output_height;
  if (orientation != 1) {
    j->pixels =
        Orient(j->pixels, width, height, j->din.output_components, orientation, &width, &height);
  }
  const size_t out_stride = static_cast<size_t>(width) * j->din.output_components;

  jpeg_create_compress(&j->dout);
  j->dout_created = true;
  jpeg_mem_dest(&j->dout, &j->out_buf, &j->out_size);
  j->dout.image_width = width;
  j->dout.image_height = height;
  j->dout.input_components = j->din.output_components;
  j->dout.in_color_space = j->din.out_color_space;
  jpeg_set_defaults(&j->dout);
  jpeg_set_quality(&j->dout, 90, TRUE);
  j->dout.write_JFIF_header = TRUE;  // a bare JFIF header: no EXIF, no comment
  jpeg_start_compress(&j->dout, TRUE);
  while (j->dout.next_scanline < j->dout.image_height) {
    unsigned char* row = j->pixels.data() + out_stride * j->dout.next_scanline;
    jpeg_write_scanlines(&j->dout, &row, 1);
  }
  jpeg_finish_compress(&j->dout);
  return std::string(reinterpret_cast<const char*>(j->out_buf), j->out_size);
}

// Rebuilds a PNG from only the chunks its pixels need (IHDR, PLTE, tRNS,
// IDAT, IEND), after checking that every chunk's declared length fits in the
// data. libpng's simplified reader would otherwise allocate whatever length
// an ancillary chunk claims (a 2 GB tEXt in a 200-byte file, found by
// fuzz/image_fuzz) and would parse metadata we discard anyway.
Result<std::string> CriticalPngChunks(std::string_view d) {
  constexpr size_t kSig = 8;
  std::string out(d.substr(0, kSig));
  size_t at = kSig;
  bool ihdr = false, iend = false;
  while (at < d.size() && !iend) {
    if (d.size() - at < 12) return InvalidArgument("the image is truncated");
    auto b = [&](size_t i) { return static_cast<unsigned char>(d[at + i]); };
    size_t len = (size_t{b(0)} << 24) | (size_t{b(1)} << 16) | (size_t{b(2)} << 8) | b(3);
    if (len > d.size() - at - 12) return InvalidArgument("the image is truncated");
    std::string_view type = d.substr(at + 4, 4);
    if (!ihdr && type != "IHDR") return InvalidArgument("the image could not be read");
    ihdr = true;
    iend = type == "IEND";
    if (type == "IHDR" || type == "PLTE" || type == "tRNS" || type == "IDAT" || iend) {
      out.append(d.substr(at, len + 12));
    }
    at += len + 12;
  }
  if (!iend) return InvalidArgument("the image is truncated");
  return out;
}

Result<std::string> ReencodePng(std::string_view original) {
  auto critical = CriticalPngChunks(original);
  if (!critical.ok()) return critical.error();
  std::string_view data = *critical;
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&img, data.data(), data.size())) {
    return InvalidArgument("the image could not be read");
  }
  if (static_cast<unsigned long long>(img.width) * img.height > limits::kImagePixelsMax) {
    png_image_free(&img);
    return InvalidArgument("the image has too many pixels");
  }
  img.format = PNG_FORMAT_RGBA;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, pixels.data(), 0, nullptr)) {
    png_image_free(&img);
    return InvalidArgument("the image could not be read");
  }
  // The simplified writer emits only IHDR, (sRGB/gAMA), IDAT and IEND.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&img, nullptr, &size, 0, pixels.data(), 0, nullptr)) {
    return InvalidArgument("the image could not be re-encoded");
  }
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&img, out.data(), &size, 0, pixels.data(), 0, nullptr)) {
    return InvalidArgument("the image could not be re-encoded");
  }
  out.resize(size);
  return out;
}

}  // namespace

std::string SafeContentType(std::string_view declared) {
  if (declared.empty() || declared.size() > 100) return "application/octet-stream";
  size_t slash = 0;
  for (char c : declared) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '+' || c == '-' || c == '/';
    if (!ok) return "application/octet-stream";
    slash += c == '/';
  }
  return slash == 1 ? std::string(declared) : "application/octet-stream";
}

Result<SanitizedFile> SanitizeUpload(std::string_view data, std::string_view declared_type) {
  if (IsJpeg(data)) {
    auto r = ReencodeJpeg(data);
    if (!r.ok()) return r.error();
    return SanitizedFile{std::move(*r), "image/jpeg", true};
  }
  if (IsPng(data)) {
    auto r = ReencodePng(data);
    if (!r.ok()) return r.error();
    return SanitizedFile{std::move(*r), "image/png", true};
  }
  return SanitizedFile{std::string(data), SafeContentType(declared_type), false};
}

}  // namespace portsafe::media
