// What a reporter can do: file a report, and with the receipt read it, add
// messages and add files. Implemented by ReportingServiceImpl; tests use
// MockReportingService (tests/service/mock_reporting_service.h).
//
// Errors: kInvalidArgument and kUnsupportedMedia carry a catalogue key
// (Error::key(), for example "error.file_refused_video") so pages can show
// it in the reporter's language, and the field at fault (Error::field():
// "files", "text", "facility");
// kNotFound means "no report for that receipt" and nothing more;
// kUnavailable means the store is overloaded or failing (answer 503).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/port_directory.h"
#include "core/report.h"
#include "store/records.h"

namespace portsafe::service {

struct MessageView {
  std::string author;   // "reporter" or "service"
  std::string sent_on;  // YYYY-MM-DD
  std::string text;
};

struct FileView {
  std::int64_t seq = 0;
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
  bool reencoded = false;  // metadata stripped; false means kept as sent
};

// What became of one uploaded file. Every kept file was cleaned
// (media::FileCleaner) and is named by kind and order ("photo-1.jpg",
// "document-2.jpg"); the name the reporter's device gave it is never kept.
struct FileOutcome {
  std::string name;   // the kept name; "" when not kept
  bool kept = false;  // false: it did not decode, or its cleaning failed
};

struct Submitted {
  std::string receipt;             // for display, grouped
  std::vector<FileOutcome> files;  // in the order they were sent
};

struct ReportView {
  core::ReportStatus status = core::ReportStatus::kNew;
  std::string received_on;  // YYYY-MM-DD
  core::ReportSubmission fields;
  std::vector<MessageView> messages;
  std::vector<FileView> files;
};

class ReportingService {
 public:
  using SubmitDone = std::function<void(Result<Submitted>)>;
  using FilesDone = std::function<void(Result<std::vector<FileOutcome>>)>;
  using Done = std::function<void(Status)>;

  virtual ~ReportingService() = default;

  // Precondition: `sub` passed core::ValidateSubmission and `files`
  // core::ValidateFiles. A non-empty `sub.facility` must name a member
  // facility at `sub.port` (else kInvalidArgument, field "facility",
  // key "error.facility_unknown");
  // a suspended facility's report counts for the port only. Files are
  // cleaned as for AddFiles; one that fails to clean is left out and the
  // report is kept. `done` runs once the report is durable, on a store
  // thread (or inline on early failure).
  virtual void Submit(core::ReportSubmission sub, std::vector<core::FileUpload> files,
                      SubmitDone done) = 0;
  virtual Result<ReportView> Open(std::string_view receipt) = 0;
  virtual void AddMessage(std::string_view receipt, std::string text, Done done) = 0;
  // Files of a kind that cannot be cleaned (core::IsCleanable) refuse the
  // whole request, before anything is stored: kUnsupportedMedia, field
  // "files", key core::RefusalKey. A file that fails to clean is left out,
  // and the rest are kept (FileOutcome::kept).
  virtual void AddFiles(std::string_view receipt, std::vector<core::FileUpload> files,
                        FilesDone done) = 0;

  virtual const core::PortDirectory& ports() const = 0;
  virtual Result<std::optional<store::Facility>> FindFacility(const std::string& code) = 0;
};

}  // namespace portsafe::service
