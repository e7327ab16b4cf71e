#include "service/handling_service_impl.h"

#include <algorithm>
#include <boost/json.hpp>
#include <future>

#include "core/category.h"
#include "core/limits.h"
#include "core/report_status.h"
#include "core/text.h"
#include "crypto/file_cipher.h"
#include "crypto/report_cipher.h"
#include "crypto/service_sealer.h"
#include "service/report_codec.h"
#include "service/reporting_service_impl.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

using core::ReportStatus;

std::string NotesJson(const HandlingNotes& n) {
  json::object o;
  o["source"] = n.grade.source;
  o["intelligence"] = n.grade.intelligence;
  o["handling"] = n.grade.handling;
  o["conditions"] = n.grade.conditions;
  o["insider"] = n.insider_type;
  o["close_reason"] = n.close_reason;
  o["close_note"] = n.close_note;
  return json::serialize(o);
}

HandlingNotes ParseNotes(std::string_view text) {
  HandlingNotes n;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return n;
  const auto& o = v.get_object();
  auto str = [&o](std::string_view k) {
    auto* x = o.if_contains(k);
    return x && x->is_string() ? std::string(x->get_string()) : std::string();
  };
  n.grade = {str("source"), str("intelligence"), str("handling"), str("conditions")};
  n.insider_type = str("insider");
  n.close_reason = str("close_reason");
  n.close_note = str("close_note");
  return n;
}

// Moves `row` towards `to`, through "in progress" when needed. False when the
// status machine does not allow it.
bool Advance(store::HandlingRow& row, ReportStatus to) {
  auto from = core::ParseReportStatus(row.status).value_or(ReportStatus::kNew);
  if (from == to) return true;
  if (!core::CanTransition(from, to)) {
    if (!core::CanTransition(from, ReportStatus::kInProgress) ||
        !core::CanTransition(ReportStatus::kInProgress, to)) {
      return false;
    }
  }
  row.status = std::string(core::ToString(to));
  return true;
}

bool IsClosed(const store::HandlingRow& row) {
  return row.status == core::ToString(ReportStatus::kClosed);
}

}  // namespace

HandlingServiceImpl::HandlingServiceImpl(store::Store* store, store::StaffStore* staff,
                                         AuditLog* audit, ReportingService* reporting,
                                         std::function<std::string()> today)
    : store_(store),
      staff_(staff),
      audit_(audit),
      reporting_(reporting),
      today_(today ? std::move(today) : std::function<std::string()>(TodayUtc)) {}

Status HandlingServiceImpl::CheckReader(const StaffSession& s) const {
  if (!core::ReadsReports(s.role)) return PermissionDenied("your role cannot read reports");
  if (!s.service_key) {
    return PermissionDenied(
        "your account has not been given the service key yet; ask a supervisor");
  }
  return Status::Ok();
}

Status HandlingServiceImpl::Audit(const StaffSession& s, std::string_view action,
                                  const std::string& target) {
  return audit_->Append(
      {s.user_id, std::string(core::ToString(s.role)), std::string(action), target});
}

QueueItem HandlingServiceImpl::ItemFor(const store::HandlingRow& row,
                                       const std::vector<store::UserRow>& users) const {
  QueueItem q;
  q.report_id = row.report_id;
  q.status = row.status;
  q.priority = std::string(core::ToString(static_cast<core::Priority>(
      std::clamp(row.priority, 0, static_cast<int>(core::Priority::kThreatToLife)))));
  q.category = row.category;
  q.port_code = row.port_code;
  q.facility_code = row.facility_code;
  q.received_on = row.received_on;
  const std::string today = today_();
  q.age_days = std::max(0, core::DaysBetween(row.received_on, today).value_or(0));
  for (const auto& u : users) {
    if (u.id == row.assigned_to) q.assigned_to = u.email;
  }
  q.reporter_replied = row.last_message_by == "reporter";
  q.clocks = core::ComputeClocks(row.received_on, row.acknowledged_on, row.feedback_on, today);
  if (IsClosed(row)) q.clocks.ack_breached = q.clocks.feedback_breached = false;
  return q;
}

