// What handlers and supervisors do with reports: the queue, reading a report
// with its files and thread, answering the reporter, priority,
// classification, grading, closing, phone intake, the sanitised intelligence
// report, routing, the supervisor's approval that seals a package to each
// chosen agency, and the answers to agencies' questions. Implemented by
// HandlingServiceImpl; tests use MockHandlingService
// (tests/service/mock_handling_service.h).
//
// Every call takes the caller's session and checks it: kPermissionDenied for
// a role that may not read reports or a session without the service key;
// kNotFound for an unknown report id; kInvalidArgument for bad input, with
// field() the field at fault ("status" when the report's state does not
// allow the action) and message() what to do about it; kAlreadyExists when someone else changed the
// report since it was read. Each read and each action is written to the
// audit log before the answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/handling.h"
#include "core/identifying.h"
#include "core/report.h"
#include "service/audit_log.h"
#include "service/near_duplicates.h"
#include "service/package_codec.h"
#include "service/reporting_service.h"
#include "service/staff_session.h"
#include "store/records.h"

namespace portsafe::service {

struct QueueItem {
  std::string report_id;
  core::ReportStatus status = core::ReportStatus::kNew;
  core::Priority priority = core::Priority::kNormal;
  std::string category;
  std::string port_code;
  std::string facility_code;
  std::string received_on;
  int age_days = 0;
  std::string assigned_to;        // e-mail address of the handler, or ""
  bool reporter_replied = false;  // the newest message is the reporter's
  bool agency_question = false;   // an agency asked and nobody answered yet
  int linked_open = 0;            // other open reports it shares an identifier with
  core::Clocks clocks;
};

enum class QueueSort { kPriority, kAge };

// What the queue is narrowed to: every field set must hold.
struct QueueFilter {
  std::string port_code;      // at this port (a UN/LOCODE)
  std::string facility_code;  // through this member facility
  std::string category;       // core::Categories key
  std::string assigned_to;    // a user id: reports assigned to them
  bool overdue = false;       // the acknowledgement or feedback clock is breached
  bool linked = false;        // shares an identifier with another open report
  // Only these reports (those a reference or an identifier found): the
  // answer is then one page, at most kMaxQueuePage, with no `next`.
  std::optional<std::vector<std::string>> only;
};

// What a page of the queue asks for.
struct QueueQuery {
  QueueSort sort = QueueSort::kPriority;
  bool include_closed = false;
  std::optional<core::ReportStatus> status;  // only reports of this status
  QueueFilter filter;
  std::string after;  // a page's `next`; "" for the first page
  size_t limit = 50;  // 1 to kMaxQueuePage
};
inline constexpr size_t kMaxQueuePage = 200;

// The groups of near-identical open reports.
struct GroupList {
  // False until this node has read in every indexed report (shortly after
  // it first holds the key): groups may lack reports, and none closes.
  bool complete = false;
  std::vector<NearDuplicateGroup> groups;
};
// What closing a group of near-identical reports did.
struct GroupClosed {
  std::int64_t closed = 0;         // reports closed now
  std::int64_t being_handled = 0;  // not new, or assigned to a handler: left open
  std::int64_t skipped = 0;        // changed, closed or purged by someone else meanwhile
  std::int64_t failed = 0;         // could not be closed (damaged): left open, logged
  std::int64_t left = 0;           // new reports of the group beyond kMaxGroupClose
};
// Reports closed by one CloseGroup, and groups listed at most.
inline constexpr size_t kMaxGroupClose = 1000;
inline constexpr size_t kMaxGroupsListed = 100;

struct QueuePage {
  std::vector<QueueItem> items;
  std::string next;  // the `after` of the next page; "" on the last
};

// The sealed part of the handling state.
struct HandlingNotes {
  core::Grade grade;
  std::string insider_type;  // core::kInsiderTypes or ""
  std::string close_reason;  // core::kCloseReasons or ""
  std::string close_note;
  std::string sanitised;                // the intelligence report, as the handler wrote it
  std::vector<std::string> recipients;  // agency codes chosen for approval
  std::string submitted_by;             // user id of who asked for approval
  // The ids (core::Finding::id) of the warnings on the sanitised report
  // that the handler acknowledged, one by one, when asking for approval.
  std::vector<std::string> acknowledged;
  std::string review_comment;  // the supervisor's, when sent back
  // The report's cleaned files (their seqs) the handler chose to send with
  // the package, having looked at each (ChooseAttachments).
  std::vector<std::int64_t> attachments;
};

// A package as the service sees it (messages and outcome opened with the
// service key).
struct PackageView {
  std::string id;
  std::string agency_code;
  std::string agency_name;
  std::string sent_on;
  std::string acknowledged_on;
  Outcome outcome;
  std::vector<PackageMessage> messages;
  bool question_open = false;  // the newest message is the agency's
};

// One agency in the routing form.
struct AgencyChoice {
  std::string code;
  std::string name;
  std::string kind;
  bool proposed = false;  // the routing rules propose it
  bool chosen = false;    // in the recipients (the proposal until the handler chooses)
};

struct AnswerResult {
  bool sent = false;
  std::vector<core::Finding> warnings;  // when not sent: what to look at again
};

struct HandlerReport {
  QueueItem item;
  ReportView report;
  HandlingNotes notes;
  std::vector<AuditLog::Entry> history;
  std::vector<core::Finding> warnings;  // identifying material left in notes.sanitised
  std::vector<AgencyChoice> agencies;
  std::vector<PackageView> packages;
  bool can_approve = false;  // a supervisor other than the one who submitted it
  // Handlers and supervisors the report can be given to (AssignTo), by
  // e-mail address: (user id, e-mail address).
  std::vector<std::pair<std::string, std::string>> colleagues;
};

struct FileContent {
  std::string name;
  std::string content_type;
  std::string data;
};

class HandlingService {
 public:
  virtual ~HandlingService() = default;

