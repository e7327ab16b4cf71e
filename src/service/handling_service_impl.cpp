#include "service/handling_service_impl.h"

#include <map>

#include <algorithm>
#include <boost/json.hpp>

#include <future>
#include <limits>
#include <sstream>
#include "common/json_fields.h"
#include "common/log.h"

#include "core/category.h"
#include "core/limits.h"
#include "core/reference.h"
#include "core/report_status.h"
#include "core/role.h"
#include "core/routing.h"
#include "core/text.h"
#include "crypto/file_cipher.h"
#include "crypto/report_cipher.h"
#include "crypto/service_sealer.h"
#include "crypto/sodium.h"
#include "service/accounts.h"
#include "service/identifying_context.h"
#include "service/report_codec.h"
#include "service/reporting_service_impl.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

using core::ReportStatus;

// Marks each warning whose id is in `acknowledged`; answers how many are
// not.
size_t MarkAcknowledged(std::vector<core::Finding>& warnings,
                        const std::vector<std::string>& acknowledged) {
  size_t open = 0;
  for (auto& f : warnings) {
    f.acknowledged =
        std::find(acknowledged.begin(), acknowledged.end(), f.id) != acknowledged.end();
    if (!f.acknowledged) ++open;
  }
  return open;
}

// The one way a handling action changes a report's status: towards `to`,
// through "in progress" when needed, as the status machine
// (core::CanTransition) allows; else the status is left and the action
// refused (field "status").
[[nodiscard]] Status MoveTo(store::HandlingRow& row, ReportStatus to) {
  const ReportStatus from = row.status;
  if (from == to) return Status::Ok();
  if (!core::CanTransition(from, to)) {
    if (!core::CanTransition(from, ReportStatus::kInProgress) ||
        !core::CanTransition(ReportStatus::kInProgress, to)) {
      return InvalidField("status", "The report cannot go from " +
                                        std::string(core::ToString(from)) + " to " +
                                        std::string(core::ToString(to)) + ".");
    }
  }
  row.status = to;
  return Status::Ok();
}

// Work on the report itself (priority, category, grade, sanitised text): a
// new report goes into progress, but one waiting for the reporter's answer
// keeps waiting, so the reporter is still asked.
[[nodiscard]] Status MoveForWork(store::HandlingRow& row) {
  if (row.status == ReportStatus::kWaitingForReporter) return Status::Ok();
  return MoveTo(row, ReportStatus::kInProgress);
}

bool IsClosed(const store::HandlingRow& row) { return row.status == ReportStatus::kClosed; }

bool Is(const store::HandlingRow& row, ReportStatus s) { return row.status == s; }

// Whether a handler may change the report. While it awaits approval the
// package is frozen, so that the supervisor approves exactly what they read:
// every change is refused until the supervisor sends it back (or approves
// it). A closed report takes no change at all.
Status CheckEditable(const store::HandlingRow& row) {
  if (Is(row, ReportStatus::kClosed)) return InvalidField("status", "The report is closed.");
  if (Is(row, ReportStatus::kAwaitingApproval)) {
    return InvalidField("status",
                        "The package waits for a supervisor: it changes only once they send it "
                        "back.");
  }
  return Status::Ok();
}

std::vector<core::RoutingAgency> ForRouting(const std::vector<store::AgencyRow>& agencies) {
  std::vector<core::RoutingAgency> out;
  for (const auto& a : agencies) {
    core::RoutingAgency r{a.code, a.kind, {}};
    std::istringstream ports(a.ports);
    for (std::string p; ports >> p;) r.ports.push_back(p);
    out.push_back(std::move(r));
  }
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// A field the staff member got wrong, with what to do about it.
Error BadField(const std::string& field) {
  static const std::map<std::string, std::string, std::less<>> kWhat = {
      {"text", "Write a message (at most 10,000 characters)."},
      {"source", "Choose all three parts of the grade."},
      {"intelligence", "Choose all three parts of the grade."},
      {"handling", "Choose all three parts of the grade."},
      {"conditions", "Handling code C needs its conditions written down; code P takes none."},
      {"reason", "Choose why the report is closed."},
      {"note", "The note is too long (at most 10,000 characters) or not text."},
      {"category", "Set a known category."},
      {"insider_type", "Choose a known kind of insider, or none."},
      {"sanitised", "Write the sanitised intelligence report first (at most 20,000 characters)."},
      {"grade", "Grade the report (all three parts) before asking for approval."},
      {"recipients", "Choose at least one agency to send the package to."},
      {"comment", "Say what the handler should change."},
  };
  auto it = kWhat.find(field);
  return InvalidField(field, it != kWhat.end() ? it->second : "Check the form: " + field + ".");
}

// The report's state does not allow the action (field "status").
Error BadState(std::string why) { return InvalidField("status", std::move(why)); }

}  // namespace

HandlingServiceImpl::HandlingServiceImpl(store::Store* store, store::StaffStore* staff,
                                         AuditLog* audit, ReportingService* reporting,
                                         const Clock* clock, Notifier* notifier, LinkService* links,
                                         const std::vector<core::PortGroup>* groups,
                                         const RowSeal* seal)
    : store_(store),
      staff_(staff),
      audit_(audit),
      reporting_(reporting),
      clock_(clock),
      notifier_(notifier),
      links_(links),
      groups_(groups),
      seal_(seal) {}