Result<std::vector<QueueItem>> HandlingServiceImpl::Queue(const StaffSession& s, QueueSort sort,
                                                          bool include_closed) {
  if (auto st = CheckReader(s); !st.ok()) return st.error();
  auto rows = staff_->ListHandling();
  if (!rows.ok()) return rows.error();
  auto users = staff_->ListUsers();
  if (!users.ok()) return users.error();
  std::vector<QueueItem> out;
  for (const auto& r : *rows) {
    if (!include_closed && IsClosed(r)) continue;
    out.push_back(ItemFor(r, *users));
  }
  auto rank = [](const QueueItem& q) {
    return static_cast<int>(core::ParsePriority(q.priority).value_or(core::Priority::kNormal));
  };
  std::stable_sort(out.begin(), out.end(), [&](const QueueItem& a, const QueueItem& b) {
    if (sort == QueueSort::kPriority && rank(a) != rank(b)) return rank(a) > rank(b);
    if (a.received_on != b.received_on) return a.received_on < b.received_on;  // oldest first
    return a.report_id < b.report_id;
  });
  if (auto st = Audit(s, "queue.read", ""); !st.ok()) return st.error();
  return out;
}

Result<HandlingServiceImpl::Work> HandlingServiceImpl::Load(const StaffSession& s,
                                                            const std::string& id) {
  if (auto st = CheckReader(s); !st.ok()) return st.error();
  auto row = staff_->FindHandling(id);
  if (!row.ok()) return row.error();
  auto report = staff_->FindReportById(id);
  if (!report.ok()) return report.error();
  auto key = crypto::OpenServiceSealed(*s.service_key, id, report->sealed_key);
  if (!key.ok()) return Internal("the report's key does not open with the service key");
  Work w{std::move(*row), std::move(*report), std::move(*key), {}};
  if (!w.row.sealed.empty()) {
    auto notes = crypto::OpenReportField(w.content_key, id, "handling", w.row.sealed);
    if (!notes.ok()) return Internal("handling notes do not decrypt");
    w.notes = ParseNotes(notes->view());
  }
  return w;
}

Status HandlingServiceImpl::Save(const StaffSession& s, Work& w, std::string_view action) {
  w.row.sealed =
      crypto::SealReportField(w.content_key, w.row.report_id, "handling", NotesJson(w.notes));
  if (auto st = staff_->SaveHandling(w.row); !st.ok()) return st;
  return Audit(s, action, w.row.report_id);
}

Result<HandlerReport> HandlingServiceImpl::Open(const StaffSession& s, const std::string& id) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  auto msgs = store_->ListMessages(id);
  if (!msgs.ok()) return msgs.error();
  auto files = store_->ListFiles(id, false);
  if (!files.ok()) return files.error();
  auto view = DecryptReport(w->report, w->content_key, *msgs, *files);
  if (!view.ok()) return view.error();
  auto users = staff_->ListUsers();
  if (!users.ok()) return users.error();
  // Audit before answering: a read that cannot be logged is not served.
  if (auto st = Audit(s, "report.read", id); !st.ok()) return st.error();
  auto history = audit_->EntriesFor(id);
  if (!history.ok()) return history.error();
  HandlerReport out;
  out.item = ItemFor(w->row, *users);
  out.version = w->row.version;
  out.report = std::move(*view);
  out.notes = w->notes;
  out.history = std::move(*history);
  return out;
}

Result<FileContent> HandlingServiceImpl::ReadFile(const StaffSession& s, const std::string& id,
                                                  std::int64_t seq) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  auto files = store_->ListFiles(id, true);
  if (!files.ok()) return files.error();
  for (const auto& f : *files) {
    if (f.seq != seq) continue;
    auto meta = crypto::OpenReportField(w->content_key, id, "file-meta", f.sealed_meta);
    auto fkey = crypto::OpenReportField(w->content_key, id, "file-key", f.wrapped_key);
    if (!meta.ok() || !fkey.ok()) return Internal("file key does not decrypt");
    auto fv = ParseFileMeta(meta->view());
    if (!fv.ok()) return fv.error();
    auto data = crypto::DecryptStream(*fkey, f.content);
    if (!data.ok()) return Internal("file does not decrypt");
    if (auto st = Audit(s, "file.read", id); !st.ok()) return st.error();
    return FileContent{fv->name, fv->content_type, data->str()};
  }
  return NotFound("no such file");
}

