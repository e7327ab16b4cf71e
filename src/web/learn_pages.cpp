#include "web/learn_pages.h"

#include <boost/json.hpp>

#include "core/text.h"
#include "web/api_v1.h"
#include "web/form.h"
#include "web/json_body.h"
#include "web/reporter_pages.h"
#include "web/templates.h"

namespace portsafe::web {
namespace json = boost::json;
namespace {

using kainjow::mustache::data;
using service::Lesson;
using service::LessonThen;

// The page language: the form's, else ?lang=, else the browser's.
std::string LearnLang(const WebContext& ctx, const Request& req, const FormData* form) {
  if (form != nullptr && !form->Get("lang").empty()) return ctx.catalogue->Pick(form->Get("lang"));
  return PublicLang(ctx, req);
}

// Where a facility's learning link leads: "" for none, the facility's code
// when it is an active member; nullopt for anything else (a 404).
std::optional<std::string> FacilityOf(const WebContext& ctx, const std::string& typed) {
  if (typed.empty()) return std::string();
  const std::string code = text::Upper(typed);
  auto f = ctx.reporting->FindFacility(code);
  if (!f.ok() || !f->has_value() || (*f)->status != "active") return std::nullopt;
  return code;
}

std::string Base(const std::string& facility) {
  return facility.empty() ? "/learn" : "/learn/" + facility;
}

Response NotFoundPage(const WebContext& ctx, const std::string& lang) {
  return ErrorPage(ctx, lang, 404, "error_not_found_title", "error.lesson_unknown");
}

Response Index(const WebContext& ctx, const std::string& lang, const std::string& facility) {
  data d;
  data list{data::type::list};
  for (const auto& l : ctx.learn->lessons().In(lang)) {
    data item;
    item.set("href", Base(facility) + "/" + l.id + "?lang=" + lang);
    item.set("title", l.title);
    item.set("summary", l.summary);
    item.set("minutes",
             ctx.catalogue->Fill(lang, "learn_minutes", {{"n", std::to_string(l.minutes)}}));
    list.push_back(item);
  }
  d.set("lessons", list);
  return PublicPage(ctx, lang, "learn_title", "learn_index", std::move(d), 200, Base(facility));
}

// The way a lesson ends: to the form, or to "I was approached", through the
// facility's link when there is one.
data Then(const WebContext& ctx, const std::string& lang, const Lesson& l,
          const std::string& facility) {
  data d;
  const bool approached = l.then == LessonThen::kApproached;
  std::string href = approached ? "/approached" : "/report";
  if (!facility.empty()) href = (approached ? "/approached/" : "/r/") + facility;
  d.set("href", href + "?lang=" + lang);
  d.set("text", ctx.catalogue->T(lang, approached ? "learn_then_approached" : "learn_then_report"));
  d.set("button", ctx.catalogue->T(lang, approached ? "home_approached" : "home_make_report"));
  return d;
}

// `chosen` is what was answered (question id -> option id), kept when the
// check comes back incomplete; `missing` lists the questions left out.
Response LessonPage(const WebContext& ctx, const std::string& lang, const Lesson& l,
                    const std::string& facility, const std::map<std::string, std::string>& chosen,
                    const std::vector<const service::LessonQuestion*>& missing, int status) {
  data d;
  d.set("id", l.id);
  d.set("title", l.title);
  d.set("summary", l.summary);
  d.set("minutes", ctx.catalogue->Fill(lang, "learn_minutes", {{"n", std::to_string(l.minutes)}}));
  d.set("action", Base(facility) + "/" + l.id);
  d.set("all_href", Base(facility) + "?lang=" + lang);
  data sections{data::type::list};
  for (const auto& s : l.sections) {
    data sd;
    sd.set("heading", s.heading);
    data ps{data::type::list};
    for (const auto& p : s.paragraphs) ps.push_back(data(p));
    sd.set("paragraphs", ps);
    data bs{data::type::list};
    for (const auto& b : s.bullets) bs.push_back(data(b));
    sd.set("bullets", bs);
    sd.set("has_bullets", !s.bullets.empty());
    sections.push_back(sd);
  }
  d.set("sections", sections);
  data qs{data::type::list};
  size_t n = 0;
  for (const auto& q : l.questions) {
    data qd;
    qd.set("id", q.id);
    qd.set("number", std::to_string(++n));
    qd.set("text", q.text);
    for (const auto* m : missing) {
      if (m == &q) qd.set("unanswered", ctx.catalogue->T(lang, "learn_answer_this"));
    }
    data opts{data::type::list};
    auto it = chosen.find(q.id);
    for (const auto& o : q.options) {
      data od;
      od.set("qid", q.id);
      od.set("oid", o.id);
      od.set("text", o.text);
      if (it != chosen.end() && it->second == o.id) od.set("checked", true);
      opts.push_back(od);
    }
    qd.set("options", opts);
    qs.push_back(qd);
  }
  d.set("questions", qs);
  if (!missing.empty()) {
    d.set("has_missing", true);
    data ml{data::type::list};
    for (const auto* q : missing) {
      data md;
      md.set("id", q->id);
      md.set("text", q->text);
      ml.push_back(md);
    }
    d.set("missing_list", ml);
  }
  d.set("then", Then(ctx, lang, l, facility));
  return PublicPage(ctx, lang, "learn_title", "learn_lesson", std::move(d), status,
                    Base(facility) + "/" + l.id);
}

Response ResultPage(const WebContext& ctx, const std::string& lang, const Lesson& l,
                    const std::string& facility, const service::Marked& m) {
  const Catalogue& cat = *ctx.catalogue;
  data d;
  d.set("title", l.title);
  d.set("score", cat.Fill(lang, "learn_score",
                          {{"right", std::to_string(m.right)},
                           {"total", std::to_string(l.questions.size())}}));
  data answers{data::type::list};
  for (const auto& a : m.answers) {
    data ad;
    ad.set("question", a.question->text);
    ad.set("chosen", a.chosen->text);
    ad.set("feedback", a.chosen->feedback);
    if (a.right) {
      ad.set("right", true);  // its feedback says so first
    } else {
      ad.set("mark", cat.T(lang, "learn_wrong"));
      for (const auto& o : a.question->options) {
        if (o.id == a.question->answer) ad.set("answer", o.text);
      }
    }
    answers.push_back(ad);
  }
  d.set("answers", answers);
  d.set("then", Then(ctx, lang, l, facility));
  const auto& ids = ctx.learn->lessons().ids();
  for (size_t i = 0; i + 1 < ids.size(); ++i) {
    if (ids[i] == l.id) {
      const Lesson* next = ctx.learn->lessons().Find(ids[i + 1], lang);
      d.set("next_href", Base(facility) + "/" + next->id + "?lang=" + lang);
      d.set("next_title", next->title);
    }
  }
  d.set("all_href", Base(facility) + "?lang=" + lang);
  return PublicPage(ctx, lang, "learn_title", "learn_result", std::move(d), 200,
                    Base(facility) + "/" + l.id);
}

// GET /learn/{x}: a lesson, or a facility's list of lessons.
void HandleLearnOne(const WebContext& ctx, Request& req, Respond respond) {
  const std::string lang = LearnLang(ctx, req, nullptr);
  const std::string x = req.params["x"];
  if (const Lesson* l = ctx.learn->lessons().Find(x, lang)) {
    respond(LessonPage(ctx, lang, *l, "", {}, {}, 200));
    return;
  }
  auto facility = FacilityOf(ctx, x);
  if (!facility || facility->empty()) {
    respond(ErrorPage(ctx, lang, 404, "error_not_found_title", "error.place_unknown"));
    return;
  }
  respond(Index(ctx, lang, *facility));
}

void HandleAnswers(const WebContext& ctx, Request& req, Respond respond,
                   const std::string& typed_facility) {
  auto form = ParseFormRequest(req);
  if (!form.ok()) {
    respond(ErrorPage(ctx, LearnLang(ctx, req, nullptr), HttpStatusFor(form.error()),
                      "error_bad_request_title", "error.bad_form"));
    return;
  }
  const std::string lang = LearnLang(ctx, req, &*form);
  auto facility = FacilityOf(ctx, typed_facility);
  const Lesson* l = ctx.learn->lessons().Find(req.params["lesson"], lang);
  if (!facility || l == nullptr) {
    respond(NotFoundPage(ctx, lang));
    return;
  }
  std::map<std::string, std::string> chosen;
  for (const auto& q : l->questions) {
    std::string v = form->Get(q.id);
    if (!v.empty()) chosen[q.id] = std::move(v);
  }
  auto marked = ctx.learn->Answer(l->id, lang, chosen, *facility);
  if (!marked.ok()) {
    if (marked.error().code() == ErrorCode::kNotFound) {
      respond(NotFoundPage(ctx, lang));
    } else {
      respond(
          ErrorPage(ctx, lang, HttpStatusFor(marked.error()), "error_busy_title", "error.busy"));
    }
    return;
  }
  if (!marked->complete) {
    // Some left out: the check again with every answer given kept.
    std::vector<const service::LessonQuestion*> missing;
    for (const auto& a : marked->answers) {
      if (a.chosen == nullptr) missing.push_back(a.question);
    }
    respond(LessonPage(ctx, lang, *l, *facility, chosen, missing, 400));
    return;
  }
  respond(ResultPage(ctx, lang, *l, *facility, *marked));
}

json::object LessonJson(const Lesson& l) {
  json::array sections;
  for (const auto& s : l.sections) {
    json::array ps(s.paragraphs.begin(), s.paragraphs.end());
    json::array bs(s.bullets.begin(), s.bullets.end());
    sections.push_back(json::object{{"heading", s.heading}, {"paragraphs", ps}, {"bullets", bs}});
  }
  json::array questions;
  for (const auto& q : l.questions) {
    json::array options;
    for (const auto& o : q.options) options.push_back(json::object{{"id", o.id}, {"text", o.text}});
    questions.push_back(json::object{{"id", q.id}, {"text", q.text}, {"options", options}});
  }
  return {{"id", l.id},
          {"title", l.title},
          {"summary", l.summary},
          {"minutes", l.minutes},
          {"then", l.then == LessonThen::kApproached ? "approached" : "report"},
          {"sections", sections},
          {"questions", questions}};
}

}  // namespace

void AddLearnPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/learn", [ctx](Request& req, Respond respond) {
    respond(Index(ctx, LearnLang(ctx, req, nullptr), ""));
  });
  router.Add("GET", "/learn/{x}", [ctx](Request& req, Respond respond) {
    HandleLearnOne(ctx, req, std::move(respond));
  });
  router.Add("GET", "/learn/{facility}/{lesson}", [ctx](Request& req, Respond respond) {
    const std::string lang = LearnLang(ctx, req, nullptr);
    auto facility = FacilityOf(ctx, req.params["facility"]);
    const Lesson* l = ctx.learn->lessons().Find(req.params["lesson"], lang);
    if (!facility || facility->empty() || l == nullptr) {
      respond(NotFoundPage(ctx, lang));
      return;
    }
    respond(LessonPage(ctx, lang, *l, *facility, {}, {}, 200));
  });
  router.Add("POST", "/learn/{lesson}", [ctx](Request& req, Respond respond) {
    HandleAnswers(ctx, req, std::move(respond), "");
  });
  router.Add("POST", "/learn/{facility}/{lesson}", [ctx](Request& req, Respond respond) {
    const std::string facility = req.params["facility"];
    if (facility.empty()) {
      respond(NotFoundPage(ctx, PublicLang(ctx, req)));
      return;
    }
    HandleAnswers(ctx, req, std::move(respond), facility);
  });
}

