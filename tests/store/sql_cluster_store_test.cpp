// What nodes share, on both backends: sessions by token hash, and job leases
// that two stores on one database (two nodes) never hold at once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/store_fixture.h"

namespace portsafe::store {
namespace {

class ClusterStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    for (const char* id : {"u1", "u2"}) {
      UserRow u;
      u.id = id;
      u.email = std::string(id) + "@example.org";
      u.role = "handler";
      ASSERT_TRUE(store_->staff().PutUser(u).ok());
    }
  }
};
PORTSAFE_ON_EVERY_STORE(ClusterStoreTest);

TEST_P(ClusterStoreTest, SessionsAreFoundByTokenHashTouchedAndEnded) {
  const std::string hash("\x00\x01token-hash", 12);
  ASSERT_TRUE(
      store_->cluster().PutSession({hash, "u1", 1000, 1000, std::string("\0sealed", 7)}).ok());
  EXPECT_EQ(store_->cluster().PutSession({hash, "u1", 1, 1, "x"}).error().code(),
            ErrorCode::kAlreadyExists);
  auto s = store_->cluster().FindSession(hash);
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_EQ((*s)->sealed, std::string("\0sealed", 7));
  ASSERT_TRUE(store_->cluster().TouchSession(hash, 1500).ok());
  ASSERT_TRUE(store_->cluster().TouchSession(hash, 1200).ok());  // never backwards
  EXPECT_EQ((*store_->cluster().FindSession(hash))->last_seen, 1500);
  EXPECT_FALSE(store_->cluster().FindSession("other")->has_value());

  ASSERT_TRUE(store_->cluster().PutSession({"h2", "u1", 100, 100, "s"}).ok());
  ASSERT_TRUE(store_->cluster().PutSession({"h3", "u1", 2000, 2000, "s"}).ok());
  auto gone = store_->cluster().DeleteExpiredSessions(/*idle_before=*/1400, /*created_before=*/500);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 1);  // h2
  ASSERT_TRUE(store_->cluster().DeleteSession(hash).ok());
  EXPECT_FALSE(store_->cluster().FindSession(hash)->has_value());
  EXPECT_TRUE(store_->cluster().FindSession("h3")->has_value());
  // A user's other sessions end, the kept one and other users' stay.
  ASSERT_TRUE(store_->cluster().PutSession({"h4", "u1", 2000, 2100, "s"}).ok());
  ASSERT_TRUE(store_->cluster().PutSession({"h5", "u2", 2000, 2000, "s"}).ok());
  auto listed = store_->cluster().ListUserSessions("u1");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);  // h3, h4: oldest first, nothing sealed
  EXPECT_EQ((*listed)[0].token_hash, "h3");
  EXPECT_EQ((*listed)[1].token_hash, "h4");
  EXPECT_EQ((*listed)[1].last_seen, 2100);
  EXPECT_EQ((*listed)[1].sealed, "");
  EXPECT_TRUE(store_->cluster().ListUserSessions("nobody")->empty());
  ASSERT_TRUE(store_->cluster().DeleteUserSessions("u1", "h4").ok());
  EXPECT_FALSE(store_->cluster().FindSession("h3")->has_value());
  EXPECT_TRUE(store_->cluster().FindSession("h4")->has_value());
  EXPECT_TRUE(store_->cluster().FindSession("h5")->has_value());
  ASSERT_TRUE(store_->cluster().DeleteUserSessions("u1", "").ok());
  EXPECT_FALSE(store_->cluster().FindSession("h4")->has_value());
  EXPECT_TRUE(store_->cluster().FindSession("h5")->has_value());
}

TEST_P(ClusterStoreTest, ALeaseIsHeldByOneHolderUntilFinishedOrSeenToHaveStopped) {
  ClusterStore& leases = store_->cluster();
  auto a = leases.TakeLease("purge", "node-a", -1);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->held);
  EXPECT_EQ(a->last_done, "");
  auto b = leases.TakeLease("purge", "node-b", -1);
  EXPECT_FALSE(b->held);
  EXPECT_EQ(b->holder, "node-a");  // who holds it, and at which beat
  auto renewed = leases.TakeLease("purge", "node-a", -1);
  EXPECT_TRUE(renewed->held);
  EXPECT_NE(renewed->beat, b->beat);  // every take moves the beat
  // A stale beat (node-a has moved on since) takes nothing.
  EXPECT_FALSE(leases.TakeLease("purge", "node-b", b->beat)->held);
  EXPECT_TRUE(leases.TakeLease("other-job", "node-b", -1)->held);
  // The beat node-b watched stand still: node-a stopped, node-b takes over.
  EXPECT_TRUE(leases.TakeLease("purge", "node-b", renewed->beat)->held);
  EXPECT_EQ(leases.FinishLease("purge", "node-a", "2026-11-29").error().code(),
            ErrorCode::kAlreadyExists);
  ASSERT_TRUE(leases.FinishLease("purge", "node-b", "2026-11-29").ok());
  auto c = leases.TakeLease("purge", "node-c", -1);
  EXPECT_TRUE(c->held);  // finished: free at once
  EXPECT_EQ(c->last_done, "2026-11-29");
}

TEST_P(ClusterStoreTest, TwoNodesRacingForALeaseGetItOnce) {
  auto other = Open();
  ASSERT_TRUE(other.ok());
  for (int round = 0; round < 20; ++round) {
    const std::string job = "job" + std::to_string(round);
    std::atomic<int> held{0};
    auto take = [&](ClusterStore* s, const char* who) {
      auto l = s->TakeLease(job, who, -1);
      ASSERT_TRUE(l.ok()) << l.error().message();
      if (l->held) ++held;
    };
    std::thread ta(take, &store_->cluster(), "node-a");
    std::thread tb(take, &(*other)->cluster(), "node-b");
    ta.join();
    tb.join();
    EXPECT_EQ(held.load(), 1) << job;
  }
}

}  // namespace
}  // namespace portsafe::store
