#include "media/package_pdf.h"

#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>

#include "core/jpeg_scans.h"
#include "core/limits.h"
#include "media/pdf_canvas.h"

namespace portsafe::media {
namespace {

constexpr double kPageWidth = 210 * kMm, kPageHeight = 297 * kMm;
constexpr double kPageMargin = 18 * kMm;
constexpr double kColumn = kPageWidth - 2 * kPageMargin;
// The body runs between the header band and the footer.
constexpr double kBodyTop = 28 * kMm, kBodyBottom = kPageHeight - 25 * kMm;
constexpr double kKeyWidth = 38 * kMm;                             // the first column of the tables
constexpr double kThumbWidth = 60 * kMm, kThumbHeight = 60 * kMm;  // at most

constexpr Rgb Hex(unsigned v) {
  return {((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0};
}
constexpr Rgb kGrey{0.38, 0.38, 0.38};
constexpr Rgb kRule{0.75, 0.75, 0.75};

// The TLP 2.0 labels, each in its colour on black (FIRST, "Traffic Light
// Protocol (TLP) Version 2.0").
struct Tlp {
  std::string_view label;
  Rgb colour;
};
constexpr Tlp kTlps[] = {{"TLP:CLEAR", Hex(0xFFFFFF)},
                         {"TLP:GREEN", Hex(0x33FF00)},
                         {"TLP:AMBER", Hex(0xFFC000)},
                         {"TLP:AMBER+STRICT", Hex(0xFFC000)},
                         {"TLP:RED", Hex(0xFF2B2B)}};

struct Font {
  double size;
  bool bold;
  Rgb colour;
};
constexpr Font kBody{10.5, false, kInk};
constexpr Font kKey{9, true, kGrey};
constexpr Font kHeading{13, true, kNavy};

// `s` made safe for Pango: valid UTF-8 (invalid bytes become U+FFFD), CR LF
// and CR become LF, tabs spaces, and other control characters (C0, DEL, C1)
// are dropped; with `one_line`, line and paragraph separators become spaces.
std::string Printable(std::string_view s, bool one_line) {
  if (s.empty()) return {};
  std::unique_ptr<gchar, decltype(&g_free)> valid(
      g_utf8_make_valid(s.data(), static_cast<gssize>(s.size())), &g_free);
  std::string out;
  out.reserve(s.size());
  for (const gchar* p = valid.get(); *p != '\0';) {
    const gchar* next = g_utf8_next_char(p);
    gunichar c = g_utf8_get_char(p);
    if (c == '\r') {
      c = '\n';
      if (*next == '\n') ++next;
    }
    if (c == '\t' || (one_line && (c == '\n' || c == 0x2028 || c == 0x2029))) {
      out.push_back(' ');
    } else if (c == '\n') {
      out.push_back('\n');
    } else if (c >= 0x20 && !(c >= 0x7F && c <= 0x9F)) {
      out.append(p, next);
    }
    p = next;
  }
  return out;
}

using Layout = std::unique_ptr<PangoLayout, decltype(&g_object_unref)>;

// `text` (Printable, never markup) in DejaVu Sans, wrapped to `width` and
// broken inside words that do not fit, with no hyphen added there (it would
// read as part of a container number or a link); with `ellipsize`, one line
// cut short with "…" instead.
Layout MakeLayout(cairo_t* cr, const std::string& text, const Font& f, double width,
                  bool ellipsize = false) {
  Layout layout(pango_cairo_create_layout(cr), &g_object_unref);
  std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
      pango_font_description_new(), &pango_font_description_free);
  pango_font_description_set_family(font.get(), "DejaVu Sans");
  pango_font_description_set_weight(font.get(), f.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font.get(), f.size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  if (width > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    if (ellipsize) pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    std::unique_ptr<PangoAttrList, decltype(&pango_attr_list_unref)> attrs(pango_attr_list_new(),
                                                                           &pango_attr_list_unref);
    pango_attr_list_insert(attrs.get(), pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(layout.get(), attrs.get());
  }
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

double Height(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}
double Width(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

void Show(cairo_t* cr, PangoLayout* layout, double x, double y, Rgb colour) {
  SetColour(cr, colour);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}

void HorizontalRule(cairo_t* cr, double y) {
  SetColour(cr, kRule);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kPageMargin, y);
  cairo_line_to(cr, kPageWidth - kPageMargin, y);
  cairo_stroke(cr);
}

// The TLP label in its colour on a black box, `size` points; returns the
// box's width and height, and draws it with its top left at (x, y) when
// `draw`.
std::pair<double, double> Label(cairo_t* cr, const Tlp& tlp, double size, double x, double y,
                                bool draw) {
  const std::string text(tlp.label);
  Layout layout = MakeLayout(cr, text, {size, true, tlp.colour}, 0);
  const double pad_x = size * 0.4, pad_y = size * 0.2;
  const double w = Width(layout.get()) + 2 * pad_x, h = Height(layout.get()) + 2 * pad_y;
  if (draw) {
    SetColour(cr, {0, 0, 0});
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    Show(cr, layout.get(), x + pad_x, y + pad_y, tlp.colour);
  }
  return {w, h};
}

// "12.3 kB (12,345 bytes)".
std::string Bytes(std::int64_t n) {
  std::string digits = std::to_string(n), grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  const std::string exact = grouped + (n == 1 ? " byte" : " bytes");
  if (n < 1000) return exact;
  static const char* const kUnits[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
  double v = static_cast<double>(n) / 1000;
  size_t unit = 0;
  while (v >= 1000 && unit + 1 < std::size(kUnits)) {
    v /= 1000;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[unit]);
  return std::string(buf) + " (" + exact + ")";
}

// True for "YYYY-MM-DD".
bool IsDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// A JPEG that can be embedded as it is: its frame, when the marker walk
// finds one that cairo's PDF backend passes through (grey, RGB or CMYK) of
// a sane size: at most kThumbnailPixelsMax (cairo makes an image surface of
// the JPEG's full size for it, 4 bytes a pixel, so this bounds the memory one
// PDF takes), and within the image surface's limit of 32767 a side.
// 12 megapixels: a phone's photo; larger ones are listed with "(no preview)".
constexpr std::uint64_t kThumbnailPixelsMax = 12'000'000;

std::optional<core::JpegFrame> Embeddable(const std::string& jpeg) {
  if (jpeg.empty()) return std::nullopt;
  auto f = core::ReadJpegFrame(jpeg);
  if (!f) return std::nullopt;
  if (f->components != 1 && f->components != 3 && f->components != 4) return std::nullopt;
  if (f->width > 32767 || f->height > 32767) return std::nullopt;
  if (static_cast<std::uint64_t>(f->width) * static_cast<std::uint64_t>(f->height) >
      kThumbnailPixelsMax) {
    return std::nullopt;
  }
  return f;
}

// Paints `jpeg` into the w x h box at (x, y) without decoding it: an image
// surface of its pixel size carries the bytes as its JPEG MIME data, which
// the PDF backend embeds as they are (DCTDecode); the surface's own pixels
// are never written or read (RGB24 is opaque, so cairo needs no
// transparency analysis of them). False when cairo cannot make the surface.
bool PaintJpeg(cairo_t* cr, const std::string& jpeg, const core::JpegFrame& f, double x, double y,
               double w, double h) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> image(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, f.width, f.height), &cairo_surface_destroy);
  if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS) return false;
  auto* bytes = new std::string(jpeg);
  if (cairo_surface_set_mime_data(
          image.get(), CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(bytes->data()),
          bytes->size(), [](void* p) { delete static_cast<std::string*>(p); },
          bytes) != CAIRO_STATUS_SUCCESS) {
    delete bytes;
    return false;
  }
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, w / f.width, h / f.height);
  cairo_set_source_surface(cr, image.get(), 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  return true;
}

// The input, made printable once.
struct Content {
  const Tlp* tlp = nullptr;
  std::string reference, tlp_meaning, produced_on;
  std::vector<std::pair<std::string, std::string>> facts;
  std::string grade_code;
  std::vector<std::pair<std::string, std::string>> grade;
  std::string conditions;
  std::vector<std::string> paragraphs;
  std::vector<std::pair<std::string, std::string>> identifiers;
  struct Attachment {
    std::string name, content_type, size;
    const std::string* jpeg;
  };
  std::vector<Attachment> attachments;
};

// Lays the pages out one after another, with the header and footer on
// each. In the first pass (`drawing` false) it only measures, to count the
// pages; the second draws, knowing the total.
class Writer {
 public:
  Writer(cairo_t* cr, const Content& c, int total, bool drawing)
      : cr_(cr), c_(c), total_(total), drawing_(drawing) {
    Header();
  }
  cairo_t* cr() { return cr_; }
  bool drawing() const { return drawing_; }
  double y() const { return y_; }
  void Skip(double height) { y_ += height; }
  static double Room() { return kBodyBottom - kBodyTop; }

  // Starts a new page unless `height` more fits on this one (a page with
  // nothing on it yet takes anything).
  void Need(double height) {
    if (y_ + height > kBodyBottom && y_ > kBodyTop) NewPage();
  }

  // The lines of `layout` at `x`, each on the page it fits on; with `bar`,
  // a bar of that colour left of each line.
  void Flow(PangoLayout* layout, double x, Rgb colour, std::optional<Rgb> bar = std::nullopt) {
    std::unique_ptr<PangoLayoutIter, decltype(&pango_layout_iter_free)> it(
        pango_layout_get_iter(layout), &pango_layout_iter_free);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      const double height = static_cast<double>(logical.height) / PANGO_SCALE;
      Need(height);
      if (drawing_) {
        if (bar) {
          SetColour(cr_, *bar);
          cairo_rectangle(cr_, x - 3.5 * kMm, y_, 1.2 * kMm, height);
          cairo_fill(cr_);
        }
        SetColour(cr_, colour);
        const int baseline = pango_layout_iter_get_baseline(it.get());
        cairo_move_to(cr_, x + static_cast<double>(logical.x) / PANGO_SCALE,
                      y_ + static_cast<double>(baseline - logical.y) / PANGO_SCALE);
        pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it.get()));
      }
      y_ += height;
    } while (pango_layout_iter_next_line(it.get()));
  }

