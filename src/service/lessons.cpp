#include "service/lessons.h"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/assets.h"
#include "common/fs.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

// Reading one file: every problem is reported as "<file>: <what>".
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  Error Fail(const std::string& what) const { return InvalidArgument(file_ + ": " + what); }

  // The members of `o` must all be among `allowed` (a typo is an error,
  // not silently ignored text).
  Status OnlyKnown(const json::object& o, std::initializer_list<std::string_view> allowed,
                   const std::string& where) const {
    for (const auto& kv : o) {
      if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end()) {
        return Fail(where + ": unknown member \"" + std::string(kv.key()) + "\"");
      }
    }
    return Status::Ok();
  }

  // A non-empty string member.
  Result<std::string> Text(const json::object& o, std::string_view key,
                           const std::string& where) const {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || !v->is_string() || v->get_string().empty()) {
      return Fail(where + ": \"" + std::string(key) + "\" must be a non-empty string");
    }
    return std::string(v->get_string());
  }

  // An optional array of non-empty strings.
  Result<std::vector<std::string>> Texts(const json::object& o, std::string_view key,
                                         const std::string& where) const {
    std::vector<std::string> out;
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return out;
    if (!v->is_array()) return Fail(where + ": \"" + std::string(key) + "\" must be a list");
    for (const auto& e : v->get_array()) {
      if (!e.is_string() || e.get_string().empty()) {
        return Fail(where + ": \"" + std::string(key) + "\" must hold non-empty strings");
      }
      out.emplace_back(e.get_string());
    }
    return out;
  }

 private:
  std::string file_;
};

Result<json::object> ParseObject(const Result<std::string>& text, const Reader& r) {
  if (!text.ok()) {
    return r.Fail(text.error().code() == ErrorCode::kNotFound ? std::string("missing")
                                                              : text.error().message());
  }
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec) return r.Fail("not JSON: " + ec.message());
  if (!v.is_object()) return r.Fail("not a JSON object");
  return std::move(v.get_object());
}

// A question's id: q1 to q99 (never a form field of the page, like "lang").
bool GoodQuestionId(std::string_view id) {
  return id.size() >= 2 && id.size() <= 3 && id[0] == 'q' && id[1] >= '1' && id[1] <= '9' &&
         (id.size() == 2 || (id[2] >= '0' && id[2] <= '9'));
}

// An option's id: one letter.
bool GoodOptionId(std::string_view id) { return id.size() == 1 && id[0] >= 'a' && id[0] <= 'z'; }

