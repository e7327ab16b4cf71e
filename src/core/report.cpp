#include "core/report.h"

#include <algorithm>

#include "core/approach.h"
#include "core/category.h"
#include "core/limits.h"
#include "core/text.h"

namespace portsafe::core {

const std::vector<SubmissionField>& SubmissionFields() {
  using S = ReportSubmission;
  static const std::vector<SubmissionField> kFields = {
      {"port", &S::port},
      {"area", &S::area},
      {"facility", &S::facility},
      {"category", &S::category},
      {"description", &S::description},
      {"when", &S::when},
      {"people", &S::people},
      {"vehicles", &S::vehicles},
      {"vessels", &S::vessels},
      {"containers", &S::containers},
      {"how_known", &S::how_known},
      {"lang", &S::lang},
      {"approach_how", &S::approach_how},
      {"approach_handle", &S::approach_handle},
      {"approach_offered", &S::approach_offered},
      {"approach_asked", &S::approach_asked},
      {"approach_when", &S::approach_when},
      {"approach_ongoing", &S::approach_ongoing},
      {"approach_danger", &S::approach_danger},
  };
  return kFields;
}

std::string CheckText(std::string_view value, size_t max, bool required) {
  if (required && text::Trim(value).empty()) return "error.required";
  if (value.size() > max) return "error.too_long";
  if (!text::IsValidUtf8(value)) return "error.bad_text";
  if (text::HasControlChars(value)) return "error.bad_text";
  return {};
}

std::vector<FieldError> ValidateSubmission(ReportSubmission& sub, const PortDirectory& ports) {
  std::vector<FieldError> errs;
  auto check = [&errs](std::string_view field, const std::string& value, size_t max,
                       bool required) {
    std::string key = CheckText(value, max, required);
    if (!key.empty()) errs.push_back({std::string(field), key});
    return key.empty();
  };
  if (check("port", sub.port, limits::kShortFieldMax, true)) {
    auto p = ports.Resolve(sub.port);
    if (!p.ok()) {
      errs.push_back({"port", p.error().code() == ErrorCode::kNotFound ? "error.port_unknown"
                                                                       : "error.port_ambiguous"});
    } else {
      sub.port = (*p)->code;
    }
  }
  check("area", sub.area, limits::kShortFieldMax, false);
  check("facility", sub.facility, limits::kShortFieldMax, false);
  // An approach is told by its own answers; its description is optional.
  check("description", sub.description, limits::kDescriptionMax, !IsApproach(sub));
  check("when", sub.when, limits::kShortFieldMax, false);
  check("people", sub.people, limits::kInvolvedFieldMax, false);
  check("vehicles", sub.vehicles, limits::kInvolvedFieldMax, false);
  check("vessels", sub.vessels, limits::kInvolvedFieldMax, false);
  check("containers", sub.containers, limits::kInvolvedFieldMax, false);
  if (sub.category.empty()) {
    sub.category = "other";
  } else if (!IsCategory(sub.category)) {
    errs.push_back({"category", "error.category_unknown"});
  }
  if (!sub.how_known.empty() && std::find(std::begin(kHowKnownValues), std::end(kHowKnownValues),
                                          sub.how_known) == std::end(kHowKnownValues)) {
    errs.push_back({"how_known", "error.how_known_unknown"});
  }
  ValidateApproach(sub, &errs);
  return errs;
}

Status FileUpload::Load() {
  if (!stored) return Status::Ok();
  auto bytes = stored->Read();
  if (!bytes.ok()) return bytes.error();
  data = std::move(*bytes);
  stored.reset();
  return Status::Ok();
}

std::vector<FieldError> ValidateFiles(const std::vector<FileUpload>& files) {
  std::vector<FieldError> errs;
  if (files.size() > limits::kFilesPerRequest) errs.push_back({"files", "error.too_many_files"});
  for (const auto& f : files) {
    if (f.Size() > limits::kFileMax) {
      errs.push_back({"files", "error.file_too_large"});
      break;
    }
    if (!CheckText(f.filename, limits::kFileNameMax, false).empty()) {
      errs.push_back({"files", "error.bad_file_name"});
      break;
    }
  }
  return errs;
}

}  // namespace portsafe::core
