#include "core/identifying.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace portsafe::core {
namespace {

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '\'' || c == '-'; }

struct Token {
  size_t begin, end;
};

std::vector<Token> Words(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !IsWordByte(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && IsWordByte(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back({b, i});
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Capitalised words that are not names wherever they appear.
bool IsCommonWord(const std::string& lower) {
  static const std::set<std::string> kCommon = {
      "the",      "a",         "an",        "and",      "or",        "but",        "he",
      "she",      "they",      "it",        "we",       "you",       "his",        "her",
      "their",    "this",      "that",      "there",    "then",      "when",       "where",
      "what",     "who",       "why",       "how",      "on",        "in",         "at",
      "to",       "from",      "by",        "with",     "for",       "of",         "after",
      "before",   "during",    "two",       "three",    "one",       "some",       "several",
      "monday",   "tuesday",   "wednesday", "thursday", "friday",    "saturday",   "sunday",
      "january",  "february",  "march",     "april",    "may",       "june",       "july",
      "august",   "september", "october",   "november", "december",  "port",       "terminal",
      "gate",     "berth",     "dock",      "docks",    "container", "containers", "vessel",
      "driver",   "drivers",   "van",       "car",      "lorry",     "truck",      "trailer",
      "reporter", "source",    "police",    "border",   "force",     "customs",    "also",
      "not",      "no",        "yes",       "was",      "were",      "is",         "are",
      "last",     "next",      "night",     "morning",  "evening",   "week",       "month",
      "today",    "yesterday", "tomorrow",  "men",      "man",       "woman",      "women",
      "people",   "person",    "someone",   "staff",    "security",  "shift",      "team"};
  return kCommon.count(lower) > 0;
}

bool StartsUpper(std::string_view w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

void Add(std::vector<std::pair<size_t, Finding>>& out, size_t at, const char* kind,
         std::string excerpt) {
  for (const auto& [pos, f] : out) {
    if (f.kind == kind && Lower(f.excerpt) == Lower(excerpt)) return;
  }
  out.push_back({at, Finding{kind, std::move(excerpt)}});
}

// Runs of digits (with spaces, dashes, dots, brackets and a leading '+')
// holding at least 7 digits.
void FindPhones(std::string_view s, std::vector<std::pair<size_t, Finding>>& out) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isdigit(c) &&
        !(c == '+' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      ++i;
      continue;
    }
    size_t b = i, digits = 0, last_digit = i;
    while (i < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i]);
      if (std::isdigit(d)) {
        ++digits;
        last_digit = i;
      } else if (!(d == ' ' || d == '-' || d == '.' || d == '(' || d == ')' ||
                   (d == '+' && i == b))) {
        break;
      }
      ++i;
    }
    // "MSCU 1234565", "IMO 9074729": a code word before the digits makes
    // them an identifier of a thing, not a phone number.
    size_t p = b;
    while (p > 0 && s[p - 1] == ' ') --p;
    size_t q = p;
    while (q > 0 && std::isupper(static_cast<unsigned char>(s[q - 1]))) --q;
    bool after_code = p - q >= 3 && (q == 0 || !std::isalpha(static_cast<unsigned char>(s[q - 1])));
    if (digits >= 7 && digits <= 15 && !after_code) {
      Add(out, b, "phone", std::string(s.substr(b, last_digit + 1 - b)));
    }
  }
}

void FindEmails(std::string_view s, std::vector<std::pair<size_t, Finding>>& out) {
  for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    size_t b = at, e = at + 1;
    auto local = [](unsigned char c) {
      return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '+';
    };
    while (b > 0 && local(static_cast<unsigned char>(s[b - 1]))) --b;
    while (e < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '.' || s[e] == '-'))
      ++e;
    std::string_view domain = s.substr(at + 1, e - at - 1);
    while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
    if (b < at && domain.find('.') != std::string_view::npos) {
      Add(out, b, "email", std::string(s.substr(b, at + 1 + domain.size() - b)));
    }
  }
}