std::vector<core::Finding> HandlingServiceImpl::CheckDraft(std::string_view original,
                                                           std::string_view draft) const {
  static const std::vector<core::PortGroup> kNone;
  return CheckIdentifying(original, draft, reporting_->ports(), groups_ ? *groups_ : kNone,
                          *clock_);
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
  q.priority = row.priority;
  q.category = row.category;
  q.port_code = row.port_code;
  q.facility_code = row.facility_code;
  q.received_on = row.received_on;
  const std::string today = clock_->Today();
  q.age_days = std::max(0, core::DaysBetween(row.received_on, today).value_or(0));
  for (const auto& u : users) {
    if (u.id == row.assigned_to) q.assigned_to = u.email;
  }
  q.reporter_replied = row.last_message_by == "reporter";
  q.agency_question = row.agency_waiting;
  q.clocks = core::ComputeClocks(row.received_on, row.acknowledged_on, row.feedback_on, today);
  if (IsClosed(row)) q.clocks.ack_breached = q.clocks.feedback_breached = false;
  return q;
}

namespace {

// Where a page of the queue ends, as the cursor `next` spells it:
//   by priority  "p" level segment "." received_on "." id, e.g.
//                "p2a.2026-11-01.<32 hex digits>": level 2 (threat to life),
//                segment a (the raised reports) or b (the rest);
//   by age       "a." received_on "." id.
struct QueuePos {
  int level = 2;
  bool raised = true;  // segment a
  std::string received_on;
  std::string id;
};

std::optional<QueuePos> ParseQueueCursor(std::string_view c, QueueSort sort) {
  QueuePos pos;
  std::string_view rest;
  if (sort == QueueSort::kPriority) {
    if (c.size() < 4 || c[0] != 'p' || c[1] < '0' || c[1] > '2' || (c[2] != 'a' && c[2] != 'b') ||
        c[3] != '.') {
      return std::nullopt;
    }
    pos.level = c[1] - '0';
    pos.raised = c[2] == 'a';
    rest = c.substr(4);
  } else {
    if (c.size() < 2 || c.substr(0, 2) != "a.") return std::nullopt;
    rest = c.substr(2);
  }
  if (rest.size() != 10 + 1 + 32 || rest[10] != '.') return std::nullopt;
  pos.received_on = std::string(rest.substr(0, 10));
  pos.id = std::string(rest.substr(11));
  if (!core::IsDate(pos.received_on) || !crypto::IsLowerHex(pos.id)) return std::nullopt;
  return pos;
}

std::string QueueCursor(const QueuePos& p, QueueSort sort) {
  if (sort == QueueSort::kAge) return "a." + p.received_on + "." + p.id;
  return std::string("p") + static_cast<char>('0' + p.level) + (p.raised ? 'a' : 'b') + "." +
         p.received_on + "." + p.id;
}

// The rows of several statuses merged in (received_on, id) order, each
// status read a page at a time from where the last page ended.
class MergedRows {
 public:
  MergedRows(store::StaffStore* staff, const std::vector<core::ReportStatus>& statuses,
             std::optional<core::Priority> priority, const std::string& received_on,
             const std::string& id, size_t batch)
      : staff_(staff) {
    for (auto st : statuses) {
      Stream s;
      s.q.status = st;
      s.q.priority = priority;
      s.q.after_received_on = received_on;
      s.q.after_id = id;
      s.q.limit = batch;
      streams_.push_back(std::move(s));
    }
  }
  // The next row, or nullopt when every status is done.
  Result<std::optional<store::HandlingRow>> Next() {
    Stream* best = nullptr;
    for (auto& s : streams_) {
      if (s.at == s.rows.size() && !s.done) {
        auto page = staff_->ListQueuePage(s.q);
        if (!page.ok()) return page.error();
        s.rows = std::move(*page);
        s.at = 0;
        s.done = s.rows.size() < s.q.limit;
        if (!s.rows.empty()) {
          s.q.after_received_on = s.rows.back().received_on;
          s.q.after_id = s.rows.back().report_id;
        }
      }
      if (s.at == s.rows.size()) continue;
      if (best == nullptr ||
          std::tie(s.rows[s.at].received_on, s.rows[s.at].report_id) <
              std::tie(best->rows[best->at].received_on, best->rows[best->at].report_id)) {
        best = &s;
      }
    }
    if (best == nullptr) return std::optional<store::HandlingRow>();
    return std::optional<store::HandlingRow>(std::move(best->rows[best->at++]));
  }

 private:
  struct Stream {
    store::QueuePageQuery q;
    std::vector<store::HandlingRow> rows;
    size_t at = 0;
    bool done = false;
  };
  store::StaffStore* staff_;
  std::vector<Stream> streams_;
};

}  // namespace

namespace {

// Whether `row` is what the queue's filter asks for.
bool Matches(const store::HandlingRow& row, const QueueFilter& f, const OpenLinkGraph* graph,
             const std::string& today) {
  if (!f.port_code.empty() && row.port_code != f.port_code) return false;
  if (!f.facility_code.empty() && row.facility_code != f.facility_code) return false;
  if (!f.category.empty() && row.category != f.category) return false;
  if (!f.assigned_to.empty() && row.assigned_to != f.assigned_to) return false;
  if (f.overdue) {
    if (row.status == ReportStatus::kClosed) return false;
    const auto c =
        core::ComputeClocks(row.received_on, row.acknowledged_on, row.feedback_on, today);
    if (!c.ack_breached && !c.feedback_breached) return false;
  }
  if (f.linked && (graph == nullptr || graph->OpenLinks(row.report_id) == 0)) return false;
  return true;
}

}  // namespace

Result<std::vector<std::string>> HandlingServiceImpl::FindByReference(
    const StaffSession& s, const std::string& reference) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  auto tail = core::ReferenceIdTail(reference);
  if (!tail) return InvalidField("reference", "This is not a report's reference.");
  auto ids = staff_->FindReportIdsEndingWith(*tail, 20);
  if (!ids.ok()) return ids.error();
  if (auto st = Audit(s, "reports.found_by_reference", reference); !st.ok()) return st.error();
  return ids;
}

