#include "common/result.h"

#include <gtest/gtest.h>

namespace portsafe {
namespace {

TEST(ErrorTest, CodeMessageFieldAndKeyAreSeparate) {
  Error e = InvalidField("text", "Write a message.").WithKey("error.message_invalid");
  EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.message(), "Write a message.");
  EXPECT_EQ(e.field(), "text");
  EXPECT_EQ(e.key(), "error.message_invalid");
  Error plain = NotFound("no such report");
  EXPECT_TRUE(plain.field().empty());
  EXPECT_TRUE(plain.key().empty());
  // They travel through Status and Result intact.
  Status st = std::move(e);
  Result<int> r(st.error());
  EXPECT_EQ(r.error().field(), "text");
  EXPECT_EQ(r.status().error().key(), "error.message_invalid");
}

}  // namespace
}  // namespace portsafe