  // Draws the last footer; returns the number of pages.
  int Finish() {
    Footer();
    return page_;
  }

 private:
  void NewPage() {
    Footer();
    if (drawing_) cairo_show_page(cr_);
    ++page_;
    y_ = kBodyTop;
    Header();
  }

  // "PortSafe package <reference>" at the left, the TLP label at the right.
  void Header() {
    if (!drawing_) return;
    const double top = 9 * kMm;
    const auto [w, h] = Label(cr_, *c_.tlp, 13, 0, 0, false);
    Label(cr_, *c_.tlp, 13, kPageWidth - kPageMargin - w, top, true);
    Layout title = MakeLayout(cr_, "PortSafe package " + c_.reference, {11, true, kNavy},
                              kColumn - w - 8 * kMm, true);
    Show(cr_, title.get(), kPageMargin, top + (h - Height(title.get())) / 2, kNavy);
    HorizontalRule(cr_, top + h + 3 * kMm);
  }

  // The TLP label at the left, "page N of M" in the middle, the day at the
  // right.
  void Footer() {
    if (!drawing_) return;
    const double top = kPageHeight - 18 * kMm;
    HorizontalRule(cr_, top - 3 * kMm);
    const auto [w, h] = Label(cr_, *c_.tlp, 11, kPageMargin, top, true);
    const Font small{9, false, kGrey};
    Layout page = MakeLayout(cr_, "page " + std::to_string(page_) + " of " + std::to_string(total_),
                             small, 0);
    Show(cr_, page.get(), (kPageWidth - Width(page.get())) / 2, top + (h - Height(page.get())) / 2,
         kGrey);
    Layout day = MakeLayout(cr_, "Produced " + c_.produced_on, small, 0);
    Show(cr_, day.get(), kPageWidth - kPageMargin - Width(day.get()),
         top + (h - Height(day.get())) / 2, kGrey);
  }