Status HandlingServiceImpl::AssignToSelf(const StaffSession& s, const std::string& id) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return InvalidArgument("status: the report is closed");
  w->row.assigned_to = s.user_id;
  Advance(w->row, ReportStatus::kInProgress);
  return Save(s, *w, "report.assigned");
}

Status HandlingServiceImpl::MessageReporter(const StaffSession& s, const std::string& id,
                                            const std::string& text, bool feedback) {
  if (!core::CheckText(text, limits::kMessageMax, true).empty()) {
    return InvalidArgument("text");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return InvalidArgument("status: the report is closed");
  store::MessageRow m;
  m.report_id = id;
  m.author = "service";
  m.sent_on = today_();
  m.body = crypto::SealReportField(w->content_key, id, "msg", text);
  std::promise<Status> p;
  auto f = p.get_future();
  store_->AppendMessage(std::move(m), [&p](Status st) { p.set_value(std::move(st)); });
  if (auto st = f.get(); !st.ok()) return st;
  if (w->row.acknowledged_on.empty()) w->row.acknowledged_on = today_();
  if (feedback && w->row.feedback_on.empty()) w->row.feedback_on = today_();
  Advance(w->row, ReportStatus::kWaitingForReporter);
  return Save(s, *w, feedback ? "reporter.feedback_sent" : "reporter.messaged");
}

Status HandlingServiceImpl::SetPriority(const StaffSession& s, const std::string& id,
                                        core::Priority priority) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return InvalidArgument("status: the report is closed");
  w->row.priority = static_cast<int>(priority);
  Advance(w->row, ReportStatus::kInProgress);
  return Save(s, *w, "report.priority_set");
}

Status HandlingServiceImpl::Classify(const StaffSession& s, const std::string& id,
                                     const std::string& category, const std::string& insider_type) {
  if (!core::IsCategory(category)) return InvalidArgument("category");
  if (!insider_type.empty() && !core::IsInsiderType(insider_type)) {
    return InvalidArgument("insider_type");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return InvalidArgument("status: the report is closed");
  w->row.category = category;
  w->notes.insider_type = insider_type;
  Advance(w->row, ReportStatus::kInProgress);
  return Save(s, *w, "report.classified");
}

Status HandlingServiceImpl::Grade(const StaffSession& s, const std::string& id,
                                  const core::Grade& grade) {
  if (auto bad = core::ValidateGrade(grade); !bad.empty()) return InvalidArgument(bad);
  if (grade.conditions.size() > limits::kShortFieldMax * 4 ||
      !text::IsValidUtf8(grade.conditions)) {
    return InvalidArgument("conditions");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return InvalidArgument("status: the report is closed");
  w->notes.grade = grade;
  Advance(w->row, ReportStatus::kInProgress);
  return Save(s, *w, "report.graded");
}

Status HandlingServiceImpl::Close(const StaffSession& s, const std::string& id,
                                  const std::string& reason, const std::string& note) {
  if (!core::IsCloseReason(reason)) return InvalidArgument("reason");
  if (!core::CheckText(note, limits::kMessageMax, false).empty()) return InvalidArgument("note");
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return InvalidArgument("status: the report is closed");
  w->notes.close_reason = reason;
  w->notes.close_note = note;
  w->row.closed_on = today_();
  w->row.status = std::string(core::ToString(ReportStatus::kClosed));
  return Save(s, *w, "report.closed");
}

Result<std::string> HandlingServiceImpl::PhoneIntake(const StaffSession& s,
                                                     core::ReportSubmission sub) {
  if (auto st = CheckReader(s); !st.ok()) return st.error();
  auto errs = core::ValidateSubmission(sub, reporting_->ports());
  if (!errs.empty()) return InvalidArgument(errs.front().field);
  std::promise<Result<std::string>> p;
  auto f = p.get_future();
  reporting_->Submit(std::move(sub), {},
                     [&p](Result<std::string> r) { p.set_value(std::move(r)); });
  auto receipt = f.get();
  if (!receipt.ok()) return receipt.error();
  // The audit names no report: linking the handler to the new report id
  // would tie the call to the report for anyone reading the log.
  if (auto st = Audit(s, "report.phone_intake", ""); !st.ok()) return st.error();
  return receipt;
}

}  // namespace portsafe::service
