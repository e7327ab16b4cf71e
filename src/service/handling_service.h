// What handlers and supervisors do with reports: the queue, reading a report
// with its files and thread, answering the reporter, priority,
// classification, grading, closing, and phone intake. Implemented by
// HandlingServiceImpl; tests use MockHandlingService
// (tests/service/mock_handling_service.h).
//
// Every call takes the caller's session and checks it: kPermissionDenied for
// a role that may not read reports or a session without the service key;
// kNotFound for an unknown report id; kInvalidArgument (message: the field
// at fault) for bad input; kAlreadyExists when someone else changed the
// report since it was read. Each read and each action is written to the
// audit log before the answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/handling.h"
#include "core/report.h"
#include "service/audit_log.h"
#include "service/reporting_service.h"
#include "service/staff_session.h"

namespace portsafe::service {

struct QueueItem {
  std::string report_id;
  std::string status;    // core::ReportStatus name
  std::string priority;  // core::Priority name
  std::string category;
  std::string port_code;
  std::string facility_code;
  std::string received_on;
  int age_days = 0;
  std::string assigned_to;        // e-mail address of the handler, or ""
  bool reporter_replied = false;  // the newest message is the reporter's
  core::Clocks clocks;
};

enum class QueueSort { kPriority, kAge };

// The sealed part of the handling state.
struct HandlingNotes {
  core::Grade grade;
  std::string insider_type;  // core::kInsiderTypes or ""
  std::string close_reason;  // core::kCloseReasons or ""
  std::string close_note;
};

struct HandlerReport {
  QueueItem item;
  std::int64_t version = 0;  // pass back with actions (optimistic concurrency)
  ReportView report;
  HandlingNotes notes;
  std::vector<AuditLog::Entry> history;
};

struct FileContent {
  std::string name;
  std::string content_type;
  std::string data;
};

class HandlingService {
 public:
  virtual ~HandlingService() = default;

  // Open reports (not closed) unless `include_closed`.
  virtual Result<std::vector<QueueItem>> Queue(const StaffSession& s, QueueSort sort,
                                               bool include_closed) = 0;
  virtual Result<HandlerReport> Open(const StaffSession& s, const std::string& id) = 0;
  virtual Result<FileContent> ReadFile(const StaffSession& s, const std::string& id,
                                       std::int64_t seq) = 0;

  virtual Status AssignToSelf(const StaffSession& s, const std::string& id) = 0;
  // `feedback` marks the message as the feedback the 3-month clock waits for.
  virtual Status MessageReporter(const StaffSession& s, const std::string& id,
                                 const std::string& text, bool feedback) = 0;
  virtual Status SetPriority(const StaffSession& s, const std::string& id,
                             core::Priority priority) = 0;
  virtual Status Classify(const StaffSession& s, const std::string& id, const std::string& category,
                          const std::string& insider_type) = 0;
  virtual Status Grade(const StaffSession& s, const std::string& id, const core::Grade& grade) = 0;
  virtual Status Close(const StaffSession& s, const std::string& id, const std::string& reason,
                       const std::string& note) = 0;
  // Files a report for a caller; returns the receipt to read out.
  virtual Result<std::string> PhoneIntake(const StaffSession& s, core::ReportSubmission sub) = 0;
};

}  // namespace portsafe::service
