// The link tables of SqlStore: what waits to be indexed, updates in one
// transaction, the rows purged reports leave behind, the bulk replacement
// and a change of version.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>

#include "store/sql_store.h"
#include "store/store_fixture.h"
#include "support/temp_dir.h"

namespace portsafe::store {
namespace {

LinkPosting P(std::string_view term, std::string_view ref) { return LinkPosting::Of(term, ref); }
// A ref as ListLinkRefs returns it: padded to its size.
std::string R(std::string_view ref) { return std::string(P("", ref).ref_bytes()); }

class LinkStoreTest : public StoreFixture {
 protected:
  void Create(const std::string& id) { ASSERT_TRUE(FileReport(*store_, TestReport(id)).ok()); }
  Status Message(const std::string& id, const std::string& author) {
    std::promise<Status> p;
    store_->reports().AppendMessage({id, 0, author, "2026-11-26", "m"},
                                    [&p](Status s) { p.set_value(std::move(s)); });
    return p.get_future().get();
  }
  std::vector<std::string> Refs(const std::string& term) {
    auto r = store_->links().ListLinkRefs(std::string(P(term, "").term_bytes()), 100);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<std::string>{};
  }
};

PORTSAFE_ON_EVERY_STORE(LinkStoreTest);

TEST_P(LinkStoreTest, NewReportsAndReporterMessagesWaitUntilIndexed) {
  Create("a");
  Create("b");
  EXPECT_EQ(*store_->links().CountLinkPending(), 2);
  EXPECT_EQ(store_->links().ListLinkPending(1)->size(), 1u);
  ASSERT_TRUE(store_->links()
                  .PutLinkIndex({{"a", "sealed-a", {}, {P("t1", "ra"), P("t2", "ra")}},
                                 {"b", "sealed-b", {}, {P("t1", "rb")}}})
                  .ok());
  EXPECT_EQ(*store_->links().CountLinkPending(), 0);
  EXPECT_EQ(Refs("t1"), (std::vector<std::string>{R("ra"), R("rb")}));
  EXPECT_EQ(store_->links().ListLinkRefs(std::string(P("t1", "").term_bytes()), 1)->size(), 1u);
  EXPECT_EQ(**store_->links().FindLinkEntries("a"), "sealed-a");
  EXPECT_FALSE(store_->links().FindLinkEntries("zz")->has_value());
  ASSERT_TRUE(Message("a", "service").ok());
  EXPECT_EQ(*store_->links().CountLinkPending(), 0);  // the service's words are not indexed
  ASSERT_TRUE(Message("a", "reporter").ok());
  EXPECT_EQ(*store_->links().ListLinkPending(10), std::vector<std::string>{"a"});
  // The last possible term, and a term next to another, keep their refs apart.
  const std::string ones(16, '\xff');
  std::string below = ones;
  below[15] = '\xfe';
  ASSERT_TRUE(
      store_->links().PutLinkIndex({{"b", "sealed-b", {}, {P(ones, "rz"), P(below, "ry")}}}).ok());
  EXPECT_EQ(*store_->links().ListLinkRefs(ones, 10), std::vector<std::string>{R("rz")});
  EXPECT_EQ(*store_->links().ListLinkRefs(below, 10), std::vector<std::string>{R("ry")});
  // Re-indexing replaces: old postings out, new in.
  ASSERT_TRUE(
      store_->links().PutLinkIndex({{"a", "sealed-a2", {P("t2", "ra")}, {P("t3", "ra")}}}).ok());
  EXPECT_TRUE(Refs("t2").empty());
  EXPECT_EQ(Refs("t3"), std::vector<std::string>{R("ra")});
  EXPECT_EQ(**store_->links().FindLinkEntries("a"), "sealed-a2");
}

TEST_P(LinkStoreTest, APurgedReportLeavesItsRowsForTheNextRunWithTheKey) {
  Create("a");
  Create("b");
  ASSERT_TRUE(store_->links().PutLinkIndex({{"a", "sealed-a", {}, {P("t1", "ra")}}}).ok());
  ASSERT_TRUE(store_->staff().DeleteReports({"a", "b"}).ok());
  EXPECT_EQ(*store_->links().CountLinkPending(), 0);  // b was waiting; it is gone
  auto garbage = store_->links().ListLinkGarbage(10);
  ASSERT_TRUE(garbage.ok());
  ASSERT_EQ(garbage->size(), 2u);
  EXPECT_EQ((*garbage)[0].report_id, "a");
  EXPECT_EQ((*garbage)[0].entries, "sealed-a");
  EXPECT_EQ((*garbage)[1].report_id, "b");
  EXPECT_EQ((*garbage)[1].entries, "");  // never indexed: nothing to find
  // The updates that remove them; an index for a vanished report is not kept.
  ASSERT_TRUE(
      store_->links().PutLinkIndex({{"a", "", {P("t1", "ra")}, {}}, {"b", "", {}, {}}}).ok());
  EXPECT_TRUE(store_->links().ListLinkGarbage(10)->empty());
  EXPECT_TRUE(Refs("t1").empty());
  EXPECT_FALSE(store_->links().FindLinkEntries("a")->has_value());
  ASSERT_TRUE(store_->links().PutLinkIndex({{"b", "sealed-b", {}, {P("t1", "rb")}}}).ok());
  EXPECT_TRUE(Refs("t1").empty());
  EXPECT_FALSE(store_->links().FindLinkEntries("b")->has_value());
}

TEST_P(LinkStoreTest, TheBulkRebuildsStepsAndVersions) {
  for (const char* id : {"a", "b", "c"}) Create(id);
  ASSERT_TRUE(Message("b", "reporter").ok());
  ASSERT_TRUE(Message("b", "service").ok());
  ASSERT_TRUE(Message("b", "reporter").ok());
  auto page = store_->links().ListIndexSources("", 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].report_id, "a");
  EXPECT_EQ((*page)[0].sealed_key, "sk");
  EXPECT_TRUE((*page)[0].reporter_messages.empty());
  EXPECT_EQ((*page)[1].reporter_messages.size(), 2u);  // the reporter's, not the service's
  page = store_->links().ListIndexSources("b", 2);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].report_id, "c");

  ASSERT_TRUE(store_->links().PutLinkIndex({{"a", "old", {}, {P("t9", "ra")}}}).ok());
  ASSERT_TRUE(store_->links().ClearLinkIndex().ok());
  EXPECT_TRUE(Refs("t9").empty());
  EXPECT_FALSE(store_->links().FindLinkEntries("a")->has_value());
  EXPECT_EQ(*store_->links().CountLinkPending(), 0);
  EXPECT_EQ(*store_->links().LinkIndexVersion(), -1);  // unfinished until the postings are in
  Create("d");                                         // filed during the rebuild: it waits
  ASSERT_TRUE(store_->links().PutLinkEntries({{"a", "ea"}, {"b", "eb"}}).ok());
  EXPECT_EQ(**store_->links().FindLinkEntries("b"), "eb");
  EXPECT_EQ(*store_->links().ListLinkPending(10), std::vector<std::string>{"d"});
  // Three sorted runs, written merged; more rows than one INSERT takes.
  std::vector<std::vector<LinkPosting>> runs(3);
  for (int i = 0; i < 1000; ++i) runs[i % 3].push_back(P("t" + std::to_string(1000 + i), "r"));
  runs[1].push_back(P("t1500", "s"));
  std::sort(runs[1].begin(), runs[1].end());
  ASSERT_TRUE(store_->links().PutLinkPostings(std::move(runs)).ok());
  EXPECT_EQ(*store_->links().LinkIndexVersion(), -1);
  ASSERT_TRUE(store_->links().PutLinkPostings({{P("u1", "r")}}).ok());  // a later key range
  ASSERT_TRUE(store_->links().FinishLinkRebuild().ok());
  EXPECT_EQ(Refs("u1"), std::vector<std::string>{R("r")});
  EXPECT_EQ(Refs("t1500"), (std::vector<std::string>{R("r"), R("s")}));
  EXPECT_EQ(Refs("t1999"), std::vector<std::string>{R("r")});
  EXPECT_EQ(*store_->links().LinkIndexVersion(), 0);
  ASSERT_TRUE(store_->links().ResetLinkIndex(3).ok());
  EXPECT_EQ(*store_->links().LinkIndexVersion(), 3);
  EXPECT_EQ(*store_->links().CountLinkPending(), 4);
  EXPECT_TRUE(Refs("t1500").empty());
  EXPECT_FALSE(store_->links().FindLinkEntries("a")->has_value());
}

}  // namespace
}  // namespace portsafe::store