Status HandlingServiceImpl::AssignTo(const StaffSession& s, const std::string& id,
                                     const std::string& user_id) {
  if (auto st = CheckReportReader(s); !st.ok()) return st;
  auto found = staff_->FindUserById(user_id);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return InvalidField("assign_to", "Choose a colleague from the list.");
  const store::UserRow& user = **found;
  auto role = core::ParseRole(user.role);
  if (user.disabled || !role ||
      (*role != core::Role::kHandler && *role != core::Role::kSupervisor)) {
    return InvalidField("assign_to", "Only a handler or supervisor can take a report.");
  }
  auto grants = staff_->ListKeyGrants(user_id);
  if (!grants.ok()) return grants.error();
  if (std::none_of(grants->begin(), grants->end(),
                   [](const store::KeyGrantRow& g) { return g.key_name == kServiceKeyName; })) {
    return InvalidField("assign_to", "That colleague has not been given the key to read reports.");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  w->row.assigned_to = user_id;
  if (auto st = MoveForWork(w->row); !st.ok()) return st;
  return Save(s, *w, "report.assigned");
}

Result<QueuePage> HandlingServiceImpl::Queue(const StaffSession& s, const QueueQuery& q) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  if (q.limit < 1 || q.limit > kMaxQueuePage) {
    return InvalidField("limit",
                        "A page holds 1 to " + std::to_string(kMaxQueuePage) + " reports.");
  }
  QueuePos pos;
  if (!q.after.empty()) {
    auto parsed = ParseQueueCursor(q.after, q.sort);
    if (!parsed) {
      return InvalidField("after", "This is not where a page of this queue ended; start again.");
    }
    pos = std::move(*parsed);
  }
  std::vector<ReportStatus> statuses;
  for (auto st : core::kReportStatuses) {
    if (q.status ? st == *q.status : (st != ReportStatus::kClosed || q.include_closed)) {
      statuses.push_back(st);
    }
  }
  auto wanted_status = [&](ReportStatus st) {
    return std::find(statuses.begin(), statuses.end(), st) != statuses.end();
  };
  if (links_ != nullptr) {
    if (auto st = links_->CatchUpForQueue(s); !st.ok()) return st.error();
  }
  OpenLinkGraph* graph = links_ != nullptr ? links_->open_links() : nullptr;
  auto users = staff_->ListUsers();
  if (!users.ok()) return users.error();

  const std::string today = clock_->Today();
  auto matches = [&](const store::HandlingRow& r) { return Matches(r, q.filter, graph, today); };
  if (q.filter.only) {
    // A reference or an identifier searched for: those reports, at once.
    auto found = staff_->FindHandlingOf(*q.filter.only);
    if (!found.ok()) return found.error();
    std::vector<store::HandlingRow> kept;
    for (auto& r : *found) {
      if (wanted_status(r.status) && matches(r)) kept.push_back(std::move(r));
    }
    std::sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
      if (q.sort == QueueSort::kPriority && a.priority != b.priority) {
        return a.priority > b.priority;
      }
      if (a.received_on != b.received_on) return a.received_on < b.received_on;
      return a.report_id < b.report_id;
    });
    if (kept.size() > q.limit) kept.resize(q.limit);
    QueuePage page;
    for (const auto& row : kept) {
      QueueItem item = ItemFor(row, *users);
      if (graph != nullptr) item.linked_open = graph->OpenLinks(row.report_id);
      page.items.push_back(std::move(item));
    }
    if (auto st = Audit(s, "queue.read", ""); !st.ok()) return st.error();
    return page;
  }

  const size_t need = q.limit + 1;  // one more tells whether a next page exists
  std::vector<std::pair<store::HandlingRow, QueuePos>> rows;
  // A page looks at no more than kExamined reports, whatever it passes over
  // (raised reports of another status, or read again in segment b to be
  // skipped): past that it ends short, `next` where it stopped.
  const size_t kExamined = examined_per_page_;
  size_t examined = 0;
  std::optional<QueuePos> stopped;
  auto take_merged = [&](std::optional<core::Priority> priority, QueuePos from) -> Status {
    MergedRows merged(staff_, statuses, priority, from.received_on, from.id, need);
    while (rows.size() < need && !stopped) {
      auto row = merged.Next();
      if (!row.ok()) return row.error();
      if (!row->has_value()) break;
      auto& r = **row;
      from.received_on = r.received_on;
      from.id = r.report_id;
      // A raised report was listed in segment a of its priority; one the
      // filter leaves out counts as looked at.
      if ((priority && graph != nullptr && !IsClosed(r) && graph->Raised(r.report_id, *priority)) ||
          !matches(r)) {
        if (++examined >= kExamined) stopped = from;
        continue;
      }
      ++examined;
      rows.emplace_back(std::move(r), from);
    }
    return Status::Ok();
  };

  if (q.sort == QueueSort::kAge) {
    if (auto st = take_merged(std::nullopt, pos); !st.ok()) return st.error();
  } else {
    for (int level = pos.level; level >= 0 && rows.size() < need && !stopped; --level) {
      const auto priority = static_cast<core::Priority>(level);
      QueuePos from = level == pos.level ? pos : QueuePos{level, true, "", ""};
      from.level = level;
      if (from.raised && graph != nullptr) {
        // Segment a: the raised reports of this priority, as the graph
        // orders them, each checked against its row as it is now.
        for (bool more = true; more && rows.size() < need && !stopped;) {
          const size_t ask = need - rows.size() + 8;
          auto raised = graph->RaisedAfter(priority, from.received_on, from.id, ask);
          more = raised.size() == ask;
          std::vector<std::string> ids;
          for (const auto& r : raised) ids.push_back(r.second);
          auto found = staff_->FindHandlingOf(ids);
          if (!found.ok()) return found.error();
          std::map<std::string, store::HandlingRow> by_id;
          for (auto& h : *found) by_id.emplace(h.report_id, std::move(h));
          for (const auto& [received_on, id] : raised) {
            from.received_on = received_on;
            from.id = id;
            auto it = by_id.find(id);
            if (it == by_id.end() || IsClosed(it->second) || it->second.priority != priority ||
                !wanted_status(it->second.status) || !matches(it->second)) {
              if (++examined >= kExamined) {
                stopped = from;
                break;
              }
              continue;
            }
            ++examined;
            rows.emplace_back(std::move(it->second), from);
            if (rows.size() == need) break;
          }
        }
        if (stopped) break;
        from = QueuePos{level, false, "", ""};
      }
      from.raised = false;
      if (rows.size() < need) {
        if (auto st = take_merged(priority, from); !st.ok()) return st.error();
      }
    }
  }

  QueuePage page;
  if (rows.size() > q.limit) {
    rows.resize(q.limit);
    page.next = QueueCursor(rows.back().second, q.sort);
  } else if (stopped) {
    page.next = QueueCursor(*stopped, q.sort);  // a short page: more may follow
  }
  for (const auto& [row, at] : rows) {
    QueueItem item = ItemFor(row, *users);
    if (graph != nullptr) item.linked_open = graph->OpenLinks(row.report_id);
    page.items.push_back(std::move(item));
  }
  if (auto st = Audit(s, "queue.read", ""); !st.ok()) return st.error();
  return page;
}

