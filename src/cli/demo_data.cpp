#include "cli/demo_data.h"

#include <future>
#include <map>

#include "common/fs.h"
#include "service/accounts.h"
#include "service/instance.h"

namespace portsafe::cli {
namespace {

struct DemoReport {
  core::ReportSubmission sub;
  const char* reply;  // a message from the service, or nullptr
};

// Agencies and users; every demo user has the same password. `ids` gets
// each user's id by role.
Result<std::vector<DemoLogin>> SeedStaff(store::SqlStore* store, const service::InstanceKeys& keys,
                                         const Clock* clock, const crypto::KeyPair& service_key,
                                         std::map<std::string, std::string>* ids) {
  crypto::KeyPair police;
  for (const service::NewAgency& a :
       {service::NewAgency{"SUFFOLK-POLICE", "Suffolk Constabulary", "police", {"GBFXT"}},
        service::NewAgency{"KENT-POLICE", "Kent Police", "police", {"GBDVR"}},
        service::NewAgency{
            "HAMPSHIRE-POLICE", "Hampshire and Isle of Wight Constabulary", "police", {"GBSOU"}},
        service::NewAgency{"JMSC", "Joint Maritime Security Centre", "maritime", {}},
        service::NewAgency{"BORDER-FORCE", "Border Force", "border_force", {}},
        service::NewAgency{"NCA", "National Crime Agency", "nca", {}},
        service::NewAgency{"HMRC", "HM Revenue and Customs", "hmrc", {}},
        service::NewAgency{"CTP", "Counter Terrorism Policing", "ct_policing", {}}}) {
    auto kp = service::CreateAgency(&store->staff(), &store->reports(), keys.instance_secret, a);
    if (!kp.ok()) return kp.error();
    if (a.code == "SUFFOLK-POLICE") police = std::move(*kp);
  }
  const std::string password = "demo-password";
  struct U {
    const char* role;
    const char* email;
    const char* agency;
    const char* facility;
  };
  std::vector<DemoLogin> out;
  for (const U& u : {U{"supervisor", "supervisor@demo.invalid", "", ""},
                     U{"handler", "handler@demo.invalid", "", ""},
                     U{"agency", "officer@suffolk.demo.invalid", "SUFFOLK-POLICE", ""},
                     U{"port-manager", "pfso@trinity.demo.invalid", "", "GBFXT-TRINITY"},
                     U{"admin", "admin@demo.invalid", "", ""}}) {
    std::vector<service::KeyToGrant> grants;
    std::string role = u.role;
    if (role == "supervisor" || role == "handler") {
      grants.push_back({service::kServiceKeyName, &service_key});
    }
    if (role == "agency") grants.push_back({service::AgencyKeyName(u.agency), &police});
    auto created = service::CreateUser(
        &store->staff(), &store->reports(), keys.instance_secret,
        {u.email, u.role, u.agency, u.facility, password, clock->Today()}, grants);
    if (!created.ok()) return created.error();
    (*ids)[role] = created->id;
    out.push_back({u.role, u.email, password, created->totp_uri});
  }
  return out;
}

// The demo's handler or supervisor (`role`) as signed in, holding the
// service key.
service::StaffSession SessionOf(const std::map<std::string, std::string>& ids,
                                const std::string& role, const crypto::KeyPair& service_key) {
  service::StaffSession s;
  s.user_id = ids.at(role);
  s.role = role == "supervisor" ? core::Role::kSupervisor : core::Role::kHandler;
  s.service_key = service_key;
  return s;
}

// The handler sanitises and grades the Trinity report and a supervisor
// approves it, so the officer's /agency inbox has a package to show.
Status Disseminate(store::SqlStore* store, service::HandlingService* handling,
                   const crypto::KeyPair& service_key,
                   const std::map<std::string, std::string>& ids) {
  auto rows = store->staff().ListHandling();
  if (!rows.ok()) return rows.error();
  std::string id;
  for (const auto& r : *rows) {
    if (r.facility_code == "GBFXT-TRINITY") id = r.report_id;
  }
  if (id.empty()) return NotFound("demo report");
  const service::StaffSession handler = SessionOf(ids, "handler", service_key);
  const service::StaffSession supervisor = SessionOf(ids, "supervisor", service_key);
  if (auto w = handling->SaveSanitised(
          handler, id,
          "At a container terminal in Felixstowe a driver offered cash for the release PIN of "
          "container MSCU 1234566. A dark estate car, AB12 CDE, was seen near the terminal gate "
          "on three consecutive nights.");
      !w.ok()) {
    return w.error();
  }
  if (auto st = handling->Grade(handler, id, {"2", "B", "P", ""}); !st.ok()) return st;
  if (auto st = handling->SubmitForApproval(handler, id, {"SUFFOLK-POLICE", "JMSC"}, {});
      !st.ok()) {
    return st;
  }
  return handling->Approve(supervisor, id);
}

// One approved alert to Felixstowe's facilities: its manager sees it on the
// facility page, and, being TLP:CLEAR, it is on the public /alerts page.
Status SeedAlert(service::AlertService* alerts, const Clock& clock,
                 const crypto::KeyPair& service_key,
                 const std::map<std::string, std::string>& ids) {
  const service::StaffSession handler = SessionOf(ids, "handler", service_key);
  const service::StaffSession supervisor = SessionOf(ids, "supervisor", service_key);
  core::AlertContent a;
  a.title = "Cash offered for container release PINs at Felixstowe";
  a.text =
      "Drivers and terminal staff at Felixstowe have been offered cash for the release PINs of "
      "containers. A release PIN lets anyone collect a container, with whatever is hidden in "
      "it. Remind your staff that a PIN is never shared, and that an offer like this can be "
      "reported anonymously.";
  a.look_for = {"Anyone asking for a release PIN, or for a photo of release paperwork",
                "Cars waiting near the terminal gates for long periods after dark",
                "A container collected soon after its PIN was issued, by a haulier nobody knows"};
  a.tlp = core::Tlp::kClear;
  a.public_site = true;
  a.targets.ports = {"GBFXT"};
  a.expires_on = core::AddDays(clock.Today(), 90);
  auto draft = alerts->Draft(handler, a, {});
  if (!draft.ok()) return draft.error();
  if (draft->id.empty()) {
    std::vector<std::string> seen;
    for (const auto& w : draft->warnings) seen.push_back(w.id);
    draft = alerts->Draft(handler, a, seen);
    if (!draft.ok()) return draft.error();
  }
  auto approved = alerts->Approve(supervisor, draft->id);
  return approved.ok() ? Status::Ok() : Status(approved.error());
}

}  // namespace

Result<DemoData> SeedDemoData(service::Services& services, const std::string& recovery_key_file) {
  store::SqlStore* store = services.store();
  for (const store::Facility& f :
       {store::Facility{"GBFXT-TRINITY", "GBFXT", "Trinity Terminal", "Hutchison Ports", "active",
                        "2025-01-06"},
        store::Facility{"GBSOU-CT", "GBSOU", "Southampton Container Terminal", "DP World", "active",
                        "2025-02-03"},
        store::Facility{"GBDVR-EASTERN", "GBDVR", "Eastern Docks", "Port of Dover", "active",
                        "2025-03-03"}}) {
    if (auto st = store->reports().PutFacility(f); !st.ok()) return st.error();
  }
  // An application waiting for the programme admin at /admin.
  store::ApplicationRow app;
  app.id = "0d3e5f0a1b2c3d4e";
  app.operator_group = "Hutchison Ports";
  app.port_code = "GBHRW";
  app.facility_name = "Navyard Wharf";
  app.email = "security@navyard.demo.invalid";
  app.staff_count = 85;
  app.submitted_on = "2026-11-02";
  if (auto st = store->membership().PutApplication(app); !st.ok()) return st.error();
  auto text = fs::ReadFile(recovery_key_file);
  if (!text.ok()) return text.error();
  auto service_key = service::ParseRecoveryKey(*text);
  if (!service_key.ok()) return service_key.error();
  std::map<std::string, std::string> ids;
  auto logins = SeedStaff(store, services.keys(), &services.clock(), *service_key, &ids);
  if (!logins.ok()) return logins.error();
  service::ReportingServiceImpl& svc = *services.reporting();

  std::vector<DemoReport> demo(3);
  demo[0].sub = {"GBFXT",
                 "Trinity Terminal, stack area C",
                 "GBFXT-TRINITY",
                 "drugs",
                 "A driver asked a colleague for the release PIN of a container and offered "
                 "cash. The same car has been parked by the gate three nights running.",
                 "Last week, late evening",
                 "Two men, one in a grey jacket",
                 "Dark estate car",
                 "",
                 "MSCU 123456 5",
                 "saw",
                 "en"};
  demo[0].reply = "Thank you. Did you see which container number the driver asked about?";
  demo[1].sub = {"GBDVR",
                 "Eastern Docks",
                 "GBDVR-EASTERN",
                 "people_smuggling",
                 "People heard knocking inside a trailer waiting in the lorry park.",
                 "Yesterday, early morning",
                 "",
                 "Curtain-sider trailer",
                 "",
                 "",
                 "told",
                 "pl"};
  demo[1].reply = nullptr;
  demo[2].sub = {"GBSOU",
                 "Container terminal fence, north side",
                 "GBSOU-CT",
                 "cargo_theft",
                 "A hole has been cut in the perimeter fence and seals on two containers "
                 "nearby were swapped.",
                 "This month",
                 "",
                 "",
                 "",
                 "",
                 "suspect",
                 "en"};
  demo[2].reply = nullptr;
  // Three more Felixstowe reports that name the container of the first (which
  // has its check digit mistyped) and one van, so that the handler's report
  // page, the queue and /handle/links show them linked.
  DemoReport van;
  van.sub = {"GBFXT",
             "Trinity Terminal, gate 2",
             "",
             "drugs",
             "A white van, AB12 CDE, waits by gate 2 after midnight and a man carries holdalls "
             "to it from container MSCU 1234566. He was on the phone to 07700 900123 written on "
             "his hand.",
             "Three nights this week",
             "One man, tall, hi-vis jacket",
             "White Transit van AB12 CDE",
             "",
             "",
             "saw",
             "en"};
  van.reply = nullptr;
  demo.push_back(van);
  DemoReport typo;
  typo.sub = {"GBFXT",
              "Stack area C",
              "",
              "drugs",
              "The seal on container MSCU 123456 6 was replaced at night; the same box was "
              "moved to the end of the row.",
              "Sunday night",
              "",
              "",
              "",
              "MSCU 123456 6",
              "suspect",
              "en"};
  typo.reply = nullptr;
  demo.push_back(typo);
  DemoReport again;
  again.sub = {"GBFXT",
               "Lorry park",
               "",
               "drugs",
               "Van ab12cde parked beside a trailer A123 4567 for an hour; bags moved between "
               "them.",
               "Yesterday evening",
               "",
               "Van ab12cde, trailer A123 4567",
               "",
               "",
               "saw",
               "en"};
  again.reply = nullptr;
  demo.push_back(again);
  // A small flood of one text, each copy with a word changed, so that
  // /handle/groups shows a group of near-identical reports to close.
  for (const char* who : {"a friend", "someone who knows", "a driver", "a worried local"}) {
    DemoReport junk;
    junk.sub = {"GBDVR",
                "",
                "",
                "other",
                std::string("THE HARBOUR MASTER TAKES BRIBES FROM EVERY SHIP THAT DOCKS HERE. "
                            "Everyone knows it. Do something about it now. Sent by ") +
                    who + ".",
                "",
                "",
                "",
                "",
                "",
                "told",
                "en"};
    junk.reply = nullptr;
    demo.push_back(junk);
  }

  DemoData out;
  out.logins = std::move(*logins);
  for (auto& d : demo) {
    std::promise<Result<std::string>> p;
    std::string summary = d.sub.port + " " + d.sub.category;
    svc.Submit(d.sub, {}, [&p](Result<service::Submitted> s) {
      p.set_value(s.ok() ? Result<std::string>(s->receipt) : Result<std::string>(s.error()));
    });
    auto r = p.get_future().get();
    if (!r.ok()) return r.error();
    if (d.reply) {
      std::promise<Status> m;
      svc.AppendMessage(*r, "service", d.reply, [&m](Status s) { m.set_value(std::move(s)); });
      if (auto st = m.get_future().get(); !st.ok()) return st.error();
    }
    out.receipts.push_back({*r, summary});
  }
  if (auto st = Disseminate(store, services.handling(), *service_key, ids); !st.ok()) {
    return st.error();
  }
  if (auto st = SeedAlert(services.alerts(), services.clock(), *service_key, ids); !st.ok()) {
    return st.error();
  }
  return out;
}

}  // namespace portsafe::cli
