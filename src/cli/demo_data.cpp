#include "cli/demo_data.h"

#include <future>

#include "common/fs.h"
#include "service/accounts.h"
#include "service/instance.h"
#include "service/reporting_service_impl.h"
#include "store/sqlite_store.h"

namespace portsafe::cli {
namespace {

struct DemoReport {
  core::ReportSubmission sub;
  const char* reply;  // a message from the service, or nullptr
};

// Agencies and users; every demo user has the same password.
Result<std::vector<DemoLogin>> SeedStaff(store::SqliteStore* store,
                                         const service::InstanceKeys& keys,
                                         const std::string& recovery_key_file) {
  auto text = fs::ReadFile(recovery_key_file);
  if (!text.ok()) return text.error();
  auto service_key = service::ParseRecoveryKey(*text);
  if (!service_key.ok()) return service_key.error();
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
    auto kp = service::CreateAgency(store, store, a);
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
      grants.push_back({service::kServiceKeyName, &*service_key});
    }
    if (role == "agency") grants.push_back({service::AgencyKeyName(u.agency), &police});
    auto created = service::CreateUser(store, store, keys.instance_secret,
                                       {u.email, u.role, u.agency, u.facility, password}, grants);
    if (!created.ok()) return created.error();
    out.push_back({u.role, u.email, password, created->totp_uri});
  }
  return out;
}

}  // namespace

Result<DemoData> SeedDemoData(const std::string& data_dir, const std::string& recovery_key_file) {
  auto keys = service::LoadInstanceKeys(data_dir);
  if (!keys.ok()) return keys.error();
  auto store = store::SqliteStore::Open(service::DatabasePath(data_dir));
  if (!store.ok()) return store.error();
  for (const store::Facility& f :
       {store::Facility{"GBFXT-TRINITY", "GBFXT", "Trinity Terminal"},
        store::Facility{"GBSOU-CT", "GBSOU", "Southampton Container Terminal"},
        store::Facility{"GBDVR-EASTERN", "GBDVR", "Eastern Docks"}}) {
    if (auto st = (*store)->PutFacility(f); !st.ok()) return st.error();
  }
  auto logins = SeedStaff(store->get(), *keys, recovery_key_file);
  if (!logins.ok()) return logins.error();
  auto rows = (*store)->LoadPorts();
  if (!rows.ok()) return rows.error();
  std::vector<core::Port> ports;
  for (auto& r : *rows) ports.push_back({r.code, r.name, r.subdivision, r.status});
  service::ReportingServiceImpl svc(store->get(), std::move(*keys),
                                    core::PortDirectory(std::move(ports)));

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

  DemoData out;
  out.logins = std::move(*logins);
  for (auto& d : demo) {
    std::promise<Result<std::string>> p;
    std::string summary = d.sub.port + " " + d.sub.category;
    svc.Submit(d.sub, {}, [&p](Result<std::string> r) { p.set_value(std::move(r)); });
    auto r = p.get_future().get();
    if (!r.ok()) return r.error();
    if (d.reply) {
      std::promise<Status> m;
      svc.AppendMessage(*r, "service", d.reply, [&m](Status s) { m.set_value(std::move(s)); });
      if (auto st = m.get_future().get(); !st.ok()) return st.error();
    }
    out.receipts.push_back({*r, summary});
  }
  return out;
}

}  // namespace portsafe::cli
