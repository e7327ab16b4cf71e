#include "service/leased_job.h"

#include "crypto/sodium.h"

namespace portsafe::service {

std::string NewNodeId() { return crypto::ToHex(crypto::RandomBytes(8)); }

LeasedJob::LeasedJob(store::ClusterStore* store, const Clock* clock, Options options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

Result<bool> LeasedJob::RunIfDue(const std::function<bool(const std::string&)>& due,
                                 const std::function<Result<std::string>()>& job) {
  const auto now = clock_->Monotonic();
  std::int64_t stale_beat = -1;
  {
    std::lock_guard lock(mu_);
    if (seen_ && now - seen_->since >= std::chrono::seconds(options_.ttl_seconds)) {
      stale_beat = seen_->beat;  // silent for longer than a run can take: it stopped
    }
  }
  auto lease = store_->TakeLease(options_.name, options_.node, stale_beat);
  if (!lease.ok()) return lease.error();
  {
    std::lock_guard lock(mu_);
    if (lease->held) {
      seen_.reset();
    } else if (!seen_ || seen_->holder != lease->holder || seen_->beat != lease->beat) {
      seen_ = Seen{lease->holder, lease->beat, now};  // it moved: watch it afresh
    }
  }
  if (!lease->held) return false;
  std::string last_done = lease->last_done;
  bool ran = false;
  Error failed = Internal("");
  bool ok = true;
  if (due(last_done)) {
    auto done = job();
    ran = true;
    if (done.ok()) {
      last_done = *done;
    } else {
      ok = false;
      failed = done.error();
    }
  }
  // Frees the lease (with the old last_done when the job failed).
  if (auto st = store_->FinishLease(options_.name, options_.node, last_done); !st.ok() && ok) {
    return st.error();
  }
  if (!ok) return failed;
  return ran;
}

}  // namespace portsafe::service