Result<std::vector<std::pair<ReportStatus, std::int64_t>>> HandlingServiceImpl::QueueCounts(
    const StaffSession& s, std::int64_t cap) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  std::vector<std::pair<ReportStatus, std::int64_t>> out;
  for (auto st : core::kReportStatuses) {
    auto n = staff_->CountStatus(st, cap);
    if (!n.ok()) return n.error();
    out.emplace_back(st, *n);
  }
  return out;
}

Result<std::vector<store::OutcomeCountRow>> HandlingServiceImpl::OutcomeCounts(
    const StaffSession& s) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  return staff_->CountOutcomes();
}

Result<HandlingServiceImpl::Work> HandlingServiceImpl::Load(const StaffSession& s,
                                                            const std::string& id) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  auto row = staff_->FindHandling(id);
  if (!row.ok()) return row.error();
  auto report = staff_->FindReportById(id);
  if (!report.ok()) return report.error();
  auto key =
      crypto::OpenServiceSealed(*s.service_key, s.retired_service_keys, id, report->sealed_key);
  if (!key.ok()) return Internal("the report's key does not open with the service key");
  Work w{std::move(*row), std::move(*report), std::move(*key), {}};
  if (!w.row.sealed.empty()) {
    auto notes = crypto::OpenReportField(w.content_key, id, "handling", w.row.sealed);
    if (!notes.ok()) return Internal("handling notes do not decrypt");
    auto parsed = ParseHandlingNotes(notes->view());
    if (!parsed.ok()) return parsed.error();
    w.notes = std::move(*parsed);
  }
  return w;
}

void HandlingServiceImpl::KeepGraph(const store::HandlingRow& row) {
  if (links_ == nullptr) return;
  // Saving stored version + 1.
  const QueueKey key{!IsClosed(row), row.priority, row.received_on, row.version + 1};
  links_->open_links()->SetKey(row.report_id, key);
  links_->near_duplicates()->SetKey(row.report_id, key);
}

Status HandlingServiceImpl::Save(const StaffSession& s, Work& w, std::string_view action) {
  w.row.sealed = crypto::SealReportField(w.content_key, w.row.report_id, "handling",
                                         HandlingNotesJson(w.notes));
  if (auto st = staff_->SaveHandling(w.row); !st.ok()) return st;
  KeepGraph(w.row);
  return Audit(s, action, w.row.report_id);
}

Result<HandlerReport> HandlingServiceImpl::Open(const StaffSession& s, const std::string& id) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  auto view = Decrypt(*w);
  if (!view.ok()) return view.error();
  auto users = staff_->ListUsers();
  if (!users.ok()) return users.error();
  // Audit before answering: a read that cannot be logged is not served.
  if (auto st = Audit(s, "report.read", id); !st.ok()) return st.error();
  auto history = audit_->EntriesFor(id);
  if (!history.ok()) return history.error();
  auto agencies = staff_->ListAgencies();
  if (!agencies.ok()) return agencies.error();
  auto packages = PackagesFor(s, id, *agencies);
  if (!packages.ok()) return packages.error();
  HandlerReport out;
  out.item = ItemFor(w->row, *users);
  for (const auto& u : *users) {
    const auto role = core::ParseRole(u.role);
    if (u.disabled || !role ||
        (*role != core::Role::kHandler && *role != core::Role::kSupervisor)) {
      continue;
    }
    out.colleagues.emplace_back(u.id, u.email);
  }
  std::sort(out.colleagues.begin(), out.colleagues.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  if (!w->notes.sanitised.empty()) {
    out.warnings = CheckDraft(ReporterText(*view), w->notes.sanitised);
    MarkAcknowledged(out.warnings, w->notes.acknowledged);
  }
  out.report = std::move(*view);
  out.notes = w->notes;
  out.history = std::move(*history);
  out.packages = std::move(*packages);
  const auto proposed =
      core::ProposeRecipients(w->row.port_code, w->row.category, ForRouting(*agencies));
  const auto& chosen = w->notes.recipients.empty() ? proposed : w->notes.recipients;
  for (const auto& a : *agencies) {
    out.agencies.push_back({a.code, a.name, a.kind, Has(proposed, a.code), Has(chosen, a.code)});
  }
  out.can_approve = s.role == core::Role::kSupervisor &&
                    Is(w->row, ReportStatus::kAwaitingApproval) &&
                    w->notes.submitted_by != s.user_id;
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
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  w->row.assigned_to = s.user_id;
  if (auto st = MoveTo(w->row, ReportStatus::kInProgress); !st.ok()) return st;
  return Save(s, *w, "report.assigned");
}

