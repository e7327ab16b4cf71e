// The translation catalogue: assets/i18n/<code>.json, one flat object of
// key -> text per language, plus "_name" (the language's own name). English
// is the reference; a key missing in another language falls back to English.
// The language is chosen by a link (?lang=pl or a hidden form field), never
// from cookies or headers.
#pragma once

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
  // The text for `key` in `lang`, falling back to English, then to the key.
  const std::string& T(std::string_view lang, std::string_view key) const;
  // Every key of `lang` merged over English.
  std::map<std::string, std::string> All(std::string_view lang) const;
  // Keys present in English but missing in `lang`.
  std::vector<std::string> MissingKeys(std::string_view lang) const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> texts_;
  std::vector<Language> languages_;
};

}  // namespace portsafe::web
