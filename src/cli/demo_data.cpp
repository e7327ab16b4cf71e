#include "cli/demo_data.h"

#include <future>

#include "service/instance.h"
#include "service/reporting_service_impl.h"
#include "store/sqlite_store.h"

namespace portsafe::cli {
namespace {

struct DemoReport {
  core::ReportSubmission sub;
  const char* reply;  // a message from the service, or nullptr
};

}  // namespace

Result<std::vector<DemoReceipt>> SeedDemoData(const std::string& data_dir) {
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

  std::vector<DemoReceipt> out;
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
    out.push_back({*r, summary});
  }
  return out;
}

}  // namespace portsafe::cli