Status HandlingServiceImpl::MessageReporter(const StaffSession& s, const std::string& id,
                                            const std::string& text, bool feedback) {
  if (!core::CheckText(text, limits::kMessageMax, true).empty()) {
    return BadField("text");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  // A question waits for the reporter's answer; feedback ("passed to the
  // police") asks nothing, so the reporter is not told to answer: a new
  // report is then in progress, any other keeps its status.
  if (auto st = !feedback                        ? MoveTo(w->row, ReportStatus::kWaitingForReporter)
                : Is(w->row, ReportStatus::kNew) ? MoveTo(w->row, ReportStatus::kInProgress)
                                                 : Status::Ok();
      !st.ok()) {
    return st;
  }
  store::MessageRow m;
  m.report_id = id;
  m.author = "service";
  m.sent_on = clock_->Today();
  m.body = crypto::SealReportField(w->content_key, id, "msg", text);
  std::promise<Status> p;
  auto f = p.get_future();
  store_->AppendMessage(std::move(m), [&p](Status st) { p.set_value(std::move(st)); });
  if (auto st = f.get(); !st.ok()) return st;
  if (w->row.acknowledged_on.empty()) w->row.acknowledged_on = clock_->Today();
  if (feedback && w->row.feedback_on.empty()) w->row.feedback_on = clock_->Today();
  return Save(s, *w, feedback ? "reporter.feedback_sent" : "reporter.messaged");
}

Status HandlingServiceImpl::SetPriority(const StaffSession& s, const std::string& id,
                                        core::Priority priority) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  w->row.priority = priority;
  if (auto st = MoveForWork(w->row); !st.ok()) return st;
  return Save(s, *w, "report.priority_set");
}

Status HandlingServiceImpl::Classify(const StaffSession& s, const std::string& id,
                                     const std::string& category, const std::string& insider_type) {
  if (!core::IsCategory(category)) return BadField("category");
  if (!insider_type.empty() && !core::IsInsiderType(insider_type)) {
    return BadField("insider_type");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  // A category with a path of its own (an approach) is the reporter's
  // choice of path: staff neither give it to another report nor need to.
  if (category != w->row.category) {
    for (const auto& c : core::Categories()) {
      if (c.key == category && c.own_path) return BadField("category");
    }
  }
  w->row.category = category;
  if (w->notes.insider_type != insider_type) {
    // The insider type is sealed, so the store cannot count it: the figures
    // get the change here (a count by facility and month, never the report).
    const std::string month = w->row.received_on.substr(0, 7);
    w->row.tallies.push_back({"insider", month, w->notes.insider_type, -1});
    w->row.tallies.push_back({"insider", month, insider_type, 1});
  }
  w->notes.insider_type = insider_type;
  if (auto st = MoveForWork(w->row); !st.ok()) return st;
  return Save(s, *w, "report.classified");
}

Status HandlingServiceImpl::Grade(const StaffSession& s, const std::string& id,
                                  const core::Grade& grade) {
  if (auto bad = core::ValidateGrade(grade); !bad.empty()) return BadField(bad);
  if (grade.conditions.size() > limits::kShortFieldMax * 4 ||
      !text::IsValidUtf8(grade.conditions)) {
    return BadField("conditions");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  w->notes.grade = grade;
  if (auto st = MoveForWork(w->row); !st.ok()) return st;
  return Save(s, *w, "report.graded");
}

Status HandlingServiceImpl::Close(const StaffSession& s, const std::string& id,
                                  const std::string& reason, const std::string& note) {
  return CloseAs(s, id, reason, note, "report.closed");
}

Result<GroupList> HandlingServiceImpl::NearDuplicateGroups(const StaffSession& s, size_t limit) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  if (limit < 1 || limit > kMaxGroupsListed) return BadField("limit");
  GroupList out;
  if (links_ != nullptr) {
    if (auto st = links_->CatchUpForQueue(s); !st.ok()) return st.error();
    out.complete = links_->near_duplicates()->loaded();
    out.groups = links_->near_duplicates()->Groups(limit);
  }
  if (auto st = Audit(s, "groups.read", ""); !st.ok()) return st.error();
  return out;
}

Result<GroupClosed> HandlingServiceImpl::CloseGroup(const StaffSession& s,
                                                    const std::string& group_id,
                                                    const std::string& as_seen,
                                                    const std::string& reason,
                                                    const std::string& note) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  if (!core::IsCloseReason(reason)) return BadField("reason");
  if (!core::CheckText(note, limits::kMessageMax, false).empty()) return BadField("note");
  if (links_ == nullptr) return NotFound("That report is in no group.");
  NearDuplicates* groups = links_->near_duplicates();
  if (!groups->loaded()) {
    return Unavailable("The groups are still being worked out: try again in a minute.");
  }
  std::int64_t total = 0;
  std::string now_seen;
  // Every member, to look at their rows (a group is at most what is open).
  const std::vector<std::string> members =
      groups->Members(group_id, std::numeric_limits<size_t>::max(), &total, &now_seen);
  if (members.empty()) return NotFound("That report is in no group.");
  if (members.front() != group_id || now_seen != as_seen) {
    return AlreadyExists("The group has changed since you looked at it: look at it again.");
  }
  // Only new reports nobody has taken: a report being handled is its
  // handler's to close, whatever it looks like.
  // Each with the version it was read at: one taken meanwhile is left.
  std::vector<std::pair<std::string, std::int64_t>> to_close;
  GroupClosed out;
  constexpr size_t kBatch = 512;
  for (size_t at = 0; at < members.size(); at += kBatch) {
    const auto from = members.begin() + static_cast<std::ptrdiff_t>(at);
    const std::vector<std::string> batch(
        from, from + static_cast<std::ptrdiff_t>(std::min(kBatch, members.size() - at)));
    auto rows = staff_->FindHandlingOf(batch);
    if (!rows.ok()) return rows.error();
    std::map<std::string, const store::HandlingRow*> by_id;
    for (const auto& r : *rows) by_id[r.report_id] = &r;
    for (const auto& id : batch) {
      auto r = by_id.find(id);
      if (r == by_id.end()) {
        ++out.skipped;  // purged meanwhile
        groups->Remove(id);
      } else if (r->second->status == ReportStatus::kClosed) {
        ++out.skipped;  // closed where this node's groups did not hear of it
        groups->SetKey(id,
                       {false, r->second->priority, r->second->received_on, r->second->version});
      } else if (r->second->status != ReportStatus::kNew || !r->second->assigned_to.empty()) {
        ++out.being_handled;
      } else if (to_close.size() < kMaxGroupClose) {
        to_close.emplace_back(id, r->second->version);
      } else {
        ++out.left;
      }
    }
  }
  Status stopped = Status::Ok();
  for (const auto& [id, version] : to_close) {
    auto st = CloseAs(s, id, reason, note, "report.closed_in_group", version);
    if (st.ok()) {
      ++out.closed;
    } else if (st.error().code() == ErrorCode::kAlreadyExists ||
               st.error().code() == ErrorCode::kNotFound ||
               (st.error().code() == ErrorCode::kInvalidArgument &&
                st.error().field() == "status")) {
      ++out.skipped;  // taken, changed, purged or closed by someone else meanwhile
    } else if (st.error().code() == ErrorCode::kUnavailable) {
      stopped = st;  // the store is busy or down: the rest would fail too
      break;
    } else {
      ++out.failed;  // damaged: left for a handler to look at
    }
  }
  if (out.failed > 0) {
    log::Warn("reports of a group could not be closed", {{"reports", out.failed}});
  }
  if (auto st = Audit(s, "group.closed", group_id); !st.ok()) return st.error();
  if (!stopped.ok()) return stopped.error();
  return out;
}