// "14:35", "3.15pm", "at 3pm", "0600 hours".
void FindTimes(std::string_view s, std::vector<std::pair<size_t, Finding>>& out) {
  auto digit = [&](size_t i) {
    return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (!digit(i) ||
        (i > 0 && (digit(i - 1) || std::isalpha(static_cast<unsigned char>(s[i - 1])))))
      continue;
    size_t j = i;
    while (digit(j)) ++j;
    size_t n = j - i;
    size_t end = j;
    bool time = false;
    if ((n == 1 || n == 2) && j < s.size() && (s[j] == ':' || s[j] == '.') && digit(j + 1) &&
        digit(j + 2) && !digit(j + 3)) {
      end = j + 3;
      time = true;
    }
    size_t k = end;
    while (k < s.size() && s[k] == ' ') ++k;
    std::string rest = Lower(s.substr(k, 5));
    if (n <= 2 && (rest.rfind("am", 0) == 0 || rest.rfind("pm", 0) == 0) &&
        (k + 2 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[k + 2])))) {
      end = k + 2;
      time = true;
    }
    if (n == 4 && rest.rfind("hour", 0) == 0) {
      end = k + 5;
      time = true;
    }
    if (time) Add(out, i, "time", std::string(s.substr(i, end - i)));
    i = (time ? end : j) - 1;  // the loop's ++i moves past what was read
  }
}

void FindFirstPerson(std::string_view s, const std::vector<Token>& words,
                     std::vector<std::pair<size_t, Finding>>& out) {
  static const std::set<std::string> kWords = {"i",  "i'm",  "i've",   "i'd", "i'll", "me",
                                               "my", "mine", "myself", "we",  "our",  "us"};
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = Lower(s.substr(words[i].begin, words[i].end - words[i].begin));
    if (!kWords.count(w)) continue;
    size_t end = i + 1 < words.size() ? words[i + 1].end : words[i].end;
    Add(out, words[i].begin, "first_person",
        std::string(s.substr(words[i].begin, end - words[i].begin)));
  }
}

// Whether the word at `begin` opens a sentence (or a line): its capital
// says nothing about it being a name.
bool OpensSentence(std::string_view s, size_t begin) {
  while (begin > 0 && (s[begin - 1] == ' ' || s[begin - 1] == '\t' || s[begin - 1] == '"' ||
                       s[begin - 1] == '\'' || s[begin - 1] == '(')) {
    --begin;
  }
  if (begin == 0) return true;
  char c = s[begin - 1];
  return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ':';
}

// Capitalised words of the original (not common words) found again in the
// draft, with a following name kept together ("John Smith"). A word that is
// capitalised only because it opens a sentence of the original ("White, it
// was") counts only where the draft also writes it capitalised inside a
// sentence; a word capitalised inside a sentence counts in any case.
void FindNames(std::string_view original, std::string_view s, const std::vector<Token>& words,
               std::vector<std::pair<size_t, Finding>>& out) {
  std::set<std::string> names, openers;
  for (const auto& t : Words(original)) {
    std::string_view w = original.substr(t.begin, t.end - t.begin);
    std::string lw = Lower(w);
    if (StartsUpper(w) && w.size() >= 2 && !IsCommonWord(lw) &&
        !std::all_of(w.begin(), w.end(),
                     [](unsigned char c) { return std::isupper(c) || std::isdigit(c); })) {
      (OpensSentence(original, t.begin) ? openers : names).insert(lw);
    }
  }
  auto is_name = [&](size_t i) {
    std::string_view w = s.substr(words[i].begin, words[i].end - words[i].begin);
    std::string lw = Lower(w);
    if (names.count(lw)) return true;
    return openers.count(lw) > 0 && StartsUpper(w) && !OpensSentence(s, words[i].begin);
  };
  for (size_t i = 0; i < words.size(); ++i) {
    if (!is_name(i)) continue;
    const size_t begin = words[i].begin;
    size_t end = words[i].end;
    // "John Smith" together, "Green; Dave" apart.
    if (i + 1 < words.size() && is_name(i + 1) &&
        s.substr(end, words[i + 1].begin - end).find_first_not_of(' ') == std::string_view::npos) {
      end = words[++i].end;
    }
    Add(out, begin, "name", std::string(s.substr(begin, end - begin)));
  }
}

}  // namespace

std::vector<Finding> FindIdentifying(std::string_view original, std::string_view sanitised) {
  std::vector<std::pair<size_t, Finding>> found;
  const auto words = Words(sanitised);
  FindNames(original, sanitised, words, found);
  FindPhones(sanitised, found);
  FindEmails(sanitised, found);
  FindTimes(sanitised, found);
  FindFirstPerson(sanitised, words, found);
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Finding> out;
  for (auto& [pos, f] : found) out.push_back(std::move(f));
  return out;
}

}  // namespace portsafe::core
