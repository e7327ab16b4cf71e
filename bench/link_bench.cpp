// The link index at scale, through the code the server runs:
//   link_bench [--reports N] [--lookups L] [--dir DIR] [--keep]
// 1. files N generated reports (bench/corpus.h) through ReportingServiceImpl
//    into a fresh instance: encrypted, sealed to the service key, durable;
// 2. rebuilds the whole link index with LinkServiceImpl::IndexPending, as at
//    the first sign-in after the extraction rules change: every report is
//    decrypted, its identifiers extracted, and the postings sealed, sorted
//    and written (timed: reports per second);
// 3. looks up L new reports against the index (extraction, terms, postings,
//    refs opened: FindLinks, as on a new report's page), each timed: p50,
//    p99 and the largest, in microseconds.
// Default N is 1,000,000 (about 5,000,000 identifiers), L is 10,000.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "common/fs.h"
#include "core/port_directory.h"
#include "corpus.h"
#include "intel/blind_index.h"
#include "intel/extractor.h"
#include "service/audit_log.h"
#include "service/facilities.h"
#include "service/instance.h"
#include "service/link_index.h"
#include "service/link_service_impl.h"
#include "service/reporting_service_impl.h"
#include "store/sql_store.h"
#include "store/sqlite_conn.h"

namespace {

using namespace portsafe;
using Stopwatch = std::chrono::steady_clock;  // how long the bench takes, not its dates

std::string Arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return fallback;
}

bool Flag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return true;
  }
  return false;
}

double Seconds(Stopwatch::time_point since) {
  return std::chrono::duration<double>(Stopwatch::now() - since).count();
}

