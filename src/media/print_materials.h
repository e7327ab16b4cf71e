// Printable campaign materials as PDF, drawn with cairo and laid out with
// Pango (word wrapping and every script the reporter languages use; the
// font is DejaVu Sans from fonts-dejavu-core). The QR code is drawn as
// vector squares, so it stays sharp at any print size.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "media/qr_code.h"

namespace portsafe::media {

// What a poster or leaflet says, already in the reader's language.
struct PosterText {
  std::string lang;      // BCP 47 code, for hyphenation and shaping ("pl")
  std::string headline;  // "Report crime at the port, anonymously"
  std::vector<std::string> intro;
  std::string look_for_title;
  std::vector<std::string> look_for;
  std::string signs_title;
  std::vector<std::string> signs;
  // The leaflet's back only: the rest of the signs, and how to stay safe.
  std::vector<std::string> look_for_more;
  std::vector<std::string> signs_more;
  std::string coastal_title;
  std::vector<std::string> coastal;
  std::string safety_title;
  std::vector<std::string> safety;
  std::string scan;             // "Scan the code to report"
  std::string or_visit;         // "or type this address"
  std::string link;             // the reporting link, as text
  std::string facility;         // "Trinity Terminal, Felixstowe (GBFXT)"
  std::string approached;       // "Has someone asked you to help them? Tell us here:"
  std::string approached_link;  // the facility's "I was approached" link, as text
  std::string learn;            // "Learn the signs: short lessons" (posters only)
  std::string learn_link;       // the facility's learning link, as text
  std::string promise;          // what PortSafe never records
  std::string emergency;        // "In an emergency call 999"
};

enum class Paper { kA3, kA4, kA5 };

// A one-page poster (A3 or A4): headline, what to look for, the QR code,
// and the way to say "I was approached"; with `learn_qr`, a second, smaller
// QR code to the facility's learning link under what to look for.
Result<std::string> RenderPoster(const PosterText& text, const QrMatrix& qr, Paper paper,
                                 const QrMatrix* learn_qr = nullptr);
// A two-page A5 leaflet: the QR code, the way to say "I was approached",
// the promise and 999 on the front; on
// the back every sign, how to stay safe and a smaller QR code, set as large
// as the page allows (from 10 down to 7 points).
Result<std::string> RenderLeaflet(const PosterText& text, const QrMatrix& qr);

// A section of the briefing pack: a heading, paragraphs and a bullet list.
struct BriefingSection {
  std::string heading;
  std::vector<std::string> paragraphs;
  std::vector<std::string> bullets;
};
struct BriefingText {
  std::string title;
  std::string subtitle;  // the facility and its link
  std::vector<BriefingSection> sections;
  // Last, beside a second QR code (`learn_qr`): the facility's lessons.
  BriefingSection learn;
};
// An A4 document of as many pages as the sections need, with the QR code
// on the first page; with `learn_qr`, the `learn` section at the end beside
// a second QR code to the facility's learning link.
Result<std::string> RenderBriefing(const BriefingText& text, const QrMatrix& qr,
                                   const QrMatrix* learn_qr = nullptr);

}  // namespace portsafe::media