  cairo_t* cr_;
  const Content& c_;
  const int total_;
  const bool drawing_;
  int page_ = 1;
  double y_ = kBodyTop;
};

// A paragraph across the column (or from `indent`), flowing over pages.
void Paragraph(Writer& w, const std::string& text, const Font& f, double indent = 0,
               std::optional<Rgb> bar = std::nullopt) {
  Layout layout = MakeLayout(w.cr(), text, f, kColumn - indent);
  w.Flow(layout.get(), kPageMargin + indent, f.colour, bar);
}

// A heading, kept on a page with some room after it.
void Heading(Writer& w, const std::string& text) {
  w.Skip(4 * kMm);
  Layout layout = MakeLayout(w.cr(), text, kHeading, kColumn);
  w.Need(Height(layout.get()) + 15 * kMm);
  w.Flow(layout.get(), kPageMargin, kHeading.colour);
  w.Skip(2 * kMm);
}

// A row of a two-column table: `key` in the first column, `value` in the
// second, a rule under it when `rule`. Kept on one page when it fits on
// one; a row taller than a page flows, the key above the value.
void Row(Writer& w, const std::string& key, const std::string& value, const Font& value_font,
         bool rule) {
  const double pad = 1.2 * kMm;
  Layout k = MakeLayout(w.cr(), key, kKey, kKeyWidth - 3 * kMm);
  Layout v = MakeLayout(w.cr(), value, value_font, kColumn - kKeyWidth);
  const double height = std::max(Height(k.get()), Height(v.get())) + 2 * pad;
  if (height > Writer::Room()) {
    w.Flow(k.get(), kPageMargin, kKey.colour);
    w.Flow(v.get(), kPageMargin + kKeyWidth, value_font.colour);
    w.Skip(pad);
    return;
  }
  w.Need(height);
  if (w.drawing()) {
    Show(w.cr(), k.get(), kPageMargin, w.y() + pad + 0.15 * kMm, kKey.colour);
    Show(w.cr(), v.get(), kPageMargin + kKeyWidth, w.y() + pad, value_font.colour);
    if (rule) HorizontalRule(w.cr(), w.y() + height);
  }
  w.Skip(height);
}

// One attachment: its thumbnail (or "(no preview)") at the left, its name,
// type and size at the right.
void AttachmentBlock(Writer& w, const Content::Attachment& a) {
  const double gap = 5 * kMm, x = kPageMargin + kThumbWidth + gap,
               width = kColumn - kThumbWidth - gap;
  const auto frame = Embeddable(*a.jpeg);
  double tw = 0, th = 0;
  if (frame) {
    const double scale = std::min(kThumbWidth / frame->width, kThumbHeight / frame->height);
    tw = frame->width * scale;
    th = frame->height * scale;
  }
  Layout none = MakeLayout(w.cr(), "(no preview)", {9, false, kGrey}, kThumbWidth);
  Layout name = MakeLayout(w.cr(), a.name, {10.5, true, kInk}, width);
  Layout details = MakeLayout(w.cr(), a.content_type + "\n" + a.size, {9.5, false, kInk}, width);
  const double left = frame ? th : Height(none.get());
  const double right = Height(name.get()) + 1 * kMm + Height(details.get());
  const double height = std::max(left, right) + 4 * kMm;
  const double top = [&] {
    if (height <= Writer::Room()) {
      w.Need(height);
    } else {
      w.Need(left);
    }
    return w.y();
  }();
  if (w.drawing()) {
    if (!frame || !PaintJpeg(w.cr(), *a.jpeg, *frame, kPageMargin, top, tw, th)) {
      Show(w.cr(), none.get(), kPageMargin, top, kGrey);
    }
  }
  if (height <= Writer::Room()) {
    if (w.drawing()) {
      Show(w.cr(), name.get(), x, top, kInk);
      Show(w.cr(), details.get(), x, top + Height(name.get()) + 1 * kMm, kInk);
    }
    w.Skip(height);
  } else {
    // A name longer than a page: it flows under the picture.
    w.Skip(left + 2 * kMm);
    w.Flow(name.get(), x, kInk);
    w.Flow(details.get(), x, kInk);
    w.Skip(4 * kMm);
  }
}

void Body(Writer& w, const Content& c) {
  Paragraph(w, "Intelligence package " + c.reference, {20, true, kNavy});
  w.Skip(4 * kMm);
  // What the marking allows, beside the label.
  const auto [lw, lh] = Label(w.cr(), *c.tlp, 15, 0, 0, false);
  w.Need(lh + 2 * kMm);
  if (w.drawing()) Label(w.cr(), *c.tlp, 15, kPageMargin, w.y(), true);
  w.Skip(lh + 2 * kMm);
  Paragraph(w, c.tlp_meaning, {11, false, kInk});
  w.Skip(2 * kMm);

  Heading(w, "The package");
  for (const auto& [key, value] : c.facts) Row(w, key, value, kBody, true);

  Heading(w, "Grade " + c.grade_code);
  for (const auto& [key, value] : c.grade) Row(w, key, value, kBody, true);
  if (!c.conditions.empty()) {
    w.Skip(3 * kMm);
    Layout title = MakeLayout(w.cr(), "Handling conditions", {11.5, true, kNavy}, kColumn);
    w.Need(Height(title.get()) + 10 * kMm);
    w.Flow(title.get(), kPageMargin + 5 * kMm, kNavy, kNavy);
    Paragraph(w, c.conditions, {11, true, kInk}, 5 * kMm, kNavy);
  }

  Heading(w, "The report");
  for (const auto& p : c.paragraphs) {
    if (p.empty()) {
      w.Skip(kBody.size * 0.6);
    } else {
      Paragraph(w, p, kBody);
      w.Skip(kBody.size * 0.4);
    }
  }

  Heading(w, "Identifiers (" + std::to_string(c.identifiers.size()) + ")");
  if (c.identifiers.empty()) Paragraph(w, "None found in the report.", kBody);
  for (const auto& [kind, value] : c.identifiers) Row(w, kind, value, kBody, true);

  Heading(w, "Attachments (" + std::to_string(c.attachments.size()) + ")");
  if (c.attachments.empty()) Paragraph(w, "None.", kBody);
  for (const auto& a : c.attachments) AttachmentBlock(w, a);
}

std::string OrDash(std::string s) { return s.empty() ? "—" : s; }

Result<Content> Prepare(const PackagePdfInput& in) {
  Content c;
  for (const auto& t : kTlps) {
    if (in.tlp == t.label) c.tlp = &t;
  }
  if (c.tlp == nullptr) return InvalidField("tlp", "not a TLP 2.0 label");
  if (!IsDay(in.produced_on)) return InvalidField("produced_on", "not a day (YYYY-MM-DD)");
  if (in.identifiers.size() > kPackagePdfIdentifiersMax) {
    return InvalidField("identifiers", "too many identifiers to print");
  }
  if (in.attachments.size() > kPackagePdfAttachmentsMax) {
    return InvalidField("attachments", "too many attachments to print");
  }
  size_t bytes = in.reference.size() + in.tlp_meaning.size() + in.agency.size() +
                 in.category.size() + in.priority.size() + in.port.size() + in.facility.size() +
                 in.received_month.size() + in.sent_on.size() + in.grade_code.size() +
                 in.grade_source.size() + in.grade_intelligence.size() + in.grade_handling.size() +
                 in.conditions.size() + in.text.size();
  for (const auto& [kind, value] : in.identifiers) bytes += kind.size() + value.size();
  for (const auto& a : in.attachments) {
    if (a.size < 0) return InvalidField("attachments", "an attachment's size is negative");
    bytes += a.name.size() + a.content_type.size();
  }
  if (bytes > kPackagePdfTextMax) return InvalidArgument("the package is too long to print");

  auto word = [](const std::string& s) { return Printable(s, true); };
  c.reference = word(in.reference);
  c.tlp_meaning = Printable(in.tlp_meaning, false);
  c.produced_on = in.produced_on;
  c.facts = {
      {"Agency", OrDash(word(in.agency))},     {"Category", OrDash(word(in.category))},
      {"Priority", OrDash(word(in.priority))}, {"Port", OrDash(word(in.port))},
      {"Facility", OrDash(word(in.facility))}, {"Reported in", OrDash(word(in.received_month))},
      {"Sent on", OrDash(word(in.sent_on))}};
  c.grade_code = word(in.grade_code);
  c.grade = {{"Source", OrDash(word(in.grade_source))},
             {"Intelligence", OrDash(word(in.grade_intelligence))},
             {"Handling", OrDash(word(in.grade_handling))}};
  c.conditions = Printable(in.conditions, false);
  const std::string text = Printable(in.text, false);
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    c.paragraphs.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (const auto& [kind, value] : in.identifiers) {
    c.identifiers.emplace_back(OrDash(word(kind)), OrDash(word(value)));
  }
  for (const auto& a : in.attachments) {
    c.attachments.push_back(
        {OrDash(word(a.name)), OrDash(word(a.content_type)), Bytes(a.size), &a.jpeg});
  }
  return c;
}

}  // namespace

Result<std::string> PackagePdf(const PackagePdfInput& in) {
  auto content = Prepare(in);
  if (!content.ok()) return content.error();
  // First pass: count the pages, on a surface that writes nowhere.
  int pages = 0;
  {
    PdfCanvas scratch(kPageWidth, kPageHeight, /*discard=*/true);
    Writer w(scratch.cr(), *content, 0, false);
    Body(w, *content);
    pages = w.Finish();
    auto done = scratch.Finish();
    if (!done.ok()) return done.error();
  }
  PdfCanvas pdf(kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(pdf.surface(), CAIRO_PDF_METADATA_TITLE,
                                 ("PortSafe package " + content->reference).c_str());
  // A day, never the moment: the service keeps no finer time.
  cairo_pdf_surface_set_metadata(pdf.surface(), CAIRO_PDF_METADATA_CREATE_DATE,
                                 (in.produced_on + "T00:00:00Z").c_str());
  Writer w(pdf.cr(), *content, pages, true);
  Body(w, *content);
  if (w.Finish() != pages) return Internal("the package's pages changed between passes");
  return pdf.Finish();
}

}  // namespace portsafe::media
