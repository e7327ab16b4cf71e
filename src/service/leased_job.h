// A background job that runs on one node at a time, however many nodes
// serve the database: each run first takes the job's lease
// (store::ClusterStore::TakeLease), and the lease records what the last run
// finished (e.g. the day), so a daily job runs once a day in all. A node that
// dies mid-run holds the lease until another node has watched it not move
// for ttl_seconds (on its own monotonic clock, in memory); then that node
// takes over. Nothing about when is written to the database.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "store/cluster_store.h"

namespace portsafe::service {

// A random name for this process among the nodes (16 hex digits). Names
// nothing else: it only tells leases apart.
std::string NewNodeId();

class LeasedJob {
 public:
  struct Options {
    std::string name;                 // the lease's name, e.g. "retention.purge"
    std::string node;                 // this node's id (NewNodeId)
    std::int64_t ttl_seconds = 3600;  // longer than a run can take
  };
  // `store` and `clock` (its monotonic clock times a holder's silence) must
  // outlive this. Thread-safe.
  LeasedJob(store::ClusterStore* store, const Clock* clock, Options options);

  // Takes the lease; when held and `due(last_done)`, runs `job` and records
  // what it returns as last_done. Answers whether `job` ran (false: another
  // node holds the lease, or the job was not due). A failing job leaves
  // last_done as it was, so the next round tries again.
  Result<bool> RunIfDue(const std::function<bool(const std::string& last_done)>& due,
                        const std::function<Result<std::string>()>& job);

 private:
  // Another holder seen holding the lease, at which beat, and since when.
  struct Seen {
    std::string holder;
    std::int64_t beat = 0;
    std::chrono::steady_clock::time_point since;
  };

  store::ClusterStore* store_;
  const Clock* clock_;
  Options options_;
  std::mutex mu_;
  std::optional<Seen> seen_;  // guarded by mu_
};

}  // namespace portsafe::service
