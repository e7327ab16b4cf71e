// The lessons at /learn: every reporter language has every lesson, each
// question with the same options as in English; a broken file is refused
// with its name and what is wrong; files in a directory are read without a
// build; and answers are marked.
#include "service/lessons.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <map>

#include "common/assets.h"
#include "common/fs.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {

TEST(LessonsTest, EveryLanguageHasEveryLessonAndQuestion) {
  const auto languages = ReporterLanguages();
  EXPECT_EQ(languages, (std::vector<std::string>{"en", "lt", "pl", "pt", "ro", "uk"}));
  auto lib = LoadLessons("", languages);
  ASSERT_TRUE(lib.ok()) << lib.error().message();
  EXPECT_GE(lib->ids().size(), 6u);
  EXPECT_LE(lib->ids().size(), 8u);
  const auto& en = lib->In("en");
  for (const auto& lang : languages) {
    const auto& lessons = lib->In(lang);
    ASSERT_EQ(lessons.size(), en.size()) << lang;
    for (size_t i = 0; i < en.size(); ++i) {
      const Lesson& l = lessons[i];
      EXPECT_EQ(l.id, en[i].id) << lang;
      if (lang != "en") EXPECT_NE(l.title, en[i].title) << lang << " " << l.id << " is English";
      EXPECT_GE(l.questions.size(), 3u) << l.id;
      EXPECT_LE(l.questions.size(), 5u) << l.id;
      ASSERT_EQ(l.questions.size(), en[i].questions.size()) << lang << " " << l.id;
      for (size_t q = 0; q < l.questions.size(); ++q) {
        const auto& a = l.questions[q];
        const auto& b = en[i].questions[q];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.answer, b.answer);
        ASSERT_EQ(a.options.size(), b.options.size()) << lang << " " << l.id << " " << a.id;
        for (size_t o = 0; o < a.options.size(); ++o) EXPECT_EQ(a.options[o].id, b.options[o].id);
      }
    }
  }
  // The six subjects the programme asked for, and each ends with a way on.
  for (const char* id : {"insider-kinds", "recruitment", "signs-on-port", "signs-on-coast",
                         "after-you-report", "staying-safe"}) {
    EXPECT_NE(lib->Find(id, "en"), nullptr) << id;
  }
  EXPECT_EQ(lib->Find("recruitment", "en")->then, LessonThen::kApproached);
  EXPECT_EQ(lib->Find("signs-on-port", "en")->then, LessonThen::kReport);
  // An unknown language reads English.
  EXPECT_EQ(lib->Find("recruitment", "xx")->title, lib->Find("recruitment", "en")->title);
}

// A reader over files in memory: the built-in ones, with some replaced.
class Files {
 public:
  Files() {
    for (std::string_view path : assets::List()) {
      if (path.starts_with("learn/")) files_[std::string(path.substr(6))] = *assets::Get(path);
    }
  }
  std::string& operator[](const std::string& path) { return files_[path]; }
  void Remove(const std::string& path) { files_.erase(path); }
  LessonReader Reader() const {
    return [this](const std::string& path) -> Result<std::string> {
      auto it = files_.find(path);
      if (it == files_.end()) return NotFound("missing");
      return it->second;
    };
  }

