// What a reporter sends, and the rules it must satisfy. No I/O here: the web
// layer fills a ReportSubmission from a form or JSON, ValidateSubmission says
// what is wrong in terms the page can translate, and the service stores it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/port_directory.h"

namespace portsafe::core {

// How the reporter knows (used later for grading): saw it, was told, suspects.
inline constexpr std::string_view kHowKnownValues[] = {"saw", "told", "suspect"};

struct ReportSubmission {
  std::string port;      // as typed or chosen; resolved to a code by validation
  std::string area;      // facility, terminal, berth or area (free text)
  std::string facility;  // facility code from a /r/<CODE> link, if any
  std::string category;  // a key from Categories()
  std::string description;
  std::string when;  // free text ("last Tuesday night", "2026-11-20")
  std::string people;
  std::string vehicles;
  std::string vessels;
  std::string containers;
  std::string how_known;  // one of kHowKnownValues, or empty
  std::string lang;       // language the reporter used (stored encrypted)
  // "I was approached" (core/approach.h): empty in every other report.
  std::string approach_how;      // how the approach came (one key)
  std::string approach_handle;   // handle, number or profile used, as typed
  std::string approach_offered;  // what was offered (keys, comma-separated)
  std::string approach_asked;    // what was asked for (keys, comma-separated)
  std::string approach_when;     // roughly when (one key; never a day)
  std::string approach_ongoing;  // still going on: yes, no, unsure
  std::string approach_danger;   // feels in danger: yes, no, unsure
};

// Every text field of a submission, by its name in forms, JSON and the
// encrypted body, so code that copies fields in or out loops over one list.
struct SubmissionField {
  std::string_view name;
  std::string ReportSubmission::*member;
};
// In form order: port, area, facility, category, description, when, people,
// vehicles, vessels, containers, how_known, lang, then the approach fields.
const std::vector<SubmissionField>& SubmissionFields();

// Where an uploaded file's bytes wait while they are not in memory: the
// encrypted temporary storage that its request's body was streamed to
// (web/form.h). Thread-safety: Read may be called from any thread.
class StoredUpload {
 public:
  virtual ~StoredUpload() = default;
  virtual std::uint64_t size() const = 0;
  // The whole file. kUnavailable or kInternal when the storage fails.
  virtual Result<std::string> Read() const = 0;
};

// How much of a stored upload's start is kept in memory: enough for
// SniffFileKind to name its kind.
inline constexpr size_t kUploadHeadBytes = 4096;

struct FileUpload {
  std::string filename;
  std::string content_type;  // as sent; re-detected from the bytes for images
  // The bytes; when `stored` is set, only their first kUploadHeadBytes.
  std::string data;
  // Set when the rest of the bytes wait in temporary storage.
  std::shared_ptr<const StoredUpload> stored;

  std::uint64_t Size() const { return stored ? stored->size() : data.size(); }
  // Brings the whole file into `data` and lets go of `stored` (a media
  // worker does this, so files are in memory only while being cleaned).
  Status Load();
};

// One problem with one field. `message_key` is a translation key
// ("error.port_required"); `field` is the form field name.
struct FieldError {
  std::string field;
  std::string message_key;
};

// Checks required fields, lengths, UTF-8 and enumerations (the approach
// fields too: core/approach.h), and resolves
// `port` to a code in place (sub.port becomes the UN/LOCODE). Returns every
// problem found, empty when the submission is acceptable.
std::vector<FieldError> ValidateSubmission(ReportSubmission& sub, const PortDirectory& ports);

// Checks one free-text field (message, file name): valid UTF-8, no control
// characters, at most `max` bytes. Empty string when fine, else a message key.
std::string CheckText(std::string_view value, size_t max, bool required);

// Checks uploaded files against count and size limits. Empty when fine.
std::vector<FieldError> ValidateFiles(const std::vector<FileUpload>& files);

}  // namespace portsafe::core
