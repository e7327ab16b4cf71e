#include "media/print_materials.h"

#include <pango/pangocairo.h>

#include <cmath>
#include <memory>

#include "media/pdf_canvas.h"

namespace portsafe::media {
namespace {

constexpr double kA4Width = 210 * kMm, kA4Height = 297 * kMm;
constexpr double kMargin = 18 * kMm;

constexpr Rgb kWhite{1, 1, 1};
constexpr Rgb kAmber{0.98, 0.73, 0.1};

// Draws `text` wrapped to `width` at (x, y) in DejaVu Sans of `size` points;
// returns the height used.
double Text(cairo_t* cr, const std::string& lang, const std::string& text, double x, double y,
            double width, double size, bool bold, Rgb colour) {
  if (text.empty()) return 0;
  std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_cairo_create_layout(cr),
                                                                 &g_object_unref);
  std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
      pango_font_description_new(), &pango_font_description_free);
  pango_font_description_set_family(font.get(), "DejaVu Sans");
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  PangoContext* ctx = pango_layout_get_context(layout.get());
  if (!lang.empty()) pango_context_set_language(ctx, pango_language_from_string(lang.c_str()));
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  SetColour(cr, colour);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  int w = 0, h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

// A bullet list; returns the height used.
double Bullets(cairo_t* cr, const std::string& lang, const std::vector<std::string>& items,
               double x, double y, double width, double size) {
  double used = 0;
  for (const auto& item : items) {
    SetColour(cr, kNavy);
    cairo_new_path(cr);
    cairo_arc(cr, x + size * 0.3, y + used + size * 0.65, size * 0.22, 0, 2 * M_PI);
    cairo_fill(cr);
    used += Text(cr, lang, item, x + size * 1.1, y + used, width - size * 1.1, size, false, kInk);
    used += size * 0.35;
  }
  return used;
}

// The QR code as squares, `side` points wide, with its white quiet zone
// included in `side`.
void DrawQr(cairo_t* cr, const QrMatrix& qr, double x, double y, double side) {
  const int quiet = 4;
  const double m = side / (qr.size + 2 * quiet);
  SetColour(cr, kWhite);
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  SetColour(cr, {0, 0, 0});
  for (int row = 0; row < qr.size; ++row) {
    for (int col = 0; col < qr.size; ++col) {
      if (qr.At(col, row)) cairo_rectangle(cr, x + (col + quiet) * m, y + (row + quiet) * m, m, m);
    }
  }
  cairo_fill(cr);
}

// The height `draw(cr)` uses, found by drawing on a recording surface that
// is thrown away (Pango lays text out only against a cairo context).
template <typename Draw>
double Measure(Draw draw) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> scratch(
      cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(scratch.get()),
                                                        &cairo_destroy);
  return draw(cr.get());
}

// The navy band with the headline; returns its height.
double Banner(cairo_t* cr, const PosterText& t, double width, double size) {
  const double pad = kMargin * 0.8;
  const double h = Measure([&](cairo_t* c) {
    return Text(c, t.lang, t.headline, 0, 0, width - 2 * pad, size, true, kWhite);
  });
  const double band = pad * 2 + size * 1.6 + h;
  SetColour(cr, kNavy);
  cairo_rectangle(cr, 0, 0, width, band);
  cairo_fill(cr);
  Text(cr, t.lang, "PortSafe", pad, pad * 0.8, width, size * 0.6, true, kAmber);
  Text(cr, t.lang, t.headline, pad, pad + size * 1.6 - size * 0.4, width - 2 * pad, size, true,
       kWhite);
  return band;
}

