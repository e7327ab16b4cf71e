#include "crypto/base32.h"

#include <gtest/gtest.h>

#include "crypto/password.h"
#include "crypto/sodium.h"

namespace portsafe::crypto {
namespace {

// Known values: RFC 4648's test vectors, in Crockford's alphabet.
TEST(Base32Test, EncodesKnownValuesAndBack) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", ""},
      {"f", "CR"},
      {"fo", "CSQG"},
      {"foo", "CSQPY"},
      {"foob", "CSQPYRG"},
      {"fooba", "CSQPYRK1"},
      {"foobar", "CSQPYRK1E8"},
  };
  for (const auto& [bytes, symbols] : cases) {
    EXPECT_EQ(Base32Encode(bytes), symbols) << bytes;
    auto back = Base32Decode(symbols);
    ASSERT_TRUE(back.has_value()) << symbols;
    EXPECT_EQ(*back, bytes);
  }
  const std::string all(RandomBytes(20));
  EXPECT_EQ(Base32Decode(Base32Encode(all)), all);
  EXPECT_EQ(Base32Encode(all).size(), 32u);
}

TEST(Base32Test, RefusesWhatIsNotAnEncoding) {
  EXPECT_FALSE(Base32Decode("CU").has_value());   // U is not a symbol
  EXPECT_FALSE(Base32Decode("CS").has_value());   // padding bits not zero
  EXPECT_FALSE(Base32Decode("cr").has_value());   // canonical is upper case
  EXPECT_FALSE(Base32Decode("0").has_value());    // no encoding is one symbol long
  EXPECT_FALSE(Base32Decode("CR0").has_value());  // nor three
  EXPECT_FALSE(Base32Canonical("7K3M!", 10).has_value());
  EXPECT_FALSE(Base32Canonical("7K3M-QX9D", 7).has_value());  // too long
}

TEST(Base32Test, ReadsWhatAPersonTyped) {
  EXPECT_EQ(Base32Canonical(" 7k3m-qx9d\tOIL ", 32), "7K3MQX9D011");
  EXPECT_EQ(Base32Grouped("7K3MQX9D01", 4), "7K3M-QX9D-01");
}

// A recovery code is written down by hand: eight groups of four symbols,
// none that look alike; it opens the key however it is typed back.
TEST(RecoveryCodeTest, GroupsOfFourWithoutLookAlikesOpenTheKey) {
  auto made = MakeUserKey("a long enough passphrase");
  ASSERT_TRUE(made.ok());
  const std::string& code = made->recovery_code;
  ASSERT_EQ(code.size(), 39u) << code;
  for (size_t i = 0; i < code.size(); ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(code[i], '-') << code;
    } else {
      EXPECT_NE(kBase32Alphabet.find(code[i]), std::string_view::npos) << code;
    }
  }
  auto opened = UnlockUserKeyWithRecovery(made->stored, code);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->public_key, made->stored.public_key);
  // Lower case, spaces for hyphens, O for 0 and l for 1.
  std::string typed;
  for (char c : code) {
    char t = c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '0') t = 'O';
    if (c == '1') t = 'l';
    typed.push_back(t);
  }
  EXPECT_TRUE(UnlockUserKeyWithRecovery(made->stored, typed).ok()) << typed;
  // One symbol changed: refused, as every other wrong code.
  std::string wrong = code;
  wrong[0] = wrong[0] == 'Z' ? 'Y' : 'Z';
  EXPECT_EQ(UnlockUserKeyWithRecovery(made->stored, wrong).error().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(UnlockUserKeyWithRecovery(made->stored, code.substr(0, 34)).error().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(UnlockUserKeyWithRecovery(made->stored, std::string(5000, 'A')).error().code(),
            ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace portsafe::crypto
