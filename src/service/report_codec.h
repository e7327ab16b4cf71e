// The plaintext formats inside a report's sealed fields, shared by the
// reporter's side (ReportingServiceImpl) and the staff side
// (HandlingServiceImpl).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "core/report.h"
#include "crypto/sodium.h"
#include "service/reporting_service.h"
#include "store/records.h"

namespace portsafe::service {

// The body is a JSON array of the submission's fields in
// core::SubmissionFields() order: no keys, so each stored row is about 130
// bytes smaller (docs/performance.md).
std::string BodyJson(const core::ReportSubmission& s);
core::ReportSubmission ParseBody(std::string_view text);

// A file's sealed metadata: {"name","type","size","reencoded"}.
std::string FileMetaJson(const FileView& f);
Result<FileView> ParseFileMeta(std::string_view text);

// The reporter's words: every field of the report and every message the
// reporter wrote, a line each. What sanitised text is checked against and
// what the link index reads.
std::string ReporterText(const ReportView& view);

// Opens body, thread and file list of `row` with its content key.
// kInternal when anything fails to decrypt (a damaged row).
Result<ReportView> DecryptReport(const store::ReportRow& row,
                                 const crypto::SecretBytes& content_key,
                                 const std::vector<store::MessageRow>& messages,
                                 const std::vector<store::FileRow>& files);

}  // namespace portsafe::service
