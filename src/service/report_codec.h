// The plaintext formats inside a report's sealed fields, shared by the
// reporter's side (ReportingServiceImpl) and the staff side
// (HandlingServiceImpl). Each carries a version; every older version is still
// read. docs/formats.md describes them, and tests/service/
// stored_formats_test.cpp pins their bytes (tests/testdata/formats/).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "core/report.h"
#include "crypto/sodium.h"
#include "service/handling_service.h"
#include "service/reporting_service.h"
#include "store/records.h"

namespace boost::json {
class array;
}

namespace portsafe::service {

// The body is a JSON array: the format version, then the submission's fields
// in BodyFieldOrder(), without keys, so each stored row is about 130 bytes
// smaller (docs/performance.md):
//   [1,"GBFXT","","GBFXT-TRINITY","drugs","...",...]
// Version 0 (before the tag) was the same array without the leading 1, and
// may be shorter (written before the last fields existed); version 1 has
// the first kBodyV1Fields fields (up to "lang"); version 2 has every field,
// the approach fields too (core/approach.h), and is written only for
// approaches.
inline constexpr int kBodyVersion = 2;
inline constexpr size_t kBodyV1Fields = 12;
std::string BodyJson(const core::ReportSubmission& s);
// kInternal for a body that is not such an array or has an unknown version.
Result<core::ReportSubmission> ParseBody(std::string_view text);
// The stored order of the body's fields (names of core::SubmissionFields()),
// fixed by the format, whatever order the form shows them in.
const std::vector<std::string_view>& BodyFieldOrder();
// Where the fields begin in a parsed body: 0 in version 0, 1 in version 1.
// kInternal for an unknown version.
Result<size_t> BodyFieldsStart(const boost::json::array& body);

// A file's sealed metadata: {"v":1,"name","type","size","reencoded"}.
// Version 0 had no "v".
std::string FileMetaJson(const FileView& f);
Result<FileView> ParseFileMeta(std::string_view text);

// A report's handling notes, sealed as its "handling" field:
// {"v":1,"source",...,"review_comment"}. Version 0 had no "v".
std::string HandlingNotesJson(const HandlingNotes& n);
Result<HandlingNotes> ParseHandlingNotes(std::string_view text);

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