Status HandlingServiceImpl::CloseAs(const StaffSession& s, const std::string& id,
                                    const std::string& reason, const std::string& note,
                                    std::string_view action,
                                    std::optional<std::int64_t> only_version) {
  if (!core::IsCloseReason(reason)) return BadField("reason");
  if (!core::CheckText(note, limits::kMessageMax, false).empty()) return BadField("note");
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (only_version && w->row.version != *only_version) {
    return AlreadyExists("The report changed since it was read.");
  }
  if (IsClosed(w->row)) return BadState("The report is closed.");
  w->notes.close_reason = reason;
  w->notes.close_note = note;
  w->row.closed_on = clock_->Today();
  if (auto st = MoveTo(w->row, ReportStatus::kClosed); !st.ok()) return st;
  return Save(s, *w, action);
}

Result<std::string> HandlingServiceImpl::PhoneIntake(const StaffSession& s,
                                                     core::ReportSubmission sub) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  auto errs = core::ValidateSubmission(sub, reporting_->ports());
  if (!errs.empty()) {
    return InvalidField(errs.front().field, "Check the form: " + errs.front().field + ".")
        .WithKey(errs.front().message_key);
  }
  std::promise<Result<std::string>> p;
  auto f = p.get_future();
  reporting_->Submit(std::move(sub), {}, [&p](Result<Submitted> r) {
    p.set_value(r.ok() ? Result<std::string>(r->receipt) : Result<std::string>(r.error()));
  });
  auto receipt = f.get();
  if (!receipt.ok()) return receipt.error();
  // The audit names no report: linking the handler to the new report id
  // would tie the call to the report for anyone reading the log.
  if (auto st = Audit(s, "report.phone_intake", ""); !st.ok()) return st.error();
  return receipt;
}

Result<ReportView> HandlingServiceImpl::Decrypt(const Work& w) {
  auto msgs = store_->ListMessages(w.row.report_id);
  if (!msgs.ok()) return msgs.error();
  auto files = store_->ListFiles(w.row.report_id, false);
  if (!files.ok()) return files.error();
  return DecryptReport(w.report, w.content_key, *msgs, *files);
}