// The A4 poster, drawn in A4 points (A3 scales it up).
void DrawPoster(cairo_t* cr, const PosterText& t, const QrMatrix& qr, const QrMatrix* learn_qr) {
  const double w = kA4Width, h = kA4Height;
  double y = Banner(cr, t, w, 30) + 8 * kMm;
  const double col = w - 2 * kMargin;
  for (const auto& p : t.intro)
    y += Text(cr, t.lang, p, kMargin, y, col, 12, false, kInk) + 4 * kMm;
  // Two columns: what to look for on the left, the QR code on the right.
  const double qr_side = 72 * kMm;
  const double left = col - qr_side - 8 * kMm;
  double ly = y;
  ly += Text(cr, t.lang, t.look_for_title, kMargin, ly, left, 14, true, kNavy) + 2 * kMm;
  ly += Bullets(cr, t.lang, t.look_for, kMargin, ly, left, 11) + 3 * kMm;
  ly += Text(cr, t.lang, t.signs_title, kMargin, ly, left, 14, true, kNavy) + 2 * kMm;
  ly += Bullets(cr, t.lang, t.signs, kMargin, ly, left, 11);
  if (learn_qr != nullptr) {
    // The learning link: a smaller code beside its words.
    const double side = 26 * kMm, words = left - side - 4 * kMm;
    ly += 6 * kMm;
    DrawQr(cr, *learn_qr, kMargin, ly, side);
    double wy = ly;
    wy += Text(cr, t.lang, t.learn, kMargin + side + 4 * kMm, wy, words, 12, true, kNavy) + kMm;
    Text(cr, t.lang, t.learn_link, kMargin + side + 4 * kMm, wy, words, 9, false, kInk);
  }
  const double qx = w - kMargin - qr_side;
  double qy = y;
  qy += Text(cr, t.lang, t.scan, qx, qy, qr_side, 15, true, kNavy) + 2 * kMm;
  DrawQr(cr, qr, qx, qy, qr_side);
  qy += qr_side + 2 * kMm;
  qy += Text(cr, t.lang, t.or_visit, qx, qy, qr_side, 10, false, kInk) + 1 * kMm;
  qy += Text(cr, t.lang, t.link, qx, qy, qr_side, 11, true, kInk) + 3 * kMm;
  qy += Text(cr, t.lang, t.facility, qx, qy, qr_side, 10, false, kInk) + 6 * kMm;
  if (!t.approached.empty()) {
    qy += Text(cr, t.lang, t.approached, qx, qy, qr_side, 12, true, kNavy) + 1 * kMm;
    Text(cr, t.lang, t.approached_link, qx, qy, qr_side, 10, true, kInk);
  }
  // Footer: the promise and the emergency line on an amber strip.
  const double fh = 32 * kMm;
  SetColour(cr, kAmber);
  cairo_rectangle(cr, 0, h - fh, w, fh);
  cairo_fill(cr);
  double fy = h - fh + 5 * kMm;
  fy += Text(cr, t.lang, t.promise, kMargin, fy, col, 11, false, kInk) + 2 * kMm;
  Text(cr, t.lang, t.emergency, kMargin, fy, col, 12, true, kInk);
}

}  // namespace

Result<std::string> RenderPoster(const PosterText& text, const QrMatrix& qr, Paper paper,
                                 const QrMatrix* learn_qr) {
  const double scale = paper == Paper::kA3 ? std::sqrt(2.0) : 1.0;
  PdfCanvas pdf(kA4Width * scale, kA4Height * scale);
  cairo_scale(pdf.cr(), scale, scale);
  DrawPoster(pdf.cr(), text, qr, learn_qr);
  return pdf.Finish();
}

