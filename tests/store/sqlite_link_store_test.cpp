// The link tables of SqliteStore: what waits to be indexed, updates in one
// transaction, the rows purged reports leave behind, the bulk replacement
// and a change of version.
#include <gtest/gtest.h>

#include <future>

#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace portsafe::store {
namespace {

using portsafe::testing::TempDir;

LinkPosting P(std::string_view term, std::string_view ref) { return LinkPosting::Of(term, ref); }
// A ref as ListLinkRefs returns it: padded to its size.
std::string R(std::string_view ref) { return std::string(P("", ref).ref_bytes()); }

class SqliteLinkStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.path() + "/t.db");
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->PutPorts({{"GBFXT", "Felixstowe", "SFK", "AF"}}).ok());
  }
  void Create(const std::string& id) {
    ReportRow r;
    r.id = id;
    r.lookup_id = "lookup-" + id;
    r.port_code = "GBFXT";
    r.category = "drugs";
    r.status = "new";
    r.received_on = "2026-11-26";
    r.sealed_key = r.receipt_wrapped_key = r.body = "x";
    std::promise<Status> p;
    store_->CreateReport(r, {}, [&p](Status s) { p.set_value(std::move(s)); });
    ASSERT_TRUE(p.get_future().get().ok());
  }
  Status Message(const std::string& id, const std::string& author) {
    std::promise<Status> p;
    store_->AppendMessage({id, 0, author, "2026-11-26", "m"},
                          [&p](Status s) { p.set_value(std::move(s)); });
    return p.get_future().get();
  }
  std::vector<std::string> Refs(const std::string& term) {
    auto r = store_->ListLinkRefs(std::string(P(term, "").term_bytes()), 100);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<std::string>{};
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteLinkStoreTest, NewReportsAndReporterMessagesWaitUntilIndexed) {
  Create("a");
  Create("b");
  EXPECT_EQ(*store_->CountLinkPending(), 2);
  EXPECT_EQ(store_->ListLinkPending(1)->size(), 1u);
  ASSERT_TRUE(store_
                  ->PutLinkIndex({{"a", "sealed-a", {}, {P("t1", "ra"), P("t2", "ra")}},
                                  {"b", "sealed-b", {}, {P("t1", "rb")}}})
                  .ok());
  EXPECT_EQ(*store_->CountLinkPending(), 0);
  EXPECT_EQ(Refs("t1"), (std::vector<std::string>{R("ra"), R("rb")}));
  EXPECT_EQ(store_->ListLinkRefs(std::string(P("t1", "").term_bytes()), 1)->size(), 1u);
  EXPECT_EQ(**store_->FindLinkEntries("a"), "sealed-a");
  EXPECT_FALSE(store_->FindLinkEntries("zz")->has_value());
  ASSERT_TRUE(Message("a", "service").ok());
  EXPECT_EQ(*store_->CountLinkPending(), 0);  // the service's words are not indexed
  ASSERT_TRUE(Message("a", "reporter").ok());
  EXPECT_EQ(*store_->ListLinkPending(10), std::vector<std::string>{"a"});
  // Re-indexing replaces: old postings out, new in.
  ASSERT_TRUE(store_->PutLinkIndex({{"a", "sealed-a2", {P("t2", "ra")}, {P("t3", "ra")}}}).ok());
  EXPECT_TRUE(Refs("t2").empty());
  EXPECT_EQ(Refs("t3"), std::vector<std::string>{R("ra")});
  EXPECT_EQ(**store_->FindLinkEntries("a"), "sealed-a2");
}

TEST_F(SqliteLinkStoreTest, APurgedReportLeavesItsRowsForTheNextRunWithTheKey) {
  Create("a");
  Create("b");
  ASSERT_TRUE(store_->PutLinkIndex({{"a", "sealed-a", {}, {P("t1", "ra")}}}).ok());
  ASSERT_TRUE(store_->DeleteReports({"a", "b"}).ok());
  EXPECT_EQ(*store_->CountLinkPending(), 0);  // b was waiting; it is gone
  auto garbage = store_->ListLinkGarbage(10);
  ASSERT_TRUE(garbage.ok());
  ASSERT_EQ(garbage->size(), 1u);  // only a had an index
  EXPECT_EQ((*garbage)[0].report_id, "a");
  EXPECT_EQ((*garbage)[0].entries, "sealed-a");
  // The update that removes it; an index for a vanished report is not kept.
  ASSERT_TRUE(store_->PutLinkIndex({{"a", "", {P("t1", "ra")}, {}}}).ok());
  EXPECT_TRUE(store_->ListLinkGarbage(10)->empty());
  EXPECT_TRUE(Refs("t1").empty());
  EXPECT_FALSE(store_->FindLinkEntries("a")->has_value());
  ASSERT_TRUE(store_->PutLinkIndex({{"b", "sealed-b", {}, {P("t1", "rb")}}}).ok());
  EXPECT_TRUE(Refs("t1").empty());
  EXPECT_FALSE(store_->FindLinkEntries("b")->has_value());
}

TEST_F(SqliteLinkStoreTest, BulkReplacementAndVersions) {
  for (const char* id : {"a", "b", "c"}) Create(id);
  ASSERT_TRUE(Message("b", "reporter").ok());
  ASSERT_TRUE(Message("b", "service").ok());
  ASSERT_TRUE(Message("b", "reporter").ok());
  auto page = store_->ListIndexSources("", 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].report_id, "a");
  EXPECT_EQ((*page)[0].sealed_key, "x");
  EXPECT_TRUE((*page)[0].reporter_messages.empty());
  EXPECT_EQ((*page)[1].reporter_messages.size(), 2u);  // the reporter's, not the service's
  page = store_->ListIndexSources("b", 2);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].report_id, "c");
  ASSERT_TRUE(store_->PutLinkIndex({{"a", "old", {}, {P("t9", "ra")}}}).ok());
  std::vector<LinkPosting> postings;
  for (int i = 0; i < 1000; ++i) postings.push_back(P("t" + std::to_string(1000 + i), "r"));
  ASSERT_TRUE(store_->ReplaceLinkIndex({{"a", "ea"}, {"b", "eb"}, {"gone", "eg"}}, postings).ok());
  EXPECT_TRUE(Refs("t9").empty());
  EXPECT_EQ(Refs("t1500"), std::vector<std::string>{R("r")});
  EXPECT_EQ(**store_->FindLinkEntries("b"), "eb");
  EXPECT_FALSE(store_->FindLinkEntries("gone")->has_value());
  EXPECT_EQ(*store_->ListLinkPending(10), std::vector<std::string>{"c"});
  EXPECT_EQ(*store_->LinkIndexVersion(), 0);
  ASSERT_TRUE(store_->ResetLinkIndex(3).ok());
  EXPECT_EQ(*store_->LinkIndexVersion(), 3);
  EXPECT_EQ(*store_->CountLinkPending(), 3);
  EXPECT_TRUE(Refs("t1500").empty());
  EXPECT_FALSE(store_->FindLinkEntries("a")->has_value());
}

}  // namespace
}  // namespace portsafe::store
