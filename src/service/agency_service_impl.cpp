#include "service/agency_service_impl.h"

#include "core/handling.h"
#include "core/limits.h"
#include "core/reference.h"
#include "core/report.h"
#include "core/role.h"
#include "crypto/file_cipher.h"
#include "crypto/sodium.h"
#include "media/package_pdf.h"
#include "service/misp_event.h"
#include "service/reporting_service_impl.h"
#include "service/stix_bundle.h"

namespace portsafe::service {

AgencyServiceImpl::AgencyServiceImpl(store::StaffStore* staff, AuditLog* audit,
                                     std::string service_public_key, const Clock* clock,
                                     Notifier* notifier, const core::PortDirectory* ports)
    : staff_(staff),
      audit_(audit),
      service_public_key_(std::move(service_public_key)),
      clock_(clock),
      notifier_(notifier),
      ports_(ports) {}

Status AgencyServiceImpl::CheckOfficer(const StaffSession& s) const {
  if (s.role != core::Role::kAgency) return PermissionDenied("only agency officers read packages");
  if (!s.agency_key) {
    return PermissionDenied(
        "your account has not been given your agency's key yet; ask a colleague who has it");
  }
  return Status::Ok();
}

Status AgencyServiceImpl::Audit(const StaffSession& s, std::string_view action,
                                const std::string& target) {
  return audit_->Append(
      {s.user_id, std::string(core::ToString(s.role)), std::string(action), target});
}

Result<store::PackageRow> AgencyServiceImpl::Find(const StaffSession& s,
                                                  const std::string& package_id) {
  if (auto st = CheckOfficer(s); !st.ok()) return st.error();
  auto row = staff_->FindPackage(package_id);
  if (!row.ok()) return row.error();
  // Another agency's package answers exactly as a missing one.
  if (row->agency_code != s.agency_code) return NotFound("no such package");
  return row;
}

Result<InboxPage> AgencyServiceImpl::Inbox(const StaffSession& s, const InboxQuery& q) {
  if (auto st = CheckOfficer(s); !st.ok()) return st.error();
  if (q.limit < 1 || q.limit > kMaxInboxPage) {
    return InvalidField("limit",
                        "A page holds 1 to " + std::to_string(kMaxInboxPage) + " packages.");
  }
  // The cursor: "YYYY-MM-DD.<package id>", where the last page ended.
  std::string after_sent_on, after_id;
  if (!q.after.empty()) {
    const size_t dot = q.after.find('.');
    after_sent_on = q.after.substr(0, dot);
    after_id = dot == std::string::npos ? "" : q.after.substr(dot + 1);
    if (!core::IsDate(after_sent_on) || after_id.size() > 64 || !crypto::IsLowerHex(after_id)) {
      return InvalidField("after", "This is not where a page of the inbox ended; start again.");
    }
  }
  auto rows = staff_->ListPackagesForAgency(s.agency_code, after_sent_on, after_id, q.limit + 1);
  if (!rows.ok()) return rows.error();
  InboxPage page;
  auto agency = staff_->FindAgency(s.agency_code);
  if (!agency.ok()) return agency.error();
  page.agency_name = agency->has_value() ? (*agency)->name : s.agency_code;
  if (rows->size() > q.limit) {
    rows->resize(q.limit);
    page.next = rows->back().sent_on + "." + rows->back().id;
  }
  std::vector<InboxItem>& out = page.items;
  for (const auto& r : *rows) {
    auto c = ContentOf(s, r);
    if (!c.ok()) return c.error();
    InboxItem i;
    i.package_id = r.id;
    i.sent_on = r.sent_on;
    i.acknowledged_on = r.acknowledged_on;
    i.category = c->category;
    i.priority = c->priority;
    i.port_code = c->port_code;
    i.grade_code = c->grade.Code();
    i.outcome = r.outcome;
    i.answer_waiting = r.last_message_by == "service";
    out.push_back(std::move(i));
  }
  if (auto st = Audit(s, "inbox.read", ""); !st.ok()) return st.error();
  return page;
}

Result<AgencyPackage> AgencyServiceImpl::Open(const StaffSession& s,
                                              const std::string& package_id) {
  auto row = Find(s, package_id);
  if (!row.ok()) return row.error();
  auto content = ContentOf(s, *row);
  if (!content.ok()) return content.error();
  AgencyPackage out;
  out.content = std::move(*content);
  out.acknowledged_on = row->acknowledged_on;
  if (!row->outcome_for_agency.empty()) {
    auto o = OpenForPackage(*s.agency_key, s.retired_agency_keys, row->id, "outcome",
                            row->outcome_for_agency);
    if (!o.ok()) return o.error();
    auto parsed = ParseOutcome(*o);
    if (!parsed.ok()) return parsed.error();
    out.outcome = std::move(*parsed);
  }
  auto files = staff_->ListPackageFiles(row->id);
  if (!files.ok()) return files.error();
  for (const auto& f : *files) {
    auto t = OpenForPackage(*s.agency_key, s.retired_agency_keys, row->id, "file", f.sealed);
    if (!t.ok()) return t.error();
    crypto::SecretBytes key;
    auto a = ParsePackageFile(*t, &key);
    if (!a.ok()) return a.error();
    out.attachments.push_back(std::move(*a));
  }
  auto msgs = staff_->ListPackageMessages(row->id);
  if (!msgs.ok()) return msgs.error();
  for (const auto& m : *msgs) {
    auto t = OpenForPackage(*s.agency_key, s.retired_agency_keys, row->id, "message", m.for_agency);
    if (!t.ok()) return t.error();
    out.messages.push_back({m.author, m.sent_on, std::move(*t)});
  }
  if (auto st = Audit(s, "package.read", row->id); !st.ok()) return st.error();
  return out;
}

Result<PackageFile> AgencyServiceImpl::Export(const StaffSession& s, const std::string& package_id,
                                              PackageFormat format) {
  auto row = Find(s, package_id);
  if (!row.ok()) return row.error();
  auto content = ContentOf(s, *row);
  if (!content.ok()) return content.error();
  const bool stix = format == PackageFormat::kStix;
  if (auto st = Audit(s, stix ? "package.exported_stix" : "package.exported_misp", row->id);
      !st.ok()) {
    return st.error();
  }
  const PackageExport e = MakePackageExport(*content, std::string(kExportServiceName), ports_);
  PackageFile f;
  f.name = "portsafe-" + core::ReferenceOf(row->id) + (stix ? ".stix.json" : ".misp.json");
  f.content_type = stix ? "application/stix+json;version=2.1" : "application/json";
  f.body = stix ? StixBundleJson(e) : MispEventJson(e);
  return f;
}

Result<PackageFile> AgencyServiceImpl::Attachment(const StaffSession& s,
                                                  const std::string& package_id, std::int64_t seq) {
  auto row = Find(s, package_id);
  if (!row.ok()) return row.error();
  auto file = OpenFile(s, row->id, seq);
  if (!file.ok()) return file.error();
  // Served as what it is only for the images a browser shows safely; any
  // other type is a download the officer opens with care.
  if (file->content_type != "image/jpeg" && file->content_type != "image/png") {
    file->content_type = "application/octet-stream";
  }
  if (auto st = Audit(s, "package.file_read", row->id); !st.ok()) return st.error();
  return file;
}

Result<PackageContent> AgencyServiceImpl::ContentOf(const StaffSession& s,
                                                    const store::PackageRow& row) {
  auto text = OpenForPackage(*s.agency_key, s.retired_agency_keys, row.id, "package", row.sealed);
  if (!text.ok()) return text.error();
  return ParsePackage(*text);
}

Result<PackageFile> AgencyServiceImpl::OpenFile(const StaffSession& s,
                                                const std::string& package_id, std::int64_t seq) {
  auto f = staff_->FindPackageFile(package_id, seq);
  if (!f.ok()) return f.error();
  auto t = OpenForPackage(*s.agency_key, s.retired_agency_keys, package_id, "file", f->sealed);
  if (!t.ok()) return t.error();
  crypto::SecretBytes key;
  auto a = ParsePackageFile(*t, &key);
  if (!a.ok()) return a.error();
  if (a->seq != seq) return Internal("a package's file names another file");
  auto data = crypto::DecryptStream(key, f->content);
  if (!data.ok()) return Internal("a package's file does not decrypt");
  return PackageFile{a->name, a->content_type, data->str()};
}

Result<PackageFile> AgencyServiceImpl::Printable(const StaffSession& s,
                                                 const std::string& package_id,
                                                 const PrintLabel& label) {
  // Open checks the officer and the agency, and audits the read.
  auto p = Open(s, package_id);
  if (!p.ok()) return p.error();
  const PackageContent& c = p->content;
  media::PackagePdfInput in;
  in.reference = core::ReferenceOf(c.package_id);
  const core::Tlp tlp = TlpOf(c.grade);
  in.tlp = "TLP:" + std::string(core::ToString(tlp));
  in.tlp_meaning = std::string(core::TlpMeaning(tlp));
  auto agency = staff_->FindAgency(s.agency_code);
  in.agency = agency.ok() && agency->has_value() ? (*agency)->name : s.agency_code;
  in.category = label("category", c.category);
  in.priority = label("priority", core::ToString(c.priority));
  const core::Port* port = ports_ ? ports_->Find(c.port_code) : nullptr;
  in.port = port ? core::PortLabel(*port) : c.port_code;
  in.facility = c.facility_code.empty() ? "—" : c.facility_code;
  in.received_month = c.received_month;
  in.sent_on = c.sent_on;
  in.grade_code = c.grade.Code();
  in.grade_source = label("source", c.grade.source);
  in.grade_intelligence = label("intelligence", c.grade.intelligence);
  in.grade_handling = label("handling", c.grade.handling);
  in.conditions = c.grade.conditions;
  in.text = c.text;
  for (const auto& id : MakePackageExport(c, std::string(kExportServiceName), ports_).identifiers) {
    in.identifiers.emplace_back(std::string(intel::KindLabel(id.kind)), id.value);
  }
  for (const auto& a : p->attachments) {
    media::PackagePdfInput::Attachment item{a.name, a.content_type, a.size, ""};
    if (a.content_type == "image/jpeg") {
      auto f = OpenFile(s, package_id, a.seq);
      if (!f.ok()) return f.error();
      item.jpeg = std::move(f->body);
    }
    in.attachments.push_back(std::move(item));
  }
  in.produced_on = clock_->Today();
  auto pdf = media::PackagePdf(in);
  if (!pdf.ok()) return pdf.error();
  if (auto st = Audit(s, "package.printed", package_id); !st.ok()) return st.error();
  return PackageFile{"portsafe-" + in.reference + ".pdf", "application/pdf", std::move(*pdf)};
}

Status AgencyServiceImpl::Acknowledge(const StaffSession& s, const std::string& package_id) {
  auto row = Find(s, package_id);
  if (!row.ok()) return row.error();
  if (row->acknowledged_on.empty()) row->acknowledged_on = clock_->Today();
  if (auto st = staff_->UpdatePackage(*row); !st.ok()) return st;
  return Audit(s, "package.acknowledged", row->id);
}

Status AgencyServiceImpl::Ask(const StaffSession& s, const std::string& package_id,
                              const std::string& text) {
  if (text.empty() || !core::CheckText(text, limits::kMessageMax, true).empty()) {
    return InvalidField("text", "Write your question (at most 10,000 characters).");
  }
  return PostMessage(s, package_id, text, "package.question_asked");
}

Status AgencyServiceImpl::RequestAlert(const StaffSession& s, const std::string& package_id,
                                       const std::string& text) {
  if (text.empty() || !core::CheckText(text, limits::kMessageMax - 100, true).empty()) {
    return InvalidField("text", "Say what ports should watch for (at most 9,900 characters).");
  }
  return PostMessage(s, package_id, std::string(kAlertRequestPrefix) + text,
                     "package.alert_requested");
}

Status AgencyServiceImpl::PostMessage(const StaffSession& s, const std::string& package_id,
                                      const std::string& text, std::string_view action) {
  auto row = Find(s, package_id);
  if (!row.ok()) return row.error();
  store::PackageMessageRow m;
  m.package_id = row->id;
  m.author = "agency";
  m.sent_on = clock_->Today();
  m.for_agency = SealForPackage(s.agency_key->public_key, row->id, "message", text);
  m.for_service = SealForPackage(service_public_key_, row->id, "message", text);
  if (auto st = staff_->AppendPackageMessage(m); !st.ok()) return st;
  // Asking implies the package was read: acknowledge it if not yet done.
  if (row->acknowledged_on.empty()) {
    row->acknowledged_on = clock_->Today();
    if (auto st = staff_->UpdatePackage(*row); !st.ok()) return st;
  }
  if (auto st = Audit(s, action, row->id); !st.ok()) return st;
  if (notifier_) notifier_->Notify(Notice::kAgencyQuestion, row->report_id);
  return Status::Ok();
}

Status AgencyServiceImpl::RecordOutcome(const StaffSession& s, const std::string& package_id,
                                        const Outcome& outcome) {
  if (!core::IsOutcome(outcome.kind)) return InvalidField("kind", "Choose what the outcome was.");
  if (outcome.kind == "seizure") {
    if (!core::IsSeizureType(outcome.seizure_type))
      return InvalidField(
          "seizure_type",
          "For a seizure, choose what was seized; other outcomes take no seizure type.");
    if (outcome.quantity.empty())
      return InvalidField("quantity", "For a seizure, give the quantity (at most 200 characters).");
  } else if (!outcome.seizure_type.empty()) {
    return InvalidField(
        "seizure_type",
        "For a seizure, choose what was seized; other outcomes take no seizure type.");
  }
  if (!core::CheckText(outcome.quantity, limits::kShortFieldMax, false).empty()) {
    return InvalidField("quantity", "For a seizure, give the quantity (at most 200 characters).");
  }
  if (!core::CheckText(outcome.note, limits::kMessageMax, false).empty()) {
    return InvalidField("note", "The note is too long (at most 10,000 characters).");
  }
  auto row = Find(s, package_id);
  if (!row.ok()) return row.error();
  Outcome o = outcome;
  o.recorded_on = clock_->Today();
  const std::string json = OutcomeJson(o);
  row->outcome = o.kind;
  row->seizure_type = o.seizure_type;
  row->outcome_on = o.recorded_on;
  row->outcome_for_agency = SealForPackage(s.agency_key->public_key, row->id, "outcome", json);
  row->outcome_for_service = SealForPackage(service_public_key_, row->id, "outcome", json);
  if (row->acknowledged_on.empty()) row->acknowledged_on = o.recorded_on;
  if (auto st = staff_->UpdatePackage(*row); !st.ok()) return st;
  return Audit(s, "package.outcome_recorded", row->id);
}

}  // namespace portsafe::service
