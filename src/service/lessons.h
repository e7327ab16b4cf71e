// The lessons at /learn: short readings on recognising crime at a port, each
// ending with a knowledge check. Their text is data, not code: one file per
// lesson and language, <lang>/<id>.json, and lessons.json beside them with
// the order, each lesson's reading time, the path it ends with ("report" or
// "approached") and the right answers, the same in every language
// (docs/learning.md). The programme team changes them without a build:
// `portsafe serve --learn DIR` reads them from DIR at start; without it the
// copy built in (assets/learn) is used.
//
// Pure data and functions; a LessonLibrary is immutable once loaded and may
// be read from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace portsafe::service {

struct LessonOption {
  std::string id;  // "a"
  std::string text;
  std::string feedback;  // shown when this option was chosen
};

struct LessonQuestion {
  std::string id;  // "q1"
  std::string text;
  std::vector<LessonOption> options;
  std::string answer;  // the id of the right option
};

struct LessonSection {
  std::string heading;
  std::vector<std::string> paragraphs;
  std::vector<std::string> bullets;
};

// What a lesson ends with: the way to report, or "I was approached".
enum class LessonThen { kReport, kApproached };

struct Lesson {
  std::string id;  // "insider-kinds"
  int minutes = 5;
  LessonThen then = LessonThen::kReport;
  std::string title;
  std::string summary;
  std::vector<LessonSection> sections;
  std::vector<LessonQuestion> questions;
};

class LessonLibrary {
 public:
  // Every lesson in every language: `by_lang` maps a language code to its
  // lessons, each in the order of `ids`; `fallback` is one of its languages.
  LessonLibrary(std::vector<std::string> ids, std::map<std::string, std::vector<Lesson>> by_lang,
                std::string fallback);

  // In order.
  const std::vector<std::string>& ids() const { return ids_; }
  // The lessons in `lang` (a language the library was loaded with; else the
  // fallback language).
  const std::vector<Lesson>& In(const std::string& lang) const;
  // Lesson `id` in `lang`; null when there is no such lesson.
  const Lesson* Find(const std::string& id, const std::string& lang) const;

 private:
  std::vector<std::string> ids_;
  std::map<std::string, std::vector<Lesson>> by_lang_;
  std::string fallback_;
};

// Reads `path` ("lessons.json", "pl/recruitment.json") from wherever the
// lessons are; kNotFound when there is no such file, another error (with
// what is wrong) when it cannot be used.
using LessonReader = std::function<Result<std::string>(const std::string& path)>;

// The largest lesson file read: a lesson is a few kilobytes.
inline constexpr std::uintmax_t kLessonFileMax = 256 * 1024;

// Loads and checks the lessons of `languages` (the first is the fallback,
// English). kInvalidArgument naming the file and what is wrong when a
// language lacks a lesson, a lesson lacks a question or an option, ids or
// counts differ from lessons.json, a right answer is not one of the
// options, a text is empty, an id is not of the form (lessons: a-z, 0-9 and
// -; questions: q1 to q99; options: one letter a-z), or the JSON is
// malformed.
Result<LessonLibrary> LoadLessons(const LessonReader& read,
                                  const std::vector<std::string>& languages);
// The lessons built in (assets/learn), or those in directory `dir` when it
// is not empty (regular files of at most kLessonFileMax bytes only).
Result<LessonLibrary> LoadLessons(const std::string& dir,
                                  const std::vector<std::string>& languages);

// The reporter languages: the codes of the catalogues built in
// (assets/i18n/<code>.json), English first.
std::vector<std::string> ReporterLanguages();

// One answer, marked.
struct MarkedAnswer {
  const LessonQuestion* question = nullptr;
  const LessonOption* chosen = nullptr;  // null: not answered
  bool right = false;
};
struct Marked {
  std::vector<MarkedAnswer> answers;  // in the lesson's order
  int right = 0;
  bool complete = false;  // every question answered
};
// Marks `answers` (question id -> option id) against `lesson`. An answer
// naming an unknown question is ignored; one naming an unknown option counts
// as not answered.
Marked MarkAnswers(const Lesson& lesson, const std::map<std::string, std::string>& answers);

}  // namespace portsafe::service
