#include "service/alert_service_impl.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/json_fields.h"
#include "common/log.h"
#include "core/handling.h"
#include "core/role.h"
#include "crypto/aead.h"
#include "service/facilities.h"
#include "service/identifying_context.h"

namespace portsafe::service {
namespace {

namespace json = boost::json;

// The tag of a sealed alert's content (crypto::AeadSealTagged); the
// associated data is the alert's id, so content moved to another row does
// not open there.
constexpr std::string_view kAlertTag = "PSL1";

json::array ToArray(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::vector<std::string> FromArray(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& x : v->get_array()) {
    if (x.is_string()) out.emplace_back(x.get_string());
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// What the identifying-content check reads: every line a manager will read.
std::string CheckedText(const core::AlertContent& c) {
  std::string t = c.title + "\n" + c.text;
  for (const auto& l : c.look_for) t += "\n" + l;
  return t;
}

}  // namespace

std::string AlertContentJson(const core::AlertContent& c) {
  json::object o{{"v", 1},
                 {"title", c.title},
                 {"text", c.text},
                 {"look_for", ToArray(c.look_for)},
                 {"targets", json::object{{"ports", ToArray(c.targets.ports)},
                                          {"freeports", ToArray(c.targets.freeports)},
                                          {"operators", ToArray(c.targets.operators)},
                                          {"facilities", ToArray(c.targets.facilities)}}},
                 {"from_package", c.from_package}};
  // Written only when there are some, so alerts without keep their bytes.
  if (!c.waived.empty()) o["waived"] = ToArray(c.waived);
  return json::serialize(o);
}

Status ParseAlertContent(std::string_view text, core::AlertContent* c) {
  auto o = ParseVersionedObject(text, 1, "alert content");
  if (!o.ok()) return o.error();
  c->title = StringMember(*o, "title");
  c->text = StringMember(*o, "text");
  c->look_for = FromArray(*o, "look_for");
  c->from_package = StringMember(*o, "from_package");
  c->waived = FromArray(*o, "waived");
  if (const auto* t = o->if_contains("targets"); t != nullptr && t->is_object()) {
    const auto& to = t->get_object();
    c->targets.ports = FromArray(to, "ports");
    c->targets.freeports = FromArray(to, "freeports");
    c->targets.operators = FromArray(to, "operators");
    c->targets.facilities = FromArray(to, "facilities");
  }
  return Status::Ok();
}

std::string SealAlertContent(const crypto::SecretBytes& instance_secret, const std::string& id,
                             std::string_view json) {
  const crypto::SecretBytes key = crypto::DeriveSubkey(instance_secret, "ps-alert", 1);
  return crypto::AeadSealTagged(key, json, kAlertTag, id);
}

Result<std::string> OpenAlertContent(const crypto::SecretBytes& instance_secret,
                                     const std::string& id, std::string_view sealed) {
  const crypto::SecretBytes key = crypto::DeriveSubkey(instance_secret, "ps-alert", 1);
  auto plain = crypto::AeadOpenTagged(key, sealed, kAlertTag, id);
  if (!plain.ok()) return Internal("alert " + id + " does not open (wrong instance.key?)");
  return std::string(plain->view());
}

AlertServiceImpl::AlertServiceImpl(AlertDeps deps) : d_(std::move(deps)) {}

Status AlertServiceImpl::Audit(const StaffSession& s, std::string_view action,
                               const std::string& target) {
  return d_.audit->Append(
      {s.user_id, std::string(core::ToString(s.role)), std::string(action), target});
}

std::string AlertServiceImpl::Seal(const std::string& id, const core::AlertContent& c) const {
  return SealAlertContent(d_.instance_secret, id, AlertContentJson(c));
}

Result<core::AlertContent> AlertServiceImpl::Open(const store::AlertRow& row) const {
  auto plain = OpenAlertContent(d_.instance_secret, row.id, row.sealed);
  if (!plain.ok()) return plain.error();
  core::AlertContent c;
  if (auto st = ParseAlertContent(*plain, &c); !st.ok()) return st.error();
  c.tlp = row.tlp;
  c.public_site = row.public_site;
  c.expires_on = row.expires_on;
  return c;
}

Result<AlertView> AlertServiceImpl::View(const StaffSession& s, const store::AlertRow& row) {
  auto content = Open(row);
  if (!content.ok()) return content.error();
  AlertView v;
  v.id = row.id;
  v.status = row.status;
  v.content = std::move(*content);
  v.drafted_on = row.drafted_on;
  v.approved_on = row.approved_on;
  v.drafted_by_me = row.drafted_by == s.user_id;
  v.live = row.status == core::AlertStatus::kApproved &&
           core::AlertLive(row.expires_on, d_.clock->Today());
  auto email = [this](const std::string& user_id) -> std::string {
    auto u = d_.staff->FindUserById(user_id);
    return u.ok() && u->has_value() ? (*u)->email : "a removed account";
  };
  v.drafted_by = email(row.drafted_by);
  if (!row.approved_by.empty()) v.approved_by = email(row.approved_by);
  auto acks = d_.alerts->ListAlertAcks(row.id);
  if (!acks.ok()) return acks.error();
  for (const auto& a : *acks) {
    v.acknowledgements.push_back({a.facility_code, email(a.user_id), a.acknowledged_on});
  }
  return v;
}

Result<DraftResult> AlertServiceImpl::Draft(const StaffSession& s, core::AlertContent content,
                                            const std::vector<std::string>& acknowledged) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  auto facilities = d_.membership->ListFacilities();
  if (!facilities.ok()) return facilities.error();
  std::vector<std::string> codes;
  for (const auto& f : *facilities) codes.push_back(f.code);
  std::string why;
  const std::string field =
      core::NormaliseAlert(&content, d_.clock->Today(), *d_.ports, *d_.groups, codes, &why);
  if (!field.empty()) return InvalidField(field, why);
  if (!content.from_package.empty() &&
      (content.from_package.size() > 64 || !crypto::IsLowerHex(content.from_package))) {
    return InvalidField("from_package", "This is not a package's id.");
  }
  if (!content.from_package.empty() && !d_.staff->FindPackage(content.from_package).ok()) {
    return InvalidField("from_package", "There is no such package.");
  }
  DraftResult out;
  std::vector<core::Finding> warnings =
      CheckIdentifying("", CheckedText(content), *d_.ports, *d_.groups, *d_.clock);
  bool all = true;
  for (auto& w : warnings) {
    w.acknowledged = Contains(acknowledged, w.id);
    all = all && w.acknowledged;
  }
  if (!all) {
    out.warnings = std::move(warnings);
    return out;
  }
  content.waived.clear();
  for (const auto& w : warnings) content.waived.push_back(w.kind + ": " + w.excerpt);
  store::AlertRow row;
  row.id = crypto::ToHex(crypto::RandomBytes(8));
  row.status = core::AlertStatus::kAwaitingApproval;
  row.tlp = content.tlp;
  row.public_site = content.public_site;
  row.drafted_by = s.user_id;
  row.drafted_on = d_.clock->Today();
  row.expires_on = content.expires_on;
  row.sealed = Seal(row.id, content);
  // Audited first: nothing is stored that the log does not show.
  if (auto st = Audit(s, "alert.drafted", row.id); !st.ok()) return st.error();
  if (auto st = d_.alerts->PutAlert(row); !st.ok()) return st.error();
  out.id = row.id;
  out.warnings = std::move(warnings);
  return out;
}

Result<std::vector<AlertView>> AlertServiceImpl::List(const StaffSession& s) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  auto rows = d_.alerts->ListAlerts("");
  if (!rows.ok()) return rows.error();
  if (auto st = Audit(s, "alert.listed", ""); !st.ok()) return st.error();
  std::vector<AlertView> out;
  for (const auto& r : *rows) {
    auto v = View(s, r);
    if (!v.ok()) return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

Result<AlertView> AlertServiceImpl::Get(const StaffSession& s, const std::string& id) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  auto row = d_.alerts->FindAlert(id);
  if (!row.ok()) return row.error();
  if (auto st = Audit(s, "alert.read", id); !st.ok()) return st.error();
  return View(s, *row);
}

Result<AlertView> AlertServiceImpl::Approve(const StaffSession& s, const std::string& id) {
  if (auto st = CheckReportReader(s); !st.ok()) return st.error();
  if (s.role != core::Role::kSupervisor) return PermissionDenied("only a supervisor approves");
  auto row = d_.alerts->FindAlert(id);
  if (!row.ok()) return row.error();
  if (row->drafted_by == s.user_id) {
    (void)Audit(s, "alert.self_approval_refused", id);
    return PermissionDenied("a second supervisor must approve an alert you drafted");
  }
  if (row->status == core::AlertStatus::kApproved) {
    return AlreadyExists("the alert was approved already");
  }
  if (!core::AlertLive(row->expires_on, d_.clock->Today())) {
    return InvalidField("expires_on", "The alert has expired; draft it again.");
  }
  if (auto st = Audit(s, "alert.approved", id); !st.ok()) return st.error();
  if (auto st = d_.alerts->ApproveAlert(id, s.user_id, d_.clock->Today()); !st.ok()) {
    return st.error();
  }
  row->status = core::AlertStatus::kApproved;
  row->approved_by = s.user_id;
  row->approved_on = d_.clock->Today();
  auto v = View(s, *row);
  if (!v.ok()) return v.error();
  v->mailed = MailManagers(id, v->content);
  return v;
}

int AlertServiceImpl::MailManagers(const std::string& id, const core::AlertContent& c) {
  if (d_.mail == nullptr) return 0;
  auto facilities = d_.membership->ListFacilities();
  auto users = d_.staff->ListUsers();
  if (!facilities.ok() || !users.ok()) {
    log::Warn("alert not mailed", {{"why", "the facilities or accounts cannot be read"}});
    return 0;
  }
  int sent = 0;
  for (const auto& f : *facilities) {
    if (f.status != "active" ||
        !core::Targets(c.targets, {f.code, f.port_code, f.operator_group}, *d_.groups)) {
      continue;
    }
    const std::string page = PublicLink(d_.public_url, "/facility/" + f.code);
    std::string body = "The PortSafe reporting service has sent an alert to " + f.name +
                       ". Sign in to read it and acknowledge it:\n" + page + "\n";
    if (c.tlp == core::Tlp::kClear) {
      body += "\nTLP:CLEAR\n\n" + c.title + "\n\n" + c.text + "\n";
      if (!c.look_for.empty()) {
        body += "\nWhat to look for:\n";
        for (const auto& l : c.look_for) body += "- " + l + "\n";
      }
      body += "\nAcknowledge it on your facility page, so the service knows it arrived.\n";
    } else {
      body += "\nIts marking is TLP:" + std::string(core::ToString(c.tlp)) +
              ", so it is not in this e-mail.\n";
    }
    for (const auto& u : *users) {
      if (u.role != core::ToString(core::Role::kPortManager) || u.disabled ||
          u.facility_code != f.code) {
        continue;
      }
      if (d_.mail->Send({u.email, "PortSafe: an alert for " + f.name, body, ""}).ok()) {
        ++sent;
      } else {
        log::Warn("alert not mailed", {{"alert", id}, {"why", "the mail server refused"}});
      }
    }
  }
  return sent;
}

Result<store::Facility> AlertServiceImpl::ManagedFacility(const StaffSession& s,
                                                          const std::string& code) {
  if (s.role != core::Role::kPortManager) {
    return PermissionDenied("only the facility's security managers");
  }
  return FacilityForSession(d_.store, s, code);
}

Result<std::vector<FacilityAlert>> AlertServiceImpl::ForFacility(const StaffSession& s,
                                                                 const std::string& code) {
  auto f = ManagedFacility(s, code);
  if (!f.ok()) return f.error();
  auto rows = d_.alerts->ListAlerts(d_.clock->Today());
  if (!rows.ok()) return rows.error();
  std::vector<FacilityAlert> out;
  for (const auto& r : *rows) {
    auto c = Open(r);
    if (!c.ok()) return c.error();
    if (!core::Targets(c->targets, {f->code, f->port_code, f->operator_group}, *d_.groups)) {
      continue;
    }
    FacilityAlert a{r.id, c->title, c->text, c->look_for, r.tlp, r.approved_on, r.expires_on, ""};
    auto acks = d_.alerts->ListAlertAcks(r.id);
    if (!acks.ok()) return acks.error();
    for (const auto& k : *acks) {
      if (k.facility_code == f->code) {
        a.acknowledged_on = k.acknowledged_on;
        break;
      }
    }
    out.push_back(std::move(a));
  }
  if (auto st = Audit(s, "alert.facility_read", code); !st.ok()) return st.error();
  return out;
}

Status AlertServiceImpl::Acknowledge(const StaffSession& s, const std::string& code,
                                     const std::string& id) {
  auto f = ManagedFacility(s, code);
  if (!f.ok()) return f.error();
  auto row = d_.alerts->FindAlert(id);
  if (!row.ok()) return row.error();
  // Not approved, expired or not for this facility: as if there were none.
  if (row->status != core::AlertStatus::kApproved ||
      !core::AlertLive(row->expires_on, d_.clock->Today())) {
    return NotFound("no such alert");
  }
  auto c = Open(*row);
  if (!c.ok()) return c.error();
  if (!core::Targets(c->targets, {f->code, f->port_code, f->operator_group}, *d_.groups)) {
    return NotFound("no such alert");
  }
  if (auto st = Audit(s, "alert.acknowledged", id); !st.ok()) return st;
  return d_.alerts->PutAlertAck({id, f->code, s.user_id, d_.clock->Today()});
}

AlertChoices AlertServiceImpl::Choices() const {
  AlertChoices c;
  for (const auto& g : *d_.groups) {
    if (!g.freeport.empty()) c.freeports.push_back(g.freeport);
    if (!g.operator_group.empty()) c.operators.push_back(g.operator_group);
  }
  for (auto* v : {&c.freeports, &c.operators}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  c.default_expires_on = core::AddDays(d_.clock->Today(), 30);
  return c;
}

Result<std::vector<PublicAlert>> AlertServiceImpl::Public() {
  auto rows = d_.alerts->ListAlerts(d_.clock->Today());
  if (!rows.ok()) return rows.error();
  std::vector<PublicAlert> out;
  for (const auto& r : *rows) {
    if (r.tlp != core::Tlp::kClear || !r.public_site) continue;
    auto c = Open(r);
    if (!c.ok()) return c.error();
    out.push_back({r.id, c->title, c->text, c->look_for, r.approved_on, r.expires_on});
  }
  return out;
}

}  // namespace portsafe::service
