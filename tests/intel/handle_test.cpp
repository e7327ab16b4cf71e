#include "intel/handle.h"

#include <gtest/gtest.h>

namespace portsafe::intel {
namespace {

TEST(HandleTest, OneAccountTypedManyWaysIsOneValue) {
  for (const char* typed :
       {"dock_mate", "@Dock_Mate", "  @DOCK_MATE ", "https://instagram.example/dock_mate/",
        "https://x.example/@dock_mate?ref=share", "http://t.example/dock_mate#top",
        "https://x.example/dock_mate/status/1234567",
        "https://tiktok.example/@Dock_Mate/video/99"}) {
    EXPECT_EQ(NormaliseHandle(typed).value_or("<none>"), "dock_mate") << typed;
  }
}

TEST(HandleTest, WhatIsNotAHandleGivesNone) {
  for (const char* typed : {"", "@", "a", "ab", "John Smith", "07700 900123", "+447700900123",
                            "https://instagram.example/", "naïve", "x;drop", "12345", "unknown",
                            "None", "@idk", "https://facebook.example/profile.php?id=1000123"}) {
    EXPECT_FALSE(NormaliseHandle(typed).has_value()) << typed;
  }
  EXPECT_FALSE(NormaliseHandle(std::string(65, 'a')).has_value());
  EXPECT_TRUE(NormaliseHandle(std::string(64, 'a')).has_value());
}

TEST(HandleTest, TheWayTheApproachCameSaysWhichKindOfHandleItIs) {
  auto social = HandleEntries("social_media", "@Dock_Mate");
  ASSERT_EQ(social.size(), 1u);
  EXPECT_EQ(social[0].kind, Kind::kSocialHandle);
  EXPECT_EQ(social[0].value, "dock_mate");
  auto messaging = HandleEntries("text_or_messaging", "dock_mate");
  ASSERT_EQ(messaging.size(), 1u);
  EXPECT_EQ(messaging[0].kind, Kind::kMessagingHandle);
  EXPECT_TRUE(HandleEntries("in_person", "dock_mate").empty());
  EXPECT_TRUE(HandleEntries("", "dock_mate").empty());
  EXPECT_TRUE(HandleEntries("social_media", "John Smith").empty());
  EXPECT_EQ(KindName(Kind::kSocialHandle), "social_handle");
  EXPECT_EQ(ParseKind("messaging_handle"), Kind::kMessagingHandle);
}

}  // namespace
}  // namespace portsafe::intel