bool GoodId(std::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// What lessons.json says of one lesson, the same in every language.
struct LessonMeta {
  std::string id;
  int minutes = 5;
  LessonThen then = LessonThen::kReport;
  std::vector<std::pair<std::string, std::string>> answers;  // question id -> option id
};

Result<std::vector<LessonMeta>> ParseIndex(const LessonReader& read) {
  const Reader r("lessons.json");
  auto o = ParseObject(read("lessons.json"), r);
  if (!o.ok()) return o.error();
  if (auto st = r.OnlyKnown(*o, {"about", "lessons"}, "top"); !st.ok()) return st.error();
  const json::value* list = o->if_contains("lessons");
  if (list == nullptr || !list->is_array() || list->get_array().empty()) {
    return r.Fail("\"lessons\" must be a non-empty list");
  }
  std::vector<LessonMeta> out;
  std::set<std::string> seen;
  for (const auto& e : list->get_array()) {
    const std::string where = "lesson " + std::to_string(out.size() + 1);
    if (!e.is_object()) return r.Fail(where + ": not an object");
    const auto& l = e.get_object();
    if (auto st = r.OnlyKnown(l, {"id", "minutes", "then", "answers"}, where); !st.ok()) {
      return st.error();
    }
    LessonMeta m;
    auto id = r.Text(l, "id", where);
    if (!id.ok()) return id.error();
    if (!GoodId(*id) || !seen.insert(*id).second) {
      return r.Fail(where + ": the id must be new and of a-z, 0-9 and -");
    }
    m.id = *id;
    const json::value* minutes = l.if_contains("minutes");
    if (minutes == nullptr || !minutes->is_int64() || minutes->get_int64() < 1 ||
        minutes->get_int64() > 60) {
      return r.Fail(m.id + ": \"minutes\" must be a whole number from 1 to 60");
    }
    m.minutes = static_cast<int>(minutes->get_int64());
    auto then = r.Text(l, "then", m.id);
    if (!then.ok()) return then.error();
    if (*then != "report" && *then != "approached") {
      return r.Fail(m.id + ": \"then\" must be \"report\" or \"approached\"");
    }
    m.then = *then == "report" ? LessonThen::kReport : LessonThen::kApproached;
    const json::value* answers = l.if_contains("answers");
    if (answers == nullptr || !answers->is_object() || answers->get_object().empty()) {
      return r.Fail(m.id + ": \"answers\" must map each question to its right option");
    }
    for (const auto& a : answers->get_object()) {
      if (!a.value().is_string() || !GoodQuestionId(a.key()) ||
          !GoodOptionId(a.value().get_string())) {
        return r.Fail(m.id + ": answers must map question ids (q1 to q99) to option ids (a-z)");
      }
      m.answers.emplace_back(a.key(), a.value().get_string());
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<Lesson> ParseLesson(const LessonReader& read, const std::string& lang, const LessonMeta& m) {
  const std::string file = lang + "/" + m.id + ".json";
  const Reader r(file);
  auto o = ParseObject(read(file), r);
  if (!o.ok()) return o.error();
  if (auto st = r.OnlyKnown(*o, {"title", "summary", "sections", "questions"}, "top"); !st.ok()) {
    return st.error();
  }
  Lesson l;
  l.id = m.id;
  l.minutes = m.minutes;
  l.then = m.then;
  auto title = r.Text(*o, "title", "top");
  if (!title.ok()) return title.error();
  l.title = *title;
  auto summary = r.Text(*o, "summary", "top");
  if (!summary.ok()) return summary.error();
  l.summary = *summary;
  const json::value* sections = o->if_contains("sections");
  if (sections == nullptr || !sections->is_array() || sections->get_array().empty()) {
    return r.Fail("\"sections\" must be a non-empty list");
  }
  for (const auto& e : sections->get_array()) {
    const std::string where = "section " + std::to_string(l.sections.size() + 1);
    if (!e.is_object()) return r.Fail(where + ": not an object");
    const auto& so = e.get_object();
    if (auto st = r.OnlyKnown(so, {"heading", "paragraphs", "bullets"}, where); !st.ok()) {
      return st.error();
    }
    LessonSection s;
    auto heading = r.Text(so, "heading", where);
    if (!heading.ok()) return heading.error();
    s.heading = *heading;
    auto paragraphs = r.Texts(so, "paragraphs", where);
    if (!paragraphs.ok()) return paragraphs.error();
    s.paragraphs = std::move(*paragraphs);
    auto bullets = r.Texts(so, "bullets", where);
    if (!bullets.ok()) return bullets.error();
    s.bullets = std::move(*bullets);
    if (s.paragraphs.empty() && s.bullets.empty()) return r.Fail(where + ": it says nothing");
    l.sections.push_back(std::move(s));
  }
  const json::value* questions = o->if_contains("questions");
  if (questions == nullptr || !questions->is_array()) return r.Fail("\"questions\" must be a list");
  if (questions->get_array().size() != m.answers.size()) {
    return r.Fail("it has " + std::to_string(questions->get_array().size()) +
                  " questions; lessons.json has answers for " + std::to_string(m.answers.size()));
  }
  for (const auto& e : questions->get_array()) {
    const std::string where = "question " + std::to_string(l.questions.size() + 1);
    if (!e.is_object()) return r.Fail(where + ": not an object");
    const auto& qo = e.get_object();
    if (auto st = r.OnlyKnown(qo, {"id", "text", "options"}, where); !st.ok()) return st.error();
    LessonQuestion q;
    auto id = r.Text(qo, "id", where);
    if (!id.ok()) return id.error();
    q.id = *id;
    const auto& expected = m.answers[l.questions.size()];
    if (q.id != expected.first) {
      return r.Fail(where + ": its id is \"" + q.id + "\"; lessons.json has \"" + expected.first +
                    "\" there");
    }
    q.answer = expected.second;
    auto text = r.Text(qo, "text", q.id);
    if (!text.ok()) return text.error();
    q.text = *text;
    const json::value* options = qo.if_contains("options");
    if (options == nullptr || !options->is_array() || options->get_array().size() < 2) {
      return r.Fail(q.id + ": \"options\" must list at least two");
    }
    std::set<std::string> ids;
    for (const auto& oe : options->get_array()) {
      if (!oe.is_object()) return r.Fail(q.id + ": an option is not an object");
      const auto& oo = oe.get_object();
      if (auto st = r.OnlyKnown(oo, {"id", "text", "feedback"}, q.id); !st.ok()) {
        return st.error();
      }
      LessonOption opt;
      auto oid = r.Text(oo, "id", q.id);
      if (!oid.ok()) return oid.error();
      if (!GoodOptionId(*oid) || !ids.insert(*oid).second) {
        return r.Fail(q.id + ": option ids must be new, each one letter a-z");
      }
      opt.id = *oid;
      auto otext = r.Text(oo, "text", q.id + " " + opt.id);
      if (!otext.ok()) return otext.error();
      opt.text = *otext;
      auto feedback = r.Text(oo, "feedback", q.id + " " + opt.id);
      if (!feedback.ok()) return feedback.error();
      opt.feedback = *feedback;
      q.options.push_back(std::move(opt));
    }
    if (!ids.count(q.answer)) {
      return r.Fail(q.id + ": the right answer \"" + q.answer + "\" is not one of its options");
    }
    l.questions.push_back(std::move(q));
  }
  return l;
}

// A translation must ask what the first language asks: the same questions,
// each with the same options, in the same order.
Status SameShape(const Lesson& first, const Lesson& other, const std::string& lang) {
  const std::string file = lang + "/" + other.id + ".json";
  for (size_t i = 0; i < first.questions.size(); ++i) {
    const auto& a = first.questions[i].options;
    const auto& b = other.questions[i].options;
    bool same = a.size() == b.size();
    for (size_t k = 0; same && k < a.size(); ++k) same = a[k].id == b[k].id;
    if (!same) {
      return InvalidArgument(file + ": " + other.questions[i].id +
                             " must have the same options, in the same order, as the first "
                             "language's");
    }
  }
  return Status::Ok();
}

}  // namespace

LessonLibrary::LessonLibrary(std::vector<std::string> ids,
                             std::map<std::string, std::vector<Lesson>> by_lang,
                             std::string fallback)
    : ids_(std::move(ids)), by_lang_(std::move(by_lang)), fallback_(std::move(fallback)) {}

const std::vector<Lesson>& LessonLibrary::In(const std::string& lang) const {
  auto it = by_lang_.find(lang);
  if (it == by_lang_.end()) it = by_lang_.find(fallback_);
  return it->second;
}

const Lesson* LessonLibrary::Find(const std::string& id, const std::string& lang) const {
  for (const auto& l : In(lang)) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

Result<LessonLibrary> LoadLessons(const LessonReader& read,
                                  const std::vector<std::string>& languages) {
  if (languages.empty()) return InvalidArgument("no language to load lessons in");
  auto index = ParseIndex(read);
  if (!index.ok()) return index.error();
  std::vector<std::string> ids;
  for (const auto& m : *index) ids.push_back(m.id);
  std::map<std::string, std::vector<Lesson>> by_lang;
  for (const auto& lang : languages) {
    auto& lessons = by_lang[lang];
    for (const auto& m : *index) {
      auto l = ParseLesson(read, lang, m);
      if (!l.ok()) return l.error();
      if (lang != languages.front()) {
        const Lesson& first = by_lang[languages.front()][lessons.size()];
        if (auto st = SameShape(first, *l, lang); !st.ok()) return st.error();
      }
      lessons.push_back(std::move(*l));
    }
  }
  return LessonLibrary(std::move(ids), std::move(by_lang), languages.front());
}

Result<LessonLibrary> LoadLessons(const std::string& dir,
                                  const std::vector<std::string>& languages) {
  if (dir.empty()) {
    return LoadLessons(
        [](const std::string& path) -> Result<std::string> {
          auto a = assets::Get("learn/" + path);
          if (!a) return NotFound("missing");
          return std::string(*a);
        },
        languages);
  }
  return LoadLessons(
      [&dir](const std::string& path) -> Result<std::string> {
        const std::filesystem::path file = dir + "/" + path;
        std::error_code ec;
        const auto status = std::filesystem::status(file, ec);
        if (ec || !std::filesystem::exists(status)) return NotFound("missing");
        if (!std::filesystem::is_regular_file(status)) return InvalidArgument("not a file");
        if (std::filesystem::file_size(file, ec) > kLessonFileMax || ec) {
          return InvalidArgument("larger than " + std::to_string(kLessonFileMax / 1024) + " KiB");
        }
        return fs::ReadFile(file.string());
      },
      languages);
}

std::vector<std::string> ReporterLanguages() {
  std::vector<std::string> out;
  constexpr std::string_view kDir = "i18n/", kExt = ".json";
  for (std::string_view path : assets::List()) {
    if (path.size() > kDir.size() + kExt.size() && path.starts_with(kDir) && path.ends_with(kExt)) {
      out.emplace_back(path.substr(kDir.size(), path.size() - kDir.size() - kExt.size()));
    }
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    if ((a == "en") != (b == "en")) return a == "en";
    return a < b;
  });
  return out;
}

Marked MarkAnswers(const Lesson& lesson, const std::map<std::string, std::string>& answers) {
  Marked m;
  m.complete = true;
  for (const auto& q : lesson.questions) {
    MarkedAnswer a;
    a.question = &q;
    if (auto it = answers.find(q.id); it != answers.end()) {
      for (const auto& o : q.options) {
        if (o.id == it->second) a.chosen = &o;
      }
    }
    a.right = a.chosen != nullptr && a.chosen->id == q.answer;
    if (a.right) ++m.right;
    if (a.chosen == nullptr) m.complete = false;
    m.answers.push_back(a);
  }
  return m;
}

}  // namespace portsafe::service