  // A page of the queue: open reports (not closed) unless
  // `include_closed`, or those of one status. Sorted by priority (highest
  // first), then, within a priority, reports linked to another open report
  // first, then the oldest (then by id); or by age alone. Keyset paging:
  // `next` names where the page ended, so a page costs the same wherever it
  // is. A page looks at no more than 2,000 reports: one that passes over
  // more ends short (even empty) with a `next`. Reports that do not change
  // between pages are shown once; one whose priority, status or links
  // (another report naming the same thing, or closed) change between pages
  // may be shown twice or not at all in that walk.
  // kInvalidArgument (field "after") for a cursor this did not give, or one
  // of the other sort; field "limit" outside 1 to kMaxQueuePage.
  // A filter (q.filter) is applied as the page is read: a page that passes
  // over 2,000 reports that do not match ends short, with a `next`.
  virtual Result<QueuePage> Queue(const StaffSession& s, const QueueQuery& q) = 0;
  // The ids of the reports whose reference (core::ReferenceOf) is
  // `reference`, as core::ParseReference writes it: usually one, two when
  // ids share their last 40 bits. kInvalidArgument (field "reference") for
  // anything else. Audited ("reports.found_by_reference").
  virtual Result<std::vector<std::string>> FindByReference(const StaffSession& s,
                                                           const std::string& reference) = 0;
  // Gives the report to `user_id`, a handler or supervisor who holds the
  // service key (else kInvalidArgument, field "assign_to"), as AssignToSelf
  // does for oneself. Audited ("report.assigned").
  virtual Status AssignTo(const StaffSession& s, const std::string& id,
                          const std::string& user_id) = 0;
  // How many reports have each status, each counted up to `cap` (a count of
  // `cap` means at least that many), in the order of core::ReportStatus.
  virtual Result<std::vector<std::pair<core::ReportStatus, std::int64_t>>> QueueCounts(
      const StaffSession& s, std::int64_t cap) = 0;
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
  // Groups of near-identical open reports (service/near_duplicates.h), the
  // largest first, at most `limit` (1 to kMaxGroupsListed, else
  // kInvalidArgument "limit"). Reports waiting to be indexed are indexed
  // first when they are few, as for the queue. Audited ("groups.read").
  virtual Result<GroupList> NearDuplicateGroups(const StaffSession& s, size_t limit) = 0;
  // Closes the group as the handler saw it: `group_id` and `as_seen` from
  // NearDuplicateGroups. Only its new reports that nobody is assigned to
  // close (the oldest kMaxGroupClose), each as Close() would with `reason`
  // and `note` and audited "report.closed_in_group"; the group is audited
  // once ("group.closed"). kAlreadyExists when the group has changed since
  // (a report joined or left it, or `group_id` no longer names it);
  // kNotFound when `group_id` is in no group; kUnavailable while the
  // groups are not complete.
  virtual Result<GroupClosed> CloseGroup(const StaffSession& s, const std::string& group_id,
                                         const std::string& as_seen, const std::string& reason,
                                         const std::string& note) = 0;
  // Outcomes the agencies recorded, counted by kind, seizure type and month.
  virtual Result<std::vector<store::OutcomeCountRow>> OutcomeCounts(const StaffSession& s) = 0;
  // Files a report for a caller; returns the receipt to read out.
  virtual Result<std::string> PhoneIntake(const StaffSession& s, core::ReportSubmission sub) = 0;

  // Saves the sanitised intelligence report (sealed with the report's
  // content key; the original is never changed) and returns what in it may
  // still identify the reporter.
  virtual Result<std::vector<core::Finding>> SaveSanitised(const StaffSession& s,
                                                           const std::string& id,
                                                           const std::string& text) = 0;
  // Asks a supervisor to approve sending the package to `recipients`
  // (agency codes). Every warning the identifying-content check gives on the
  // sanitised report must be in `acknowledged` (core::Finding::id); the
  // supervisor then sees them marked acknowledged. kInvalidArgument with
  // field "sanitised", "grade", "category", "recipients" or "warnings"
  // (some warning not acknowledged) when the package is not ready.
  virtual Status SubmitForApproval(const StaffSession& s, const std::string& id,
                                   const std::vector<std::string>& recipients,
                                   const std::vector<std::string>& acknowledged) = 0;
  // The report's files (by seq) to send with the package, replacing an
  // earlier choice; empty sends none. The handler says, by choosing, that
  // they looked at each file and nothing in it identifies the reporter (the
  // pages and the API say so beside the choice). kInvalidArgument
  // "attachments" for a seq the report has no file of; kFailedPrecondition
  // style errors as the other edits when the report cannot be changed.
  virtual Status ChooseAttachments(const StaffSession& s, const std::string& id,
                                   const std::vector<std::int64_t>& seqs) = 0;
  // Supervisors only, and never the one who submitted: seals one package to
  // each recipient's public key (with the chosen files' keys) and marks the
  // report disseminated.
  virtual Status Approve(const StaffSession& s, const std::string& id) = 0;
  // Supervisors only: back to the handler with `comment`.
  virtual Status SendBack(const StaffSession& s, const std::string& id,
                          const std::string& comment) = 0;
  // Answers an agency's question on one of the report's packages. When the
  // check warns about the answer, it is sent only if every warning's id is
  // in `acknowledged`; otherwise the warnings come back instead, those
  // acknowledged marked so.
  virtual Result<AnswerResult> AnswerAgency(const StaffSession& s, const std::string& id,
                                            const std::string& package_id, const std::string& text,
                                            const std::vector<std::string>& acknowledged) = 0;
};

}  // namespace portsafe::service