Result<std::string> RenderLeaflet(const PosterText& t, const QrMatrix& qr) {
  const double w = 148 * kMm, h = 210 * kMm, margin = 12 * kMm, col = w - 2 * margin;
  PdfCanvas pdf(w, h);
  cairo_t* cr = pdf.cr();
  double y = Banner(cr, t, w, 20) + 6 * kMm;
  for (const auto& p : t.intro) y += Text(cr, t.lang, p, margin, y, col, 9, false, kInk) + 3 * kMm;
  const double qr_side = 60 * kMm;
  const double qx = (w - qr_side) / 2;
  y += Text(cr, t.lang, t.scan, margin, y, col, 12, true, kNavy) + 2 * kMm;
  DrawQr(cr, qr, qx, y, qr_side);
  y += qr_side + 2 * kMm;
  y += Text(cr, t.lang, t.or_visit + " " + t.link, margin, y, col, 9, false, kInk) + 2 * kMm;
  y += Text(cr, t.lang, t.facility, margin, y, col, 8, false, kInk) + 4 * kMm;
  if (!t.approached.empty()) {
    y += Text(cr, t.lang, t.approached + " " + t.approached_link, margin, y, col, 10, true, kNavy);
  }
  // At the foot of the front: what PortSafe never records, and 999.
  const double foot = Measure([&](cairo_t* c) {
    return Text(c, t.lang, t.promise, 0, 0, col, 9, false, kInk) + 2 * kMm +
           Text(c, t.lang, t.emergency, 0, 0, col, 10, true, kInk);
  });
  double fy = std::max(y + 12 * kMm, h - margin - foot);
  fy += Text(cr, t.lang, t.promise, margin, fy, col, 9, false, kInk) + 2 * kMm;
  Text(cr, t.lang, t.emergency, margin, fy, col, 10, true, kInk);
  pdf.NextPage();
  // The back: its text is set as large as fits above the strip that holds
  // the smaller QR code.
  const double qr_small = 28 * kMm, strip = qr_small + 4 * kMm;
  const double room = h - 2 * margin - strip;
  auto joined = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  const auto look_for = joined(t.look_for, t.look_for_more);
  const auto signs = joined(t.signs, t.signs_more);
  auto back = [&](cairo_t* c, double size) {
    double at = margin;
    auto section = [&](const std::string& title, const std::vector<std::string>& items) {
      if (items.empty()) return;
      at += Text(c, t.lang, title, margin, at, col, size * 1.3, true, kNavy) + size * 0.3;
      at += Bullets(c, t.lang, items, margin, at, col, size) + size * 0.7;
    };
    section(t.look_for_title, look_for);
    section(t.signs_title, signs);
    section(t.coastal_title, t.coastal);
    section(t.safety_title, t.safety);
    return at - margin;
  };
  double size = 10;
  while (size > 7 && Measure([&](cairo_t* c) { return back(c, size); }) > room) size -= 0.5;
  back(cr, size);
  const double sy = h - margin - qr_small;
  DrawQr(cr, qr, w - margin - qr_small, sy, qr_small);
  const double text_w = col - qr_small - 4 * kMm;
  double ty = sy;
  ty += Text(cr, t.lang, t.scan, margin, ty, text_w, 11, true, kNavy) + 1.5 * kMm;
  ty += Text(cr, t.lang, t.or_visit + " " + t.link, margin, ty, text_w, 8, false, kInk) + 2 * kMm;
  Text(cr, t.lang, t.emergency, margin, ty, text_w, 9, true, kInk);
  return pdf.Finish();
}

Result<std::string> RenderBriefing(const BriefingText& b, const QrMatrix& qr,
                                   const QrMatrix* learn_qr) {
  PdfCanvas pdf(kA4Width, kA4Height);
  cairo_t* cr = pdf.cr();
  const double col = kA4Width - 2 * kMargin, bottom = kA4Height - kMargin;
  double y = kMargin;
  y += Text(cr, "en", b.title, kMargin, y, col - 45 * kMm, 22, true, kNavy) + 3 * kMm;
  y += Text(cr, "en", b.subtitle, kMargin, y, col - 45 * kMm, 11, false, kInk) + 4 * kMm;
  DrawQr(cr, qr, kA4Width - kMargin - 38 * kMm, kMargin, 38 * kMm);
  y = std::max(y, kMargin + 42 * kMm);
  for (const auto& s : b.sections) {
    // Start a new page when the section does not fit (a section longer
    // than a page just runs on).
    auto draw = [&](cairo_t* c, double at) {
      double used = Text(c, "en", s.heading, kMargin, at, col, 14, true, kNavy) + 2 * kMm;
      for (const auto& p : s.paragraphs) {
        used += Text(c, "en", p, kMargin, at + used, col, 10.5, false, kInk) + 2.5 * kMm;
      }
      used += Bullets(c, "en", s.bullets, kMargin, at + used, col, 10.5);
      return used + 5 * kMm;
    };
    const double need = Measure([&](cairo_t* c) { return draw(c, 0); });
    if (y + need > bottom && y > kMargin + 1) {
      pdf.NextPage();
      y = kMargin;
    }
    y += draw(cr, y);
  }
  if (learn_qr != nullptr) {
    // The lessons for the facility's staff, beside their own code.
    const double side = 38 * kMm, words = col - side - 6 * kMm;
    const auto& s = b.learn;
    auto draw = [&](cairo_t* c, double at) {
      double used = Text(c, "en", s.heading, kMargin, at, words, 14, true, kNavy) + 2 * kMm;
      for (const auto& p : s.paragraphs) {
        used += Text(c, "en", p, kMargin, at + used, words, 10.5, false, kInk) + 2.5 * kMm;
      }
      used += Bullets(c, "en", s.bullets, kMargin, at + used, words, 10.5);
      return std::max(used, side);
    };
    const double need = Measure([&](cairo_t* c) { return draw(c, 0); });
    if (y + need > bottom && y > kMargin + 1) {
      pdf.NextPage();
      y = kMargin;
    }
    draw(cr, y);
    DrawQr(cr, *learn_qr, kA4Width - kMargin - side, y, side);
  }
  return pdf.Finish();
}

}  // namespace portsafe::media
