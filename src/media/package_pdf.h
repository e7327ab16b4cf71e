// A package as a printable A4 PDF, for officers who file or read intelligence
// on paper: drawn with cairo and laid out with Pango (DejaVu Sans), like the
// campaign materials (media/print_materials.h).
//
// Every page carries the package's TLP 2.0 marking twice, drawn as FIRST's
// label (its colour on black): at the top right of the header band, beside
// "PortSafe package <reference>", and in the footer, with "page N of M" and
// the day the PDF was produced. The body has the facts of the package, its
// grade and handling code (with the conditions, when there are any), what the
// TLP marking allows, the sanitised text flowing over as many pages as it
// needs, the identifiers and the attachments.
//
// Attachments that are JPEGs get a thumbnail, embedded as the cleaned file's
// own bytes (cairo's JPEG pass-through): only the JPEG's markers are read, to
// learn its size (core::ReadJpegFrame); its pixels are never decoded in this
// process. A JPEG whose header cannot be read gets "(no preview)".
//
// Every string may hold any bytes: invalid UTF-8 is replaced (U+FFFD),
// control characters dropped, and text is never read as Pango markup. Words
// too long for a line are broken.
//
// Thread-safety: safe to call from several threads at once (each call draws
// on its own cairo surface; Pango's default font map is one per thread).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace portsafe::media {

// Everything printed, in words, ready to print. Nothing here is trusted:
// the text and the identifiers come from a reporter, however sanitised.
struct PackagePdfInput {
  std::string reference;    // "K7MQ-4RPX": the package as staff read it out
  std::string tlp;          // "TLP:AMBER+STRICT", "TLP:GREEN", ... (TLP 2.0)
  std::string tlp_meaning;  // one English sentence: who may be told
  std::string agency;       // "Suffolk Constabulary"
  std::string category, priority, port, facility, received_month, sent_on;  // in words
  std::string grade_code;                                                   // "2BP"
  std::string grade_source, grade_intelligence, grade_handling;             // in words
  std::string conditions;  // the handling conditions, when handling is C; else ""
  std::string text;        // the sanitised intelligence report (UTF-8, any script)
  // (kind in words, value), e.g. ("Container", "MSCU 123456 6").
  std::vector<std::pair<std::string, std::string>> identifiers;
  struct Attachment {
    std::string name;          // "photo-1.jpg"
    std::string content_type;  // "image/jpeg"
    std::int64_t size = 0;     // bytes
    std::string jpeg;          // the cleaned file's bytes when it is a JPEG, else "" (no preview)
  };
  std::vector<Attachment> attachments;
  std::string produced_on;  // "2026-12-06": printed in the footer
};

// Limits of what PackagePdf draws (far above any real package: a report's
// text is at most limits::kDescriptionMax bytes, its files
// limits::kFilesPerReport).
inline constexpr size_t kPackagePdfTextMax = 4 * 1024 * 1024;  // bytes of all strings but `jpeg`
inline constexpr size_t kPackagePdfIdentifiersMax = 10000;
inline constexpr size_t kPackagePdfAttachmentsMax = 1000;

// The package as an A4 PDF. kInvalidArgument (with its field) for input
// that cannot be drawn: a `tlp` that is not a TLP 2.0 label (TLP:CLEAR,
// TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED), an attachment of
// negative size, or more than the limits above. kInternal when cairo fails.
Result<std::string> PackagePdf(const PackagePdfInput& in);

}  // namespace portsafe::media
