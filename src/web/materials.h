// A member facility's campaign materials: posters (A4, A3), a two-page A5
// leaflet and the QR code (SVG, PNG) in any reporter language, and the
// briefing pack (English). The QR code holds the facility's reporting link,
// "<public URL>/r/<CODE>". Used by `portsafe facility materials` and the
// materials page; the text comes from the translation catalogue and
// assets/materials/briefing.json.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/port_directory.h"
#include "store/records.h"
#include "web/i18n.h"

namespace portsafe::web {

struct MaterialFile {
  std::string name;  // "poster-a4.pdf"
  std::string content_type;
  std::string data;
};

// The file names, in the order the materials page lists them.
inline constexpr std::string_view kMaterialFiles[] = {
    "poster-a4.pdf", "poster-a3.pdf", "leaflet-a5.pdf", "qr.svg", "qr.png", "briefing-pack.pdf"};

struct MaterialsFor {
  store::Facility facility;
  const core::Port* port = nullptr;  // may be null
  std::string public_url;            // as service::NormalisePublicUrl leaves it
};

// Whether `name` is made in `lang`: the briefing pack is written for the
// facility's security staff in English only; everything else in every
// reporter language.
bool MaterialInLanguage(std::string_view name, std::string_view lang);

// One file; kInvalidArgument for an unknown language or file name, or a
// file not made in that language (MaterialInLanguage). The QR code holds
// the reporting link with the language ("…/r/CODE?lang=pl"), so a worker
// who scans a Polish poster reads the form in Polish; the link printed
// under it is the short one, to type.
Result<MaterialFile> MakeMaterial(const Catalogue& catalogue, const MaterialsFor& m,
                                  std::string_view lang, std::string_view name);

}  // namespace portsafe::web