 private:
  std::map<std::string, std::string> files_;
};

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(LessonsTest, ABrokenFileIsRefusedWithItsNameAndWhatIsWrong) {
  const std::vector<std::string> langs = {"en", "pl"};
  struct Case {
    std::string file;
    std::string from, to;  // one replacement; from "" removes the file
    std::string says;
  };
  const Case cases[] = {
      {"pl/recruitment.json", "", "", "pl/recruitment.json: missing"},
      {"pl/recruitment.json", "\"id\": \"b\"", "\"id\": \"x\"",
       "pl/recruitment.json: q1 must have the same options"},
      {"en/recruitment.json", "\"title\"", "\"tilte\"", "unknown member \"tilte\""},
      {"en/recruitment.json", "{", "[", "en/recruitment.json: not JSON"},
      {"lessons.json", "\"q4\": \"b\"", "\"q4\": \"z\"", "the right answer \"z\" is not one"},
      {"lessons.json", ", \"q4\": \"b\"", "", "it has 4 questions; lessons.json has answers for 3"},
      {"lessons.json", "\"minutes\": 5", "\"minutes\": 0", "\"minutes\" must be a whole number"},
      {"lessons.json", "\"then\": \"report\"", "\"then\": \"police\"", "\"then\" must be"},
      {"lessons.json", "\"id\": \"recruitment\"", "\"id\": \"insider-kinds\"", "must be new"},
      {"lessons.json", "\"id\": \"recruitment\"", "\"id\": \"../etc\"", "must be new"},
      {"lessons.json", "\"q4\": \"b\"", "\"lang\": \"b\"", "answers must map question ids"},
      {"lessons.json", "\"q4\": \"b\"", "\"q4\": \"bb\"", "answers must map question ids"},
  };
  for (const auto& c : cases) {
    Files files;
    if (c.from.empty()) {
      files.Remove(c.file);
    } else {
      files[c.file] = Replace(files[c.file], c.from, c.to);
    }
    auto lib = LoadLessons(files.Reader(), langs);
    ASSERT_FALSE(lib.ok()) << c.says;
    EXPECT_EQ(lib.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(lib.error().message().find(c.says), std::string::npos)
        << c.says << " / " << lib.error().message();
  }
  // An empty text is as bad as a missing one.
  Files files;
  files["pl/staying-safe.json"] =
      Replace(files["pl/staying-safe.json"], "\"summary\": \"", "\"summary\": \"\", \"x\": \"");
  EXPECT_FALSE(LoadLessons(files.Reader(), langs).ok());
}

TEST(LessonsTest, TheProgrammeTeamChangesALessonWithoutABuild) {
  testing::TempDir dir;
  Files files;
  for (const std::string lang : {"en", "lt", "pl", "pt", "ro", "uk"}) {
    ASSERT_TRUE(fs::MakeDirs(dir.path() + "/" + lang).ok());
  }
  for (std::string_view path : assets::List()) {
    if (!path.starts_with("learn/")) continue;
    std::string text(*assets::Get(path));
    if (path == "learn/en/recruitment.json") {
      text = Replace(text, "How recruitment approaches look", "How approaches look, revised");
    }
    ASSERT_TRUE(fs::WriteNewFile(dir.path() + "/" + std::string(path.substr(6)), text, 0644).ok());
  }
  auto lib = LoadLessons(dir.path(), ReporterLanguages());
  ASSERT_TRUE(lib.ok()) << lib.error().message();
  EXPECT_EQ(lib->Find("recruitment", "en")->title, "How approaches look, revised");
  auto missing = LoadLessons(dir.path() + "/nowhere", ReporterLanguages());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("lessons.json: missing"), std::string::npos);
  // Only a regular file of a lesson's size is read: never a pipe that
  // would hold the start, nor a file that would fill the memory.
  ASSERT_EQ(std::remove((dir.path() + "/pl/recruitment.json").c_str()), 0);
  ASSERT_EQ(mkfifo((dir.path() + "/pl/recruitment.json").c_str(), 0600), 0);
  auto fifo = LoadLessons(dir.path(), ReporterLanguages());
  ASSERT_FALSE(fifo.ok());
  EXPECT_NE(fifo.error().message().find("pl/recruitment.json: not a file"), std::string::npos)
      << fifo.error().message();
  ASSERT_EQ(std::remove((dir.path() + "/pl/recruitment.json").c_str()), 0);
  ASSERT_TRUE(fs::WriteNewFile(dir.path() + "/pl/recruitment.json",
                               std::string(kLessonFileMax + 1, ' '), 0644)
                  .ok());
  auto big = LoadLessons(dir.path(), ReporterLanguages());
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message().find("pl/recruitment.json: larger than"), std::string::npos);
}

TEST(LessonsTest, AnswersAreMarkedOneByOne) {
  auto lib = LoadLessons("", {"en"});
  ASSERT_TRUE(lib.ok());
  const Lesson& l = *lib->Find("recruitment", "en");  // answers c, a, b, b
  auto m = MarkAnswers(l, {{"q1", "c"}, {"q2", "b"}, {"q3", "nonsense"}, {"q9", "a"}});
  ASSERT_EQ(m.answers.size(), 4u);
  EXPECT_TRUE(m.answers[0].right);
  EXPECT_EQ(m.answers[0].chosen->id, "c");
  EXPECT_FALSE(m.answers[1].right);
  EXPECT_EQ(m.answers[1].chosen->feedback, l.questions[1].options[1].feedback);
  EXPECT_EQ(m.answers[2].chosen, nullptr);  // not an option: not answered
  EXPECT_EQ(m.answers[3].chosen, nullptr);
  EXPECT_EQ(m.right, 1);
  EXPECT_FALSE(m.complete);
  auto all = MarkAnswers(l, {{"q1", "c"}, {"q2", "a"}, {"q3", "b"}, {"q4", "b"}});
  EXPECT_EQ(all.right, 4);
  EXPECT_TRUE(all.complete);
}

}  // namespace
}  // namespace portsafe::service
