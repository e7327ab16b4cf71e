#include "core/approach.h"

#include <algorithm>
#include <span>

#include "core/limits.h"
#include "core/text.h"

namespace portsafe::core {
namespace {

bool Listed(std::span<const std::string_view> values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// One choice: empty, or a listed key.
void CheckOne(std::span<const std::string_view> values, std::string_view field,
              const std::string& v, std::vector<FieldError>* errs) {
  if (!v.empty() && !Listed(values, v)) errs->push_back({std::string(field), "error.bad_choice"});
}

// Several choices: rewritten in the list's order, each once. False (and
// `joined` untouched) when one is not a listed key.
bool Canonical(std::span<const std::string_view> values, std::string& joined) {
  std::vector<std::string> picked = SplitChoices(joined);
  std::string out;
  for (std::string_view v : values) {
    if (std::find(picked.begin(), picked.end(), v) == picked.end()) continue;
    if (!out.empty()) out += ',';
    out += v;
  }
  for (const auto& p : picked) {
    if (!Listed(values, p)) return false;
  }
  joined = std::move(out);
  return true;
}

}  // namespace

bool IsApproach(const ReportSubmission& s) { return s.category == kApproachCategory; }

bool HasApproachAnswers(const ReportSubmission& s) {
  for (const std::string* v :
       {&s.approach_how, &s.approach_handle, &s.approach_offered, &s.approach_asked,
        &s.approach_when, &s.approach_ongoing, &s.approach_danger}) {
    if (!v->empty()) return true;
  }
  return false;
}

std::string_view ChoiceLabelPrefix(std::string_view field) {
  if (field == "approach_how" || field == "approach_offered" || field == "approach_asked" ||
      field == "approach_when") {
    return field;
  }
  if (field == "approach_ongoing" || field == "approach_danger") return "yes_no_unsure";
  return {};
}

std::vector<std::string> SplitChoices(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    size_t comma = joined.find(',');
    std::string_view part = text::Trim(joined.substr(0, comma));
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return out;
}

void ValidateApproach(ReportSubmission& sub, std::vector<FieldError>* errs) {
  if (!IsApproach(sub)) {
    if (HasApproachAnswers(sub)) errs->push_back({"category", "error.approach_fields_only"});
    return;
  }
  CheckOne(kApproachHowValues, "approach_how", sub.approach_how, errs);
  if (auto key = CheckText(sub.approach_handle, limits::kShortFieldMax, false); !key.empty()) {
    errs->push_back({"approach_handle", key});
  }
  if (!Canonical(kApproachOfferedValues, sub.approach_offered)) {
    errs->push_back({"approach_offered", "error.bad_choice"});
  }
  if (!Canonical(kApproachAskedValues, sub.approach_asked)) {
    errs->push_back({"approach_asked", "error.bad_choice"});
  } else if (sub.approach_asked.empty()) {
    errs->push_back({"approach_asked", "error.approach_asked_required"});
  }
  CheckOne(kApproachWhenValues, "approach_when", sub.approach_when, errs);
  CheckOne(kYesNoUnsureValues, "approach_ongoing", sub.approach_ongoing, errs);
  CheckOne(kYesNoUnsureValues, "approach_danger", sub.approach_danger, errs);
}

}  // namespace portsafe::core
