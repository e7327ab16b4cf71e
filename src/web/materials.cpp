#include "web/materials.h"

#include <boost/json.hpp>

#include "common/assets.h"
#include "common/json_fields.h"
#include "media/print_materials.h"
#include "media/qr_code.h"
#include "service/facilities.h"

namespace portsafe::web {
namespace {

namespace json = boost::json;

std::string FacilityLine(const MaterialsFor& m) {
  std::string line = m.facility.name;
  if (m.port != nullptr) line += ", " + core::PortLabel(*m.port);
  return line;
}

media::PosterText PosterTextFor(const Catalogue& c, const MaterialsFor& m, const std::string& lang,
                                const std::string& link) {
  auto t = [&](std::string_view key) { return c.T(lang, key); };
  media::PosterText p;
  p.lang = lang;
  p.headline = t("home_title");
  p.intro = {t("home_intro_1"), t("home_intro_2")};
  p.look_for_title = t("home_recruit_title");
  p.look_for = {t("home_recruit_1"), t("home_recruit_2"), t("home_recruit_3"), t("home_recruit_4")};
  p.signs_title = t("home_onport_title");
  p.signs = {t("home_onport_3"), t("home_onport_4"), t("home_onport_5")};
  p.look_for_more = {t("home_recruit_5"), t("home_recruit_6")};
  p.signs_more = {t("home_onport_1"), t("home_onport_2"), t("home_onport_6")};
  p.coastal_title = t("home_coastal_title");
  p.coastal = {t("home_coastal_1"), t("home_coastal_2"), t("home_coastal_3"), t("home_coastal_4")};
  p.safety_title = t("safety_title");
  p.safety = {t("safety_own_phone"), t("safety_private"), t("safety_kept"),
              t("safety_tell_nobody")};
  p.scan = t("poster_scan");
  p.or_visit = t("poster_or_visit");
  p.link = link;
  p.facility = FacilityLine(m);
  p.approached = t("poster_approached");
  p.approached_link = service::ApproachLink(m.public_url, m.facility.code);
  p.learn = t("poster_learn");
  p.learn_link = service::LearnLink(m.public_url, m.facility.code);
  p.promise = t("footer_anonymous");
  p.emergency = t("emergency_text");
  return p;
}

// The briefing pack's text from assets/materials/briefing.json, parsed once
// (it is embedded, so a malformed file is a build defect: kInternal). The
// subtitle is left for the facility.
Result<media::BriefingText> ParseBriefing() {
  auto raw = assets::Get("materials/briefing.json");
  if (!raw) return Internal("briefing text missing");
  boost::system::error_code ec;
  json::value v = json::parse(*raw, ec);
  if (ec || !v.is_object()) return Internal("briefing text is not JSON");
  auto strings = [](const json::value* a) {
    std::vector<std::string> out;
    if (a && a->is_array()) {
      for (const auto& s : a->as_array()) {
        if (s.is_string()) out.emplace_back(s.as_string());
      }
    }
    return out;
  };
  media::BriefingText b;
  const auto& o = v.as_object();
  b.title = StringMember(o, "title");
  if (auto* secs = o.if_contains("sections"); secs && secs->is_array()) {
    for (const auto& s : secs->as_array()) {
      if (!s.is_object()) continue;
      media::BriefingSection sec;
      sec.heading = StringMember(s.as_object(), "heading");
      sec.paragraphs = strings(s.as_object().if_contains("paragraphs"));
      sec.bullets = strings(s.as_object().if_contains("bullets"));
      b.sections.push_back(std::move(sec));
    }
  }
  return b;
}

Result<media::BriefingText> BriefingFor(const MaterialsFor& m, const std::string& link) {
  static const Result<media::BriefingText> parsed = ParseBriefing();
  if (!parsed.ok()) return parsed.error();
  media::BriefingText b = *parsed;
  b.subtitle = FacilityLine(m) + "\nReporting link: " + link +
               "\nSomeone asked to help crime (\"I was approached\"): " +
               service::ApproachLink(m.public_url, m.facility.code);
  const std::string learn = service::LearnLink(m.public_url, m.facility.code);
  b.learn.heading = "Lessons for your staff";
  b.learn.paragraphs = {
      "Six short lessons teach the signs in this pack, each about five minutes on a phone in "
      "any of the reporter languages, with a few questions at the end. Scan the code, or open " +
          learn + ".",
      "Lessons completed through this link are counted for your facility by month, and shown "
      "beside your figures under the same rules. Nobody, including you, can see who took "
      "them."};
  return b;
}

}  // namespace

bool MaterialInLanguage(std::string_view name, std::string_view lang) {
  return name != "briefing-pack.pdf" || lang == "en";
}

Result<MaterialFile> MakeMaterial(const Catalogue& catalogue, const MaterialsFor& m,
                                  std::string_view lang_in, std::string_view name) {
  const std::string lang = catalogue.Pick(lang_in);
  if (lang != lang_in) return InvalidArgument("unknown language: " + std::string(lang_in));
  if (!MaterialInLanguage(name, lang)) {
    return InvalidArgument("the briefing pack is written in English only (--lang en)");
  }
  const std::string link = service::ReportingLink(m.public_url, m.facility.code);
  auto qr = media::EncodeQr(link + "?lang=" + lang);
  if (!qr.ok()) return qr.error();
  auto learn_qr =
      media::EncodeQr(service::LearnLink(m.public_url, m.facility.code) + "?lang=" + lang);
  if (!learn_qr.ok()) return learn_qr.error();
  MaterialFile f{std::string(name), "application/pdf", {}};
  Result<std::string> data = InvalidArgument("unknown file: " + std::string(name));
  if (name == "poster-a4.pdf" || name == "poster-a3.pdf") {
    data = media::RenderPoster(PosterTextFor(catalogue, m, lang, link), *qr,
                               name == "poster-a4.pdf" ? media::Paper::kA4 : media::Paper::kA3,
                               &*learn_qr);
  } else if (name == "leaflet-a5.pdf") {
    data = media::RenderLeaflet(PosterTextFor(catalogue, m, lang, link), *qr);
  } else if (name == "briefing-pack.pdf") {
    auto b = BriefingFor(m, link);
    if (!b.ok()) return b.error();
    data = media::RenderBriefing(*b, *qr, &*learn_qr);
  } else if (name == "qr.svg") {
    f.content_type = "image/svg+xml";
    data = media::QrSvg(*qr);
  } else if (name == "qr.png") {
    f.content_type = "image/png";
    data = media::QrPng(*qr);
  }
  if (!data.ok()) return data.error();
  f.data = std::move(*data);
  return f;
}

}  // namespace portsafe::web
