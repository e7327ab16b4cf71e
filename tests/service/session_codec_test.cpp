// The stored form of a staff session and of portsafe.conf.
#include "service/session_codec.h"

#include <gtest/gtest.h>

#include "crypto/sealed_box.h"
#include "service/instance.h"

namespace portsafe::service {
namespace {

StaffSession Sample() {
  StaffSession s;
  s.user_id = "0123456789abcdef";
  s.email = "handler@test.invalid";
  s.role = core::Role::kSupervisor;
  s.csrf = "csrf-token";
  s.user_key = crypto::GenerateKeyPair();
  s.service_key = crypto::GenerateKeyPair();
  s.retired_service_keys = {crypto::GenerateKeyPair(), crypto::GenerateKeyPair()};
  return s;
}

TEST(SessionCodecTest, ASessionComesBackWithEveryKey) {
  StaffSession s = Sample();
  auto back = DecodeSession(EncodeSession(s).view());
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->user_id, s.user_id);
  EXPECT_EQ(back->email, s.email);
  EXPECT_EQ(back->role, core::Role::kSupervisor);
  EXPECT_EQ(back->csrf, s.csrf);
  EXPECT_EQ(back->user_key.private_key.view(), s.user_key.private_key.view());
  ASSERT_TRUE(back->service_key.has_value());
  EXPECT_EQ(back->service_key->private_key.view(), s.service_key->private_key.view());
  EXPECT_FALSE(back->agency_key.has_value());
  ASSERT_EQ(back->retired_service_keys.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back->retired_service_keys[i].public_key, s.retired_service_keys[i].public_key);
    EXPECT_EQ(back->retired_service_keys[i].private_key.view(),
              s.retired_service_keys[i].private_key.view());
  }
  EXPECT_TRUE(back->retired_agency_keys.empty());
  EXPECT_FALSE(back->must_change_password);
  // Re-encoding gives the same bytes (what the fuzzer checks for any input).
  EXPECT_EQ(EncodeSession(*back).view(), EncodeSession(s).view());
  s.must_change_password = true;
  auto flagged = DecodeSession(EncodeSession(s).view());
  ASSERT_TRUE(flagged.ok());
  EXPECT_TRUE(flagged->must_change_password);
}

TEST(SessionCodecTest, AnythingElseIsRefused) {
  const std::string good(EncodeSession(Sample()).view());
  for (size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_FALSE(DecodeSession(good.substr(0, cut)).ok()) << cut;
  }
  EXPECT_FALSE(DecodeSession(good + "x").ok());
  std::string other_version = good;
  other_version[0] = 3;
  EXPECT_FALSE(DecodeSession(other_version).ok());
  // Version 1 ends before the lists of retired keys: with them, it is refused.
  std::string v1 = good;
  v1[0] = 1;
  EXPECT_FALSE(DecodeSession(v1).ok());
  // The first-password flag is 0 or 1, nothing else.
  std::string flag = good;
  flag.back() = 2;
  EXPECT_FALSE(DecodeSession(flag).ok());
}

// A session stored before rotations existed (version 1: no retired keys)
// still opens after the upgrade, so nobody is signed out by it.
TEST(SessionCodecTest, ASessionStoredBeforeRotationsStillOpens) {
  StaffSession s = Sample();
  s.retired_service_keys.clear();
  std::string bytes(EncodeSession(s).view());
  // Version 2 with both lists empty and no first password to change is
  // version 1, two counts of zero and a 0.
  const std::string empty_lists = std::string("\x04\0\0\0\0\0\0\0", 8) +
                                  std::string("\x04\0\0\0\0\0\0\0", 8) + std::string(1, '\0');
  ASSERT_EQ(bytes.substr(bytes.size() - 17), empty_lists);
  bytes.resize(bytes.size() - 17);
  bytes[0] = 1;
  auto back = DecodeSession(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->service_key->private_key.view(), s.service_key->private_key.view());
  EXPECT_TRUE(back->retired_service_keys.empty());
}

TEST(InstanceConfigTest, ReadsTheDatabaseUrlAndNamesTheBadLine) {
  auto c = ParseInstanceConfig(
      "# a comment\n\n  database_url =  postgresql://portsafe@db/portsafe \r\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->database_url, "postgresql://portsafe@db/portsafe");
  EXPECT_EQ(ParseInstanceConfig(FormatInstanceConfig(*c))->database_url, c->database_url);
  EXPECT_TRUE(ParseInstanceConfig("")->database_url.empty());
  auto unknown = ParseInstanceConfig("\ncolour = blue\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseInstanceConfig("database_url = /var/lib/portsafe.db").ok());
  EXPECT_FALSE(ParseInstanceConfig("database_url").ok());
}

}  // namespace
}  // namespace portsafe::service
