// The translation catalogue: assets/i18n/<code>.json, one flat object of
// key -> text per language, plus "_name" (the language's own name). English
// is the reference; a key missing in another language falls back to English.
// The language is chosen by a link (?lang=pl or a hidden form field); when
// the link names none, by the browser's Accept-Language header, which is read
// for that answer and never logged or stored. Never from cookies.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace portsafe::web {

struct Language {
  std::string code;         // "pl"
  std::string native_name;  // "Polski"
};

class Catalogue {
 public:
  // Loads every embedded catalogue; kInvalidArgument for malformed JSON or a
  // missing English catalogue.
  static Result<Catalogue> LoadEmbedded();

  // English first, then by code.
  const std::vector<Language>& languages() const { return languages_; }
  // `requested` when it is a known code, else "en".
  std::string Pick(std::string_view requested) const;
  // The known language the browser's Accept-Language value ranks highest
  // ("pl-PL,pl;q=0.9,en;q=0.8" -> "pl"), or "" when it names none we have.
  std::string FromAcceptLanguage(std::string_view header) const;
  // The text for `key` in `lang`, falling back to English, then to the key.
  const std::string& T(std::string_view lang, std::string_view key) const;
  // A file's size for a reader of `lang`: "812 bytes", "182 KB", "3,4 MB"
  // (1 KB = 1000 bytes; one decimal below 10 MB, in the language's own
  // decimal separator).
  std::string FileSize(std::string_view lang, std::uint64_t bytes) const;
  // The labels "<prefix>.<key>" of the keys in `joined` (comma-separated,
  // core/approach.h), joined by ", ".
  std::string ChoiceText(std::string_view lang, std::string_view prefix,
                         std::string_view joined) const;
  // T(lang, key) with each "{name}" of `values` replaced by its value
  // ("{n} minutes" with {{"n", "5"}}).
  std::string Fill(std::string_view lang, std::string_view key,
                   std::initializer_list<std::pair<std::string_view, std::string>> values) const;
  // Every key of `lang` merged over English.
  std::map<std::string, std::string> All(std::string_view lang) const;
  // Keys present in English but missing in `lang`.
  std::vector<std::string> MissingKeys(std::string_view lang) const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> texts_;
  std::vector<Language> languages_;
};

}  // namespace portsafe::web