void AddLearnApi(Router& router, const WebContext& ctx) {
  router.Add("GET", "/api/v1/learn", [ctx](Request& req, Respond respond) {
    const std::string lang = ctx.catalogue->Pick(req.Query("lang"));
    json::array list;
    for (const auto& l : ctx.learn->lessons().In(lang)) {
      list.push_back(json::object{{"id", l.id},
                                  {"title", l.title},
                                  {"summary", l.summary},
                                  {"minutes", l.minutes},
                                  {"questions", l.questions.size()}});
    }
    respond(JsonResponse(200, json::object{{"lang", lang}, {"lessons", list}}));
  });
  router.Add("GET", "/api/v1/learn/{lesson}", [ctx](Request& req, Respond respond) {
    const std::string lang = ctx.catalogue->Pick(req.Query("lang"));
    const Lesson* l = ctx.learn->lessons().Find(req.params["lesson"], lang);
    if (l == nullptr) {
      respond(JsonError(404, "no such lesson"));
      return;
    }
    json::object o = LessonJson(*l);
    o["lang"] = lang;
    respond(JsonResponse(200, o));
  });
  router.Add("POST", "/api/v1/learn/{lesson}/answers", [ctx](Request& req, Respond respond) {
    auto v = ParseJsonObject(req.Header("content-type"), req.body);
    if (!v.ok()) {
      respond(JsonError(HttpStatusFor(v.error()), v.error().message()));
      return;
    }
    std::string lang = "en", facility;
    std::map<std::string, std::string> answers;
    for (const auto& kv : v->get_object()) {
      const std::string_view k = kv.key();
      if (k == "lang" || k == "facility") {
        if (!kv.value().is_string()) {
          respond(JsonError(400, std::string(k) + ": must be a string"));
          return;
        }
        (k == "lang" ? lang : facility) = std::string(kv.value().get_string());
      } else if (k == "answers") {
        if (!kv.value().is_object()) {
          respond(JsonError(400, "answers: must map question ids to option ids"));
          return;
        }
        for (const auto& a : kv.value().get_object()) {
          if (!a.value().is_string()) {
            respond(JsonError(400, "answers: must map question ids to option ids"));
            return;
          }
          answers[std::string(a.key())] = std::string(a.value().get_string());
        }
      } else {
        respond(JsonError(400, "unknown field: " + std::string(k.substr(0, 40))));
        return;
      }
    }
    lang = ctx.catalogue->Pick(lang);
    auto code = FacilityOf(ctx, facility);
    if (!code) {
      respond(JsonError(404, "no such member facility"));
      return;
    }
    auto marked = ctx.learn->Answer(req.params["lesson"], lang, answers, *code);
    if (!marked.ok()) {
      respond(JsonError(HttpStatusFor(marked.error()), marked.error().code() == ErrorCode::kNotFound
                                                           ? "no such lesson"
                                                           : "the service is busy; try again"));
      return;
    }
    json::array out;
    for (const auto& a : marked->answers) {
      json::object o{
          {"question", a.question->id}, {"right", a.right}, {"answer", a.question->answer}};
      o["chosen"] = a.chosen ? json::value(a.chosen->id) : json::value(nullptr);
      o["feedback"] = a.chosen ? a.chosen->feedback : "";
      out.push_back(std::move(o));
    }
    respond(JsonResponse(200, json::object{{"lang", lang},
                                           {"complete", marked->complete},
                                           {"right", marked->right},
                                           {"questions", marked->answers.size()},
                                           {"answers", out}}));
  });
}

}  // namespace portsafe::web
