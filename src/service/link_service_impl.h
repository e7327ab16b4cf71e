#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/clock.h"
#include "core/port_directory.h"
#include "crypto/service_sealer.h"
#include "intel/extractor.h"
#include "service/audit_log.h"
#include "service/leased_job.h"
#include "service/link_service.h"
#include "service/near_duplicates.h"
#include "service/notifier.h"
#include "store/cluster_store.h"
#include "store/link_store.h"
#include "store/staff_store.h"
#include "store/store.h"

namespace portsafe::service {

// The extraction rules the index is built with. Raise it when extraction
// changes what it finds: the index is then rebuilt at the next sign-in.
inline constexpr std::int64_t kLinkIndexVersion = 3;

struct LinkOptions {
  FindOptions find;
  size_t max_listed = 50;         // linked reports listed on a report's page
  size_t max_graph_reports = 40;  // reports drawn in a graph
  size_t batch = 256;             // reports indexed per transaction
  size_t bulk_threshold = 20000;  // more waiting than this: rebuild in bulk
  unsigned threads = 2;           // for the bulk rebuild
  std::chrono::milliseconds poll{std::chrono::minutes(1)};  // the worker's round
  // With several nodes on one database: indexing runs under the lease
  // "links.index" of `leases`, so one node indexes at a time (a bulk rebuild
  // on two at once would undo each other). Null: one node, no lease.
  store::ClusterStore* leases = nullptr;
  std::string node;  // this node's id (NewNodeId)
};

class LinkServiceImpl final : public LinkService, public Notifier {
 public:
  // Every pointer must outlive this. `ports` is the port directory UN/LOCODEs
  // are looked up in; `clock` dates the vehicle marks checked and the leases.
  LinkServiceImpl(store::Store* store, store::StaffStore* staff, store::LinkStore* links,
                  AuditLog* audit, const core::PortDirectory* ports, const Clock* clock,
                  LinkOptions options = {});
  ~LinkServiceImpl() override;  // stops the worker, waiting for a round in progress

  Result<ReportLinks> Links(const StaffSession& s, const std::string& report_id) override;
  Result<LinkGraph> Graph(const StaffSession& s, const std::string& report_id, int depth) override;
  Status CatchUpForQueue(const StaffSession& s) override;
  Result<std::vector<std::string>> ReportsNaming(const StaffSession& s,
                                                 const std::string& text) override;
  OpenLinkGraph* open_links() override { return &graph_; }
  NearDuplicates* near_duplicates() override { return &near_; }
  Result<IndexRun> IndexPending(const StaffSession& s) override;

  // Fills the queue's link graph from the whole index, a page at a time,
  // with `s`'s keys: the worker does it when this node first holds the key
  // and after a bulk rebuild (the queue reads the graph meanwhile).
  Status LoadGraph(const StaffSession& s);

  // Brings the stored index to kLinkIndexVersion: an index of another
  // version is emptied and every report waits. Call once at start.
  Status CheckVersion();

  // Indexes in the background: at every Wake() (a new report, a reporter's
  // message, a sign-in) and every `poll`, with the keys of the session
  // `key_holder` returns; when it returns null nobody has unlocked the
  // service key and nothing happens. Call once.
  void StartWorker(std::function<std::shared_ptr<const StaffSession>()> key_holder);
  // Stops the worker, waiting for a round in progress; no round starts
  // after. Idempotent; the destructor calls it.
  void StopWorker();
  void Wake();
  // New reports and reporters' messages wake the worker.
  void Notify(Notice notice, const std::string& about) override;

 private:
  // The update that indexes one report from its decrypted text.
  Result<store::LinkUpdate> IndexOne(const intel::BlindIndex& index, crypto::ServiceOpener& opener,
                                     const intel::Extractor& ex, const std::string& id);
  Result<size_t> RemoveGarbage(const intel::BlindIndex& index);
  // Indexes every waiting report one batch at a time. Requires index_mu_.
  Result<size_t> IndexWaiting(const StaffSession& s, const intel::BlindIndex& index);
  // Before reading links: a few waiting reports are indexed now, so what the
  // handler sees is complete; a large backlog is left to the worker.
  Status CatchUp(const StaffSession& s, const intel::BlindIndex& index);
  Result<size_t> Rebuild(const StaffSession& s, const intel::BlindIndex& index);
  // A report's entries, indexing it first when it is not indexed yet;
  // nullopt when it is not and indexing is under way elsewhere.
  Result<std::optional<std::vector<intel::Entry>>> EntriesOf(const StaffSession& s,
                                                             const intel::BlindIndex& index,
                                                             const std::string& id);
  // Links of `id` without an audit entry (Links and Graph audit once).
  Result<ReportLinks> Collect(const StaffSession& s, const intel::BlindIndex& index,
                              const std::string& id, size_t max_listed);
  // After reports were (re)indexed: their strong links, as the queue's
  // graph keeps them. `rows` are the reports with their sealed entries as
  // stored now ("" for none, or removed).
  Status Relink(const intel::BlindIndex& index, const std::vector<store::LinkEntriesRow>& rows);
  void WorkerLoop();
  // IndexPending on this node, the lease (if any) taken.
  Result<IndexRun> IndexPendingHere(const StaffSession& s);
  // A bulk rebuild is running, here or on another node.
  bool RebuildUnderWay();

  store::Store* store_;
  store::StaffStore* staff_;
  store::LinkStore* links_;
  AuditLog* audit_;
  const core::PortDirectory* ports_;
  const Clock* clock_;
  LinkOptions options_;
  // The lease "links.index" when several nodes share the database (null for
  // one): one object for the service's life, which remembers a holder it
  // watches (service/leased_job.h).
  std::unique_ptr<LeasedJob> index_job_;
  std::mutex index_mu_;  // one indexing at a time
  // How long a queue page waits for an indexing run under way to finish:
  // tries of the lock a pause apart, about 200 ms in all (counted, not
  // timed, so an injected clock that stands still cannot hold it).
  static constexpr int kCatchUpTries = 100;
  static constexpr std::chrono::milliseconds kCatchUpPause{2};
  // A bulk rebuild holds index_mu_ for seconds; pages do not wait for it.
  std::atomic<bool> rebuilding_{false};

  OpenLinkGraph graph_;
  NearDuplicates near_;
  std::atomic<bool> graph_loaded_{false};
  int rounds_since_load_ = 0;  // the worker's

  std::function<std::shared_ptr<const StaffSession>()> key_holder_;
  std::mutex worker_mu_;
  std::condition_variable worker_cv_;
  bool wake_ = false;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace portsafe::service
