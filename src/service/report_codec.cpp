#include "service/report_codec.h"

#include <boost/json.hpp>

#include <cstdlib>

#include "common/json_fields.h"
#include "core/approach.h"

#include "crypto/report_cipher.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

constexpr int kFileMetaVersion = 1;
constexpr int kNotesVersion = 1;

// The members of BodyFieldOrder(), in that order.
const std::vector<std::string core::ReportSubmission::*>& BodyMembers() {
  static const auto* members = [] {
    auto* out = new std::vector<std::string core::ReportSubmission::*>;
    for (std::string_view name : BodyFieldOrder()) {
      for (const auto& f : core::SubmissionFields()) {
        if (f.name == name) out->push_back(f.member);
      }
    }
    // Every stored field is a field of the form: a broken invariant else.
    if (out->size() != BodyFieldOrder().size()) std::abort();
    return out;
  }();
  return *members;
}

}  // namespace

const std::vector<std::string_view>& BodyFieldOrder() {
  // Versions 0 and 1 stop after "lang"; version 2 goes on with the approach
  // fields. Never reorder: a new order is a new version.
  static const std::vector<std::string_view> kOrder = {
      "port",           "area",          "facility",         "category",        "description",
      "when",           "people",        "vehicles",         "vessels",         "containers",
      "how_known",      "lang",          "approach_how",     "approach_handle", "approach_offered",
      "approach_asked", "approach_when", "approach_ongoing", "approach_danger"};
  return kOrder;
}

std::string BodyJson(const core::ReportSubmission& s) {
  // Version 1 when there is no approach field to keep: most reports, whose
  // rows stay as small as before.
  const bool approach = core::HasApproachAnswers(s);
  const size_t n = approach ? BodyMembers().size() : kBodyV1Fields;
  json::array a;
  a.reserve(1 + n);
  a.emplace_back(approach ? kBodyVersion : 1);
  for (size_t i = 0; i < n; ++i) a.emplace_back(s.*BodyMembers()[i]);
  return json::serialize(a);
}

Result<size_t> BodyFieldsStart(const json::array& body) {
  if (body.empty() || body[0].is_string()) return 0;  // version 0: no tag
  if (body[0].is_int64() && (body[0].get_int64() == 1 || body[0].get_int64() == kBodyVersion)) {
    return 1;
  }
  return Internal("a report body has an unknown format version");
}

Result<core::ReportSubmission> ParseBody(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Internal("a report body is malformed");
  const auto& a = v.get_array();
  auto start = BodyFieldsStart(a);
  if (!start.ok()) return start.error();
  const auto& members = BodyMembers();
  if (a.size() - *start > members.size()) return Internal("a report body has extra fields");
  // Versions 1 and 2 always write every field they have; only version 0
  // bodies written before the last fields existed are shorter.
  if (*start == 1) {
    const size_t want = a[0].get_int64() == 1 ? kBodyV1Fields : members.size();
    if (a.size() - 1 != want) return Internal("a report body's fields do not match its version");
  }
  core::ReportSubmission s;
  for (size_t i = 0; *start + i < a.size(); ++i) {
    const auto& e = a[*start + i];
    if (!e.is_string()) return Internal("a report body has a field that is not text");
    s.*members[i] = std::string(e.get_string());
  }
  return s;
}

std::string FileMetaJson(const FileView& f) {
  json::object meta;
  meta["v"] = kFileMetaVersion;
  meta["name"] = f.name;
  meta["type"] = f.content_type;
  meta["size"] = f.size;
  meta["reencoded"] = f.reencoded;
  return json::serialize(meta);
}

Result<FileView> ParseFileMeta(std::string_view text) {
  auto o = ParseVersionedObject(text, kFileMetaVersion, "file metadata");
  if (!o.ok()) return o.error();
  FileView fv;
  fv.name = StringMember(*o, "name");
  fv.content_type = StringMember(*o, "type");
  if (auto* s = o->if_contains("size"); s && s->is_int64()) fv.size = s->get_int64();
  if (auto* r = o->if_contains("reencoded"); r && r->is_bool()) fv.reencoded = r->get_bool();
  return fv;
}

