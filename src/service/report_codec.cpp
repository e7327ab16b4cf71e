#include "service/report_codec.h"

#include <boost/json.hpp>

#include "common/json_fields.h"

#include "crypto/report_cipher.h"

namespace portsafe::service {
namespace json = boost::json;

std::string BodyJson(const core::ReportSubmission& s) {
  json::array a;
  a.reserve(core::SubmissionFields().size());
  for (const auto& f : core::SubmissionFields()) a.emplace_back(s.*f.member);
  return json::serialize(a);
}

core::ReportSubmission ParseBody(std::string_view text) {
  core::ReportSubmission s;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return s;
  const auto& a = v.get_array();
  const auto& fields = core::SubmissionFields();
  for (size_t i = 0; i < fields.size() && i < a.size(); ++i) {
    if (a[i].is_string()) s.*fields[i].member = std::string(a[i].get_string());
  }
  return s;
}

std::string FileMetaJson(const FileView& f) {
  json::object meta;
  meta["name"] = f.name;
  meta["type"] = f.content_type;
  meta["size"] = f.size;
  meta["reencoded"] = f.reencoded;
  return json::serialize(meta);
}

Result<FileView> ParseFileMeta(std::string_view text) {
  boost::system::error_code ec;
  json::value mv = json::parse(text, ec);
  if (ec || !mv.is_object()) return Internal("file metadata is malformed");
  const auto& o = mv.get_object();
  FileView fv;
  fv.name = StringMember(o, "name");
  fv.content_type = StringMember(o, "type");
  if (auto* s = o.if_contains("size"); s && s->is_int64()) fv.size = s->get_int64();
  if (auto* r = o.if_contains("reencoded"); r && r->is_bool()) fv.reencoded = r->get_bool();
  return fv;
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
  v.fields = ParseBody(body->view());
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