int Fail(const Error& e) {
  std::cerr << "link_bench: " << e.message() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::Init();
  const size_t reports = std::stoul(Arg(argc, argv, "--reports", "1000000"));
  const size_t lookups = std::stoul(Arg(argc, argv, "--lookups", "10000"));
  std::string dir = Arg(argc, argv, "--dir", "");
  const bool keep = Flag(argc, argv, "--keep");
  // --reuse: the instance in --dir is already filed (from a run with --keep).
  const bool reuse = Flag(argc, argv, "--reuse");
  if (dir.empty()) dir = "/tmp/portsafe-link-bench-" + std::to_string(::getpid());
  const std::string data = dir + "/data", recovery = dir + "/recovery.key";
  if (!reuse) {
    std::filesystem::remove_all(dir);
    if (auto st = service::InitInstance(data, recovery, ""); !st.ok()) return Fail(st.error());
  }
  auto keys = service::LoadInstanceKeys(data);
  if (!keys.ok()) return Fail(keys.error());
  auto recovery_text = fs::ReadFile(recovery);
  if (!recovery_text.ok()) return Fail(recovery_text.error());
  auto service_key = service::ParseRecoveryKey(*recovery_text);
  if (!service_key.ok()) return Fail(service_key.error());
  auto store = store::SqlStore::OpenSqlite(service::DatabasePath(data));
  if (!store.ok()) return Fail(store.error());
  auto seed = service::LoadSeedPorts();
  if (!seed.ok()) return Fail(seed.error());
  const core::PortDirectory ports(std::move(*seed));
  const portsafe::Clock* clock = SystemClock::Get();
  // No files are filed: no cleaner.
  service::ReportingServiceImpl reporting(&(*store)->reports(), *keys, ports, clock, nullptr);
  service::AuditLog audit(&(*store)->staff(), keys->instance_secret, clock);
  service::LinkServiceImpl links(&(*store)->reports(), &(*store)->staff(), &(*store)->links(),
                                 &audit, &ports, clock);
  if (auto st = links.CheckVersion(); !st.ok()) return Fail(st.error());

  // 1. File the reports, 256 in flight.
  bench::ReportGenerator gen(1, reports);
  std::atomic<size_t> in_flight{0}, failed{0};
  size_t written_ids = 0;
  auto t0 = Stopwatch::now();
  for (size_t i = 0; i < (reuse ? 0 : reports); ++i) {
    core::ReportSubmission sub;
    sub.port = "GBFXT";
    sub.category = "drugs";
    sub.lang = "en";
    sub.description = gen.Next();
    written_ids += gen.last_identifiers();
    while (in_flight.load() >= 256) std::this_thread::yield();
    ++in_flight;
    reporting.Submit(std::move(sub), {}, [&](Result<service::Submitted> r) {
      if (!r.ok()) ++failed;
      --in_flight;
    });
    if ((i + 1) % 100000 == 0) {
      std::fprintf(stderr, "  filed %zu reports (%.0f s)\n", i + 1, Seconds(t0));
    }
  }
  while (in_flight.load() > 0) std::this_thread::yield();
  if (failed.load() > 0) {
    std::cerr << "link_bench: " << failed.load() << " reports were not stored\n";
    return 1;
  }
  if (!reuse) {
    std::printf("filed %zu reports (%zu identifiers written into them) in %.1f s\n", reports,
                written_ids, Seconds(t0));
  } else if (auto st = (*store)->links().ResetLinkIndex(0); !st.ok()) {
    return Fail(st.error());  // every report waits again, as after a change of rules
  } else if (auto again = links.CheckVersion(); !again.ok()) {
    return Fail(again.error());
  }

  // The filing left its pages in the write-ahead log; a live server has
  // long copied them into the database by the time it rebuilds the index.
  {
    auto c = store::SqliteConn::Open(service::DatabasePath(data), false);
    if (!c.ok()) return Fail(c.error());
    std::unique_ptr<store::SqliteConn> conn(std::move(*c));
    if (auto st = conn->Exec("PRAGMA wal_checkpoint(TRUNCATE)"); !st.ok()) return Fail(st.error());
  }

  // 2. The bulk rebuild, as after a change of the extraction rules.
  service::StaffSession session;
  session.user_id = "bench";
  session.role = core::Role::kSupervisor;
  session.service_key = *service_key;
  auto t1 = Stopwatch::now();
  auto run = links.IndexPending(session);
  const double rebuild = Seconds(t1);
  if (!run.ok()) return Fail(run.error());
  std::int64_t postings = 0;
  {
    auto c = store::SqliteConn::Open(service::DatabasePath(data), true);
    if (!c.ok()) return Fail(c.error());
    std::unique_ptr<store::SqliteConn> conn(std::move(*c));
    auto q = conn->Prepare("SELECT COUNT(*) FROM link_postings");
    if (!q.ok()) return Fail(q.error());
    store::Stmt st(*q);
    if (st.Step() == store::kRow) postings = st.Int(0);
  }
  std::printf("bulk re-index: %zu reports in %.2f s = %.0f reports/s (%s), %lld postings\n",
              run->indexed, rebuild, static_cast<double>(run->indexed) / rebuild,
              run->rebuilt ? "bulk rebuild" : "one by one", static_cast<long long>(postings));

  // 3. Lookups of new reports against the index.
  const intel::BlindIndex index(service_key->private_key);
  const intel::Extractor ex({&ports, {}});
  bench::ReportGenerator fresh(2, reports);  // same pools, so new reports link
  std::vector<double> us;
  us.reserve(lookups);
  size_t linked = 0, entries = 0;
  for (size_t i = 0; i < lookups; ++i) {
    const std::string text = fresh.Next();
    auto t = Stopwatch::now();
    auto e = intel::EntriesOf(ex.Extract(text));
    auto found = service::FindLinks(index, &(*store)->links(), e, "");
    us.push_back(Seconds(t) * 1e6);
    if (!found.ok()) return Fail(found.error());
    entries += e.size();
    linked += found->links.size();
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) {
    return us[std::min(us.size() - 1, static_cast<size_t>(p * us.size()))];
  };
  std::printf(
      "lookup of a new report: %zu lookups (%.1f identifiers, %.1f linked reports each): "
      "p50 %.0f us, p99 %.0f us, max %.0f us\n",
      lookups, static_cast<double>(entries) / lookups, static_cast<double>(linked) / lookups,
      pct(0.50), pct(0.99), us.back());
  if (!keep) {
    store->reset();
    std::filesystem::remove_all(dir);
  }
  return 0;
}