std::string HandlingNotesJson(const HandlingNotes& n) {
  json::object o;
  o["v"] = kNotesVersion;
  o["source"] = n.grade.source;
  o["intelligence"] = n.grade.intelligence;
  o["handling"] = n.grade.handling;
  o["conditions"] = n.grade.conditions;
  o["insider"] = n.insider_type;
  o["close_reason"] = n.close_reason;
  o["close_note"] = n.close_note;
  o["sanitised"] = n.sanitised;
  json::array rec;
  for (const auto& r : n.recipients) rec.emplace_back(r);
  o["recipients"] = std::move(rec);
  o["submitted_by"] = n.submitted_by;
  o["review_comment"] = n.review_comment;
  // Written only when there is one, so that notes without any keep the
  // bytes they always had.
  if (!n.acknowledged.empty()) {
    json::array ack;
    for (const auto& a : n.acknowledged) ack.emplace_back(a);
    o["acknowledged"] = std::move(ack);
  }
  if (!n.attachments.empty()) {
    json::array files;
    for (auto seq : n.attachments) files.emplace_back(seq);
    o["files"] = std::move(files);
  }
  return json::serialize(o);
}

Result<HandlingNotes> ParseHandlingNotes(std::string_view text) {
  auto o = ParseVersionedObject(text, kNotesVersion, "handling notes");
  if (!o.ok()) return o.error();
  HandlingNotes n;
  n.grade = {StringMember(*o, "source"), StringMember(*o, "intelligence"),
             StringMember(*o, "handling"), StringMember(*o, "conditions")};
  n.insider_type = StringMember(*o, "insider");
  n.close_reason = StringMember(*o, "close_reason");
  n.close_note = StringMember(*o, "close_note");
  n.sanitised = StringMember(*o, "sanitised");
  if (auto* rec = o->if_contains("recipients"); rec && rec->is_array()) {
    for (const auto& r : rec->get_array()) {
      if (r.is_string()) n.recipients.emplace_back(r.get_string());
    }
  }
  n.submitted_by = StringMember(*o, "submitted_by");
  n.review_comment = StringMember(*o, "review_comment");
  if (auto* ack = o->if_contains("acknowledged"); ack && ack->is_array()) {
    for (const auto& a : ack->get_array()) {
      if (a.is_string()) n.acknowledged.emplace_back(a.get_string());
    }
  }
  if (auto* files = o->if_contains("files"); files && files->is_array()) {
    for (const auto& f : files->get_array()) {
      if (f.is_int64() && f.get_int64() > 0) n.attachments.push_back(f.get_int64());
    }
  }
  return n;
}

Result<ReportView> DecryptReport(const store::ReportRow& row, const crypto::SecretBytes& key,
                                 const std::vector<store::MessageRow>& messages,
                                 const std::vector<store::FileRow>& files) {
  const std::string& id = row.id;
  auto body = crypto::OpenReportField(key, id, "body", row.body);
  if (!body.ok()) return Internal("report body does not decrypt");
  ReportView v;
  v.status = row.status;
  v.received_on = row.received_on;
  auto fields = ParseBody(body->view());
  if (!fields.ok()) return fields.error();
  v.fields = std::move(*fields);
  for (const auto& m : messages) {
    auto t = crypto::OpenReportField(key, id, "msg", m.body);
    if (!t.ok()) return Internal("message does not decrypt");
    v.messages.push_back({m.author, m.sent_on, t->str()});
  }
  for (const auto& f : files) {
    auto meta = crypto::OpenReportField(key, id, "file-meta", f.sealed_meta);
    if (!meta.ok()) return Internal("file metadata does not decrypt");
    auto fv = ParseFileMeta(meta->view());
    if (!fv.ok()) return fv.error();
    fv->seq = f.seq;
    v.files.push_back(std::move(*fv));
  }
  return v;
}

std::string ReporterText(const ReportView& view) {
  std::string out;
  for (const auto& f : core::SubmissionFields()) {
    out += view.fields.*f.member;
    out += '\n';
  }
  for (const auto& m : view.messages) {
    if (m.author != "reporter") continue;
    out += m.text;
    out += '\n';
  }
  return out;
}

}  // namespace portsafe::service
