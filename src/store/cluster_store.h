// What the nodes of one deployment share beyond the records, so that no
// node keeps state another needs: staff sessions and job leases.
// Implemented by SqlClusterStore (sql_cluster_store.cpp); tests use
// MockClusterStore (tests/store/mock_cluster_store.h). Writes wait for the
// commit; reads are safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace portsafe::store {

// A signed-in staff session. `sealed` holds who the user is and the keys the
// sign-in unlocked, sealed under a key derived from the session token, which
// only the user's browser holds; the table is keyed by a hash of the token.
// Times are unix seconds (staff sessions, never a reporter's).
struct SessionRow {
  std::string token_hash;
  std::string user_id;
  std::int64_t created_at = 0;
  std::int64_t last_seen = 0;
  std::string sealed;
};

// A background job's lease as taken: whether this holder has it now; when
// another has it, who and the lease's beat (a counter that moves at every
// take, so a node waiting for the lease can tell a holder that stopped from
// one that finished and took it again); and what the last holder to finish
// the job recorded (e.g. the day it ran). No time is stored: the work a
// lease guards may have been set off by a reporter, and a lease written
// "now + 15 minutes" would date the report (docs/security.md).
struct Lease {
  bool held = false;
  std::string holder;  // "" when free
  std::int64_t beat = 0;
  std::string last_done;
};

class ClusterStore {
 public:
  virtual ~ClusterStore() = default;

  // kAlreadyExists when the token hash is taken.
  virtual Status PutSession(const SessionRow& row) = 0;
  virtual Result<std::optional<SessionRow>> FindSession(const std::string& token_hash) = 0;
  // The sessions of `user_id`, oldest first, without their sealed part.
  virtual Result<std::vector<SessionRow>> ListUserSessions(const std::string& user_id) = 0;
  // Moves last_seen forward (never back).
  virtual Status TouchSession(const std::string& token_hash, std::int64_t last_seen) = 0;
  // Replaces the sealed part of a session (what it may do changed);
  // kNotFound when it has ended.
  virtual Status ResealSession(const std::string& token_hash, const std::string& sealed) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  // Ends every session of `user_id` but the one whose token hash is
  // `keep_token_hash` ("" keeps none).
  virtual Status DeleteUserSessions(const std::string& user_id,
                                    const std::string& keep_token_hash) = 0;
  // Removes sessions idle since before `idle_before` or made before
  // `created_before`; returns how many went.
  virtual Result<std::int64_t> DeleteExpiredSessions(std::int64_t idle_before,
                                                     std::int64_t created_before) = 0;

  // Takes the lease on `job` for `holder` when it is free, already this
  // holder's, or held by another at exactly beat `stale_beat` (a holder the
  // caller has watched not move for longer than a run can take: it stopped;
  // -1 for none). Each take moves the beat on. Atomic across nodes: two
  // holders never both get held = true at once.
  virtual Result<Lease> TakeLease(const std::string& job, const std::string& holder,
                                  std::int64_t stale_beat) = 0;
  // Records `last_done` and frees the lease, if `holder` still has it
  // (kAlreadyExists when another holder took it over).
  virtual Status FinishLease(const std::string& job, const std::string& holder,
                             const std::string& last_done) = 0;
};

}  // namespace portsafe::store
