// The audit chain's head, recorded outside the database: every `every`
// entries and once a day, and Verify comparing the chain with the heads.
#include "service/audit_witness.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/clock.h"
#include "service/audit_log.h"
#include "service/instance.h"
#include "service/staff_world.h"
#include "store/sqlite_conn.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {

using testing::StaffWorld;

TEST(AuditWitnessTest, LinesGoBothWaysAndABadLineIsNamed) {
  AuditHead h{42, std::string(32, '\xab'), "2026-12-04"};
  const std::string line = AuditWitness::Format(h);
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += "ab";
  EXPECT_EQ(line, "42 " + hex + " 2026-12-04\n");
  auto back = AuditWitness::Parse(std::string_view(line).substr(0, line.size() - 1));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->seq, 42);
  EXPECT_EQ(back->mac, h.mac);
  EXPECT_EQ(back->on, "2026-12-04");
  for (const std::string& bad :
       {std::string(), std::string("42"), "x " + std::string(64, 'a') + " 2026-12-04",
        "42 " + std::string(63, 'a') + " 2026-12-04", "42 " + std::string(64, 'g') + " 2026-12-04",
        "42 " + std::string(64, 'a') + " 20261204", "-1 " + std::string(64, 'a') + " 2026-12-04"}) {
    EXPECT_FALSE(AuditWitness::Parse(bad).ok()) << bad;
  }

  testing::TempDir dir;
  AuditWitness w(dir.path() + "/w");
  EXPECT_EQ(w.Read().error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(w.Record(h).ok());
  ASSERT_TRUE(w.Record({43, std::string(32, '\x01'), "2026-12-05"}).ok());
  auto heads = w.Read();
  ASSERT_TRUE(heads.ok());
  ASSERT_EQ(heads->size(), 2u);
  EXPECT_EQ((*heads)[1].seq, 43);
  // A line cut short (a crash mid-write) is left out, and taken back by the
  // next head; a line copied from a mail may end in CR LF.
  std::ofstream(w.path(), std::ios::app) << "44 abab";
  ASSERT_EQ(w.Read()->size(), 2u);
  ASSERT_TRUE(w.Record({45, std::string(32, '\x02'), "2026-12-06"}).ok());
  heads = w.Read();
  ASSERT_TRUE(heads.ok()) << heads.error().message();
  ASSERT_EQ(heads->size(), 3u);
  EXPECT_EQ((*heads)[2].seq, 45);
  std::ofstream(w.path(), std::ios::app) << AuditWitness::Format(h).substr(0, 78) << "\r\n";
  ASSERT_EQ(w.Read()->size(), 4u);
  std::ofstream(w.path(), std::ios::app) << "not a head\n";
  auto broken = w.Read();
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message().find("line 5"), std::string::npos) << broken.error().message();
}

// Heads are recorded every `every` entries and once a day, each one told
// to the callback (the services mail it); the chain checked against them
// names the entries deleted from its end, an emptied log, and an entry
// that is not the one witnessed.
TEST(AuditWitnessTest, HeadsAreRecordedAndVerifyNamesWhatIsMissingOrRewritten) {
  StaffWorld w;
  testing::TempDir dir;
  AuditWitness witness(dir.path() + "/audit.witness");
  std::vector<AuditHead> told;
  AuditLog log(&w.store_->staff(), w.keys_.instance_secret, &w.clock_,
               {&witness, 3, [&told](const AuditHead& h) { told.push_back(h); }});
  const std::int64_t start = (*log.Head()).seq;  // StaffWorld's own entries
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(log.Append({"cli", "operator", "test", "t"}).ok());
  const std::int64_t end = start + 7;
  auto heads = witness.Read();
  ASSERT_TRUE(heads.ok());
  std::vector<std::int64_t> seqs;
  for (const auto& h : *heads) seqs.push_back(h.seq);
  std::vector<std::int64_t> want;
  for (std::int64_t s = start + 1; s <= end; ++s) {
    if (s % 3 == 0) want.push_back(s);
  }
  EXPECT_EQ(seqs, want);
  EXPECT_EQ(told.size(), want.size());

  // Daily: once a day, whatever the entries.
  ASSERT_TRUE(log.WitnessIfDue().ok());  // the day's first was at a multiple of 3
  const size_t before = witness.Read()->size();
  ASSERT_TRUE(log.WitnessIfDue().ok());
  EXPECT_EQ(witness.Read()->size(), before);
  w.clock_.Advance(std::chrono::hours(24));
  ASSERT_TRUE(log.WitnessIfDue().ok());
  ASSERT_EQ(witness.Read()->size(), before + 1);
  EXPECT_EQ(witness.Read()->back().seq, end);
  EXPECT_NE(witness.Read()->back().on, (*witness.Read())[0].on);

  auto v = log.Verify(*witness.Read());
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact());
  EXPECT_EQ(v->entries, end);

  auto conn = store::SqliteConn::Open(service::DatabasePath(w.data_), false);
  ASSERT_TRUE(conn.ok());
  std::unique_ptr<store::SqliteConn> c(std::move(*conn));
  // The newest two deleted: the chain is whole, but shorter than witnessed.
  const std::string cut = "DELETE FROM audit WHERE seq > " + std::to_string(end - 2);
  ASSERT_TRUE(c->Exec(cut.c_str()).ok());
  EXPECT_FALSE(log.Verify()->first_bad.has_value());  // the chain alone sees nothing
  v = log.Verify(*witness.Read());
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->intact());
  EXPECT_EQ(v->entries, end - 2);
  ASSERT_TRUE(v->missing.has_value());
  EXPECT_EQ(v->missing->seq, end);

  // Written to again: the entries at witnessed numbers are other ones.
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(log.Append({"cli", "operator", "again", "t"}).ok());
  v = log.Verify(*witness.Read());
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->missing.has_value());
  ASSERT_TRUE(v->differs.has_value());
  EXPECT_GT(v->differs->seq, end - 2);  // the first witnessed one after the cut
  EXPECT_LE(v->differs->seq, end);

  // Emptied.
  ASSERT_TRUE(c->Exec("DELETE FROM audit").ok());
  v = log.Verify(*witness.Read());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->entries, 0);
  ASSERT_TRUE(v->missing.has_value());
  EXPECT_EQ(v->missing->seq, end);
}

}  // namespace
}  // namespace portsafe::service