Result<std::vector<PackageView>> HandlingServiceImpl::PackagesFor(
    const StaffSession& s, const std::string& id, const std::vector<store::AgencyRow>& agencies) {
  auto rows = staff_->ListPackagesForReport(id);
  if (!rows.ok()) return rows.error();
  std::vector<PackageView> out;
  for (const auto& p : *rows) {
    PackageView v;
    v.id = p.id;
    v.agency_code = p.agency_code;
    for (const auto& a : agencies) {
      if (a.code == p.agency_code) v.agency_name = a.name;
    }
    v.sent_on = p.sent_on;
    v.acknowledged_on = p.acknowledged_on;
    if (!p.outcome_for_service.empty()) {
      auto o = OpenForPackage(*s.service_key, s.retired_service_keys, p.id, "outcome",
                              p.outcome_for_service);
      if (!o.ok()) return o.error();
      auto parsed = ParseOutcome(*o);
      if (!parsed.ok()) return parsed.error();
      v.outcome = std::move(*parsed);
    }
    auto msgs = staff_->ListPackageMessages(p.id);
    if (!msgs.ok()) return msgs.error();
    for (const auto& m : *msgs) {
      auto text =
          OpenForPackage(*s.service_key, s.retired_service_keys, p.id, "message", m.for_service);
      if (!text.ok()) return text.error();
      v.messages.push_back({m.author, m.sent_on, std::move(*text)});
    }
    v.question_open = p.last_message_by == "agency";
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<core::Finding>> HandlingServiceImpl::SaveSanitised(const StaffSession& s,
                                                                      const std::string& id,
                                                                      const std::string& text) {
  if (!core::CheckText(text, limits::kDescriptionMax, false).empty()) {
    return BadField("sanitised");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (auto st = CheckEditable(w->row); !st.ok()) return st.error();
  auto view = Decrypt(*w);
  if (!view.ok()) return view.error();
  w->notes.sanitised = text;
  if (auto st = MoveForWork(w->row); !st.ok()) return st.error();
  if (auto st = Save(s, *w, "report.sanitised"); !st.ok()) return st.error();
  return CheckDraft(ReporterText(*view), text);
}

Status HandlingServiceImpl::SubmitForApproval(const StaffSession& s, const std::string& id,
                                              const std::vector<std::string>& recipients,
                                              const std::vector<std::string>& acknowledged) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return BadState("The report is closed.");
  if (w->notes.sanitised.empty()) return BadField("sanitised");
  if (w->notes.grade.empty() || !core::ValidateGrade(w->notes.grade).empty()) {
    return BadField("grade");
  }
  if (!core::IsCategory(w->row.category)) return BadField("category");
  auto agencies = staff_->ListAgencies();
  if (!agencies.ok()) return agencies.error();
  std::vector<std::string> chosen;
  for (const auto& code : recipients) {
    bool known = false;
    for (const auto& a : *agencies) known = known || a.code == code;
    if (!known) return BadField("recipients");
    if (!Has(chosen, code)) chosen.push_back(code);
  }
  if (chosen.empty()) return BadField("recipients");
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  // Each warning on the draft, acknowledged one by one.
  auto view = Decrypt(*w);
  if (!view.ok()) return view.error();
  auto warnings = CheckDraft(ReporterText(*view), w->notes.sanitised);
  const size_t open = MarkAcknowledged(warnings, acknowledged);
  if (open > 0) {
    const std::string n = std::to_string(warnings.size());
    const std::string what =
        warnings.size() == 1 ? "The warning on the sanitised report is not acknowledged yet."
        : open == warnings.size()
            ? "None of the " + n + " warnings on the sanitised report is acknowledged yet."
            : std::to_string(open) + " of the " + n +
                  " warnings on the sanitised report are not acknowledged yet.";
    return InvalidField("warnings", what +
                                        " Tick each warning you checked, under \"Acknowledge "
                                        "each warning\", then ask again.");
  }
  w->notes.acknowledged.clear();
  for (const auto& f : warnings) w->notes.acknowledged.push_back(f.id);
  if (auto st = MoveTo(w->row, ReportStatus::kAwaitingApproval); !st.ok()) return st;
  w->notes.recipients = std::move(chosen);
  w->notes.submitted_by = s.user_id;
  if (auto st = Save(s, *w, "report.submitted_for_approval"); !st.ok()) return st;
  if (notifier_) notifier_->Notify(Notice::kApprovalRequested, "");
  return Status::Ok();
}

Status HandlingServiceImpl::ChooseAttachments(const StaffSession& s, const std::string& id,
                                              const std::vector<std::int64_t>& seqs) {
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (IsClosed(w->row)) return BadState("The report is closed.");
  if (auto st = CheckEditable(w->row); !st.ok()) return st;
  auto files = store_->ListFiles(id, false);
  if (!files.ok()) return files.error();
  std::vector<std::int64_t> chosen;
  for (auto seq : seqs) {
    const store::FileRow* file = nullptr;
    for (const auto& f : *files) {
      if (f.seq == seq) file = &f;
    }
    if (file == nullptr) return BadField("attachments");
    // Only a cleaned file goes to an agency: one kept as sent (stored before
    // files were cleaned) may hold its name, places and times.
    auto meta = crypto::OpenReportField(w->content_key, id, "file-meta", file->sealed_meta);
    if (!meta.ok()) return Internal("file metadata does not decrypt");
    auto fv = ParseFileMeta(meta->view());
    if (!fv.ok()) return fv.error();
    if (!fv->reencoded) {
      return InvalidField("attachments", "Only cleaned files can go with a package; file " +
                                             std::to_string(seq) + " was kept as sent.");
    }
    if (std::find(chosen.begin(), chosen.end(), seq) == chosen.end()) chosen.push_back(seq);
  }
  std::sort(chosen.begin(), chosen.end());
  if (chosen == w->notes.attachments) return Status::Ok();
  w->notes.attachments = std::move(chosen);
  return Save(s, *w, "report.attachments_chosen");
}

Status HandlingServiceImpl::Approve(const StaffSession& s, const std::string& id) {
  if (s.role != core::Role::kSupervisor) return PermissionDenied("only a supervisor approves");
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (!Is(w->row, ReportStatus::kAwaitingApproval)) {
    return BadState("Nothing waits for approval.");
  }
  if (w->notes.submitted_by == s.user_id) {
    return PermissionDenied("a second person approves: you submitted this package");
  }
  auto agencies = staff_->ListAgencies();
  if (!agencies.ok()) return agencies.error();
  const std::string today = clock_->Today();
  // The chosen files: each one's key and metadata, opened with the report's
  // content key, to seal to each agency below.
  struct Chosen {
    std::int64_t seq;
    std::string json;  // {"v":1,"seq","name","type","size","key"}
  };
  std::vector<Chosen> chosen;
  if (!w->notes.attachments.empty()) {
    auto files = store_->ListFiles(id, false);
    if (!files.ok()) return files.error();
    for (auto seq : w->notes.attachments) {
      const store::FileRow* f = nullptr;
      for (const auto& x : *files) {
        if (x.seq == seq) f = &x;
      }
      if (f == nullptr) return BadField("attachments");
      auto meta = crypto::OpenReportField(w->content_key, id, "file-meta", f->sealed_meta);
      auto fkey = crypto::OpenReportField(w->content_key, id, "file-key", f->wrapped_key);
      if (!meta.ok() || !fkey.ok()) return Internal("file key does not decrypt");
      auto fv = ParseFileMeta(meta->view());
      if (!fv.ok()) return fv.error();
      if (!fv->reencoded) return BadField("attachments");  // as ChooseAttachments refuses
      chosen.push_back({seq, PackageFileJson({seq, fv->name, fv->content_type, fv->size}, *fkey)});
    }
  }
  std::vector<store::PackageRow> packages;
  for (const auto& code : w->notes.recipients) {
    const store::AgencyRow* agency = nullptr;
    for (const auto& a : *agencies) {
      if (a.code == code) agency = &a;
    }
    if (agency == nullptr) return BadField("recipients");
    if (seal_ == nullptr || !seal_->AgencyIntact(*agency)) {
      // Its public key (or ports) changed in the database: the package
      // could go to whoever changed it. Nothing is sent to anyone.
      (void)audit_->Append(
          {s.user_id, std::string(core::ToString(s.role)), "package.refused_changed_agency", code});
      return PermissionDenied("the agency " + code +
                              "'s record was changed outside PortSafe, so nothing was sent; "
                              "tell the programme administrator");
    }
    PackageContent c;
    c.package_id = crypto::ToHex(crypto::RandomBytes(8));
    c.category = w->row.category;
    c.insider_type = w->notes.insider_type;
    c.priority = w->row.priority;
    c.port_code = w->row.port_code;
    c.facility_code = w->row.facility_code;
    c.received_month = w->row.received_on.substr(0, 7);
    c.sent_on = today;
    c.grade = w->notes.grade;
    c.text = w->notes.sanitised;
    store::PackageRow row;
    row.id = c.package_id;
    row.report_id = id;
    row.agency_code = code;
    row.sent_on = today;
    row.sealed = SealForPackage(agency->public_key, row.id, "package", PackageJson(c));
    for (const auto& f : chosen) {
      row.files.push_back(
          {row.id, f.seq, SealForPackage(agency->public_key, row.id, "file", f.json), ""});
    }
    packages.push_back(std::move(row));
  }
  w->notes.review_comment.clear();
  if (auto st = MoveTo(w->row, ReportStatus::kDisseminated); !st.ok()) return st;
  w->row.sealed =
      crypto::SealReportField(w->content_key, id, "handling", HandlingNotesJson(w->notes));
  if (auto st = staff_->Disseminate(w->row, packages); !st.ok()) return st;
  KeepGraph(w->row);
  if (auto st = Audit(s, "report.disseminated", id); !st.ok()) return st;
  for (const auto& p : packages) {
    if (notifier_) notifier_->Notify(Notice::kPackageReceived, p.agency_code);
  }
  return Status::Ok();
}

Status HandlingServiceImpl::SendBack(const StaffSession& s, const std::string& id,
                                     const std::string& comment) {
  if (s.role != core::Role::kSupervisor) return PermissionDenied("only a supervisor sends back");
  if (comment.empty() || !core::CheckText(comment, limits::kMessageMax, false).empty()) {
    return BadField("comment");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  if (!Is(w->row, ReportStatus::kAwaitingApproval)) {
    return BadState("Nothing waits for approval.");
  }
  w->notes.review_comment = comment;
  if (auto st = MoveTo(w->row, ReportStatus::kInProgress); !st.ok()) return st;
  return Save(s, *w, "report.sent_back");
}

Result<AnswerResult> HandlingServiceImpl::AnswerAgency(
    const StaffSession& s, const std::string& id, const std::string& package_id,
    const std::string& text, const std::vector<std::string>& acknowledged) {
  if (text.empty() || !core::CheckText(text, limits::kMessageMax, true).empty()) {
    return BadField("text");
  }
  auto w = Load(s, id);
  if (!w.ok()) return w.error();
  auto package = staff_->FindPackage(package_id);
  if (!package.ok() || package->report_id != id) return NotFound("no such package");
  auto agency = staff_->FindAgency(package->agency_code);
  if (!agency.ok()) return agency.error();
  if (!agency->has_value()) return NotFound("no such agency");
  if (seal_ == nullptr || !seal_->AgencyIntact(**agency)) {
    (void)Audit(s, "package.refused_changed_agency", package->agency_code);
    return PermissionDenied("the agency " + package->agency_code +
                            "'s record was changed outside PortSafe, so nothing was sent; "
                            "tell the programme administrator");
  }
  auto view = Decrypt(*w);
  if (!view.ok()) return view.error();
  AnswerResult out;
  out.warnings = CheckDraft(ReporterText(*view), text);
  if (MarkAcknowledged(out.warnings, acknowledged) > 0) return out;
  store::PackageMessageRow m;
  m.package_id = package_id;
  m.author = "service";
  m.sent_on = clock_->Today();
  m.for_agency = SealForPackage((*agency)->public_key, package_id, "message", text);
  m.for_service = SealForPackage(s.service_key->public_key, package_id, "message", text);
  if (auto st = staff_->AppendPackageMessage(m); !st.ok()) return st.error();
  if (auto st = Audit(
          s, out.warnings.empty() ? "package.answered" : "package.answered_warnings_acknowledged",
          id);
      !st.ok()) {
    return st.error();
  }
  out.sent = true;
  return out;
}

}  // namespace portsafe::service
