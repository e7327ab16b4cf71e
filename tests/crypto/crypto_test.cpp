#include <gtest/gtest.h>

#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "crypto/aead.h"
#include "crypto/file_cipher.h"
#include "crypto/receipt.h"
#include "crypto/report_cipher.h"
#include "crypto/sealed_box.h"
#include "crypto/service_sealer.h"

namespace portsafe::crypto {
namespace {

ManualClock clock;  // the sealer's epochs age on it

TEST(RandomSourceTest, InstalledAndNeverRepeatsAcrossCallsThreadsOrFork) {
  Init();
  EXPECT_STREQ(randombytes_implementation_name(), "portsafe-getrandom-buffered");
  // 16-byte draws never repeat, across buffer refills and large direct reads.
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(seen.insert(RandomBytes(16)).second);
  ASSERT_EQ(RandomBytes(4096).size(), 4096u);
  // Two threads draw different bytes.
  std::string a, b;
  std::thread t1([&a] { a = RandomBytes(32); }), t2([&b] { b = RandomBytes(32); });
  t1.join();
  t2.join();
  EXPECT_NE(a, b);
  // After fork, the child does not hand out what the parent has buffered.
  (void)RandomBytes(8);  // the buffer now holds unused bytes
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    std::string c = RandomBytes(32);
    (void)!write(fds[1], c.data(), c.size());
    _exit(0);
  }
  std::string parent = RandomBytes(32);
  std::string child(32, '\0');
  ASSERT_EQ(read(fds[0], child.data(), child.size()), 32);
  waitpid(pid, nullptr, 0);
  close(fds[0]);
  close(fds[1]);
  EXPECT_NE(parent, child);
}

TEST(ReceiptTest, GeneratesHundredBitsInGroups) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    Receipt r = Receipt::Generate();
    ASSERT_EQ(r.canonical().size(), kReceiptSymbols);
    EXPECT_EQ(r.canonical().find_first_of("ILOU"), std::string::npos);
    std::string d = r.Display();
    ASSERT_EQ(d.size(), 24u);
    EXPECT_EQ(d[4], '-');
    EXPECT_EQ(d[19], '-');
    seen.insert(r.canonical());
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(ReceiptTest, EverySymbolAppearsAtEveryPosition) {
  // 100 bits are cut into twenty 5-bit symbols; a slip in the bit arithmetic
  // would leave some symbols unreachable at some positions.
  std::vector<std::set<char>> seen(kReceiptSymbols);
  for (int i = 0; i < 4000; ++i) {
    Receipt r = Receipt::Generate();
    for (size_t p = 0; p < kReceiptSymbols; ++p) seen[p].insert(r.canonical()[p]);
  }
  for (size_t p = 0; p < kReceiptSymbols; ++p) EXPECT_EQ(seen[p].size(), 32u) << p;
}

TEST(ReceiptTest, BucketLeadsTheReceiptAndTheLookupId) {
  SecretBytes secret(RandomBytes(kInstanceSecretBytes));
  std::set<std::string> own;
  for (unsigned bucket : {0u, 1u, 31u, 32u, 517u, kReceiptBuckets - 1}) {
    Receipt a = Receipt::Generate(bucket), b = Receipt::Generate(bucket);
    EXPECT_EQ(a.canonical().substr(0, 2), b.canonical().substr(0, 2));
    own.insert(a.canonical().substr(2));
    own.insert(b.canonical().substr(2));
    auto ka = DeriveReceiptKeys(secret, a);
    ASSERT_EQ(ka.lookup_id.size(), 32u);
    EXPECT_EQ(ka.lookup_id.substr(0, 2), a.canonical().substr(0, 2));
    EXPECT_NE(ka.lookup_id, DeriveReceiptKeys(secret, b).lookup_id);
  }
  EXPECT_EQ(own.size(), 12u);  // the 90-bit part is each receipt's own
  EXPECT_NE(Receipt::Generate(0).canonical().substr(0, 2),
            Receipt::Generate(1).canonical().substr(0, 2));
}

TEST(ReceiptTest, ParsingForgivesCaseSeparatorsAndLookAlikes) {
  auto r = Receipt::Parse("7K3M-QX9D-H2PA-T4RC-W8NB");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Receipt::Parse("7k3m qx9d h2pa t4rc w8nb")->canonical(), r->canonical());
  auto a = Receipt::Parse("0000-1111-0000-1111-0000");
  auto b = Receipt::Parse("oooo-iiii-OOOO-llll-0000");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->canonical(), b->canonical());
}

TEST(ReceiptTest, RejectsMalformed) {
  for (const char* bad :
       {"", "7K3M", "7K3M-QX9D-H2PA-T4RC-W8NBX", "7K3M-QX9D-H2PA-T4RC-W8N!",
        "UUUU-UUUU-UUUU-UUUU-UUUU", "7K3M-QX9D-H2PA-T4RC-W8NB-7K3M-QX9D-H2PA-T4RC-W8NB-7K3M"}) {
    EXPECT_FALSE(Receipt::Parse(bad).ok()) << bad;
  }
}

TEST(ReceiptTest, DerivedKeysDependOnSecretAndReceipt) {
  SecretBytes s1(RandomBytes(kInstanceSecretBytes)), s2(RandomBytes(kInstanceSecretBytes));
  Receipt r = Receipt::Generate(), other = Receipt::Generate();
  auto k1 = DeriveReceiptKeys(s1, r);
  EXPECT_EQ(k1.lookup_id, DeriveReceiptKeys(s1, r).lookup_id);
  EXPECT_NE(k1.lookup_id, DeriveReceiptKeys(s2, r).lookup_id);
  EXPECT_NE(k1.lookup_id, DeriveReceiptKeys(s1, other).lookup_id);
  EXPECT_NE(k1.lookup_id, std::string(k1.wrap_key.view()));
  EXPECT_EQ(k1.lookup_id.size(), 32u);
}

TEST(AeadTest, RoundTripAndTamperDetection) {
  SecretBytes k = NewAeadKey();
  std::string sealed = AeadSeal(k, "secret text", "ad-1");
  EXPECT_EQ(AeadOpen(k, sealed, "ad-1")->str(), "secret text");
  EXPECT_FALSE(AeadOpen(k, sealed, "ad-2").ok());
  EXPECT_FALSE(AeadOpen(NewAeadKey(), sealed, "ad-1").ok());
  sealed[sealed.size() - 1] ^= 1;
  EXPECT_FALSE(AeadOpen(k, sealed, "ad-1").ok());
  EXPECT_FALSE(AeadOpen(k, "short", "ad-1").ok());
  EXPECT_NE(AeadSeal(k, "same", "ad"), AeadSeal(k, "same", "ad"));  // random nonces
}

TEST(SealedBoxTest, OnlyThePrivateKeyOpens) {
  KeyPair kp = GenerateKeyPair(), other = GenerateKeyPair();
  std::string box = SealTo(kp.public_key, "content key");
  EXPECT_EQ(OpenSealed(kp, box)->str(), "content key");
  EXPECT_FALSE(OpenSealed(other, box).ok());
}

TEST(FileCipherTest, RoundTripsAndDetectsTruncation) {
  SecretBytes k = NewAeadKey();
  for (size_t size : {size_t{0}, size_t{1}, size_t{65536}, size_t{65537}, size_t{300000}}) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>(i * 31);
    std::string ct = EncryptStream(k, data);
    auto back = DecryptStream(k, ct);
    ASSERT_TRUE(back.ok()) << size;
    EXPECT_EQ(back->str(), data);
    if (size > 65536) {
      EXPECT_FALSE(DecryptStream(k, ct.substr(0, ct.size() - 100)).ok());
      EXPECT_FALSE(DecryptStream(k, ct.substr(0, 24 + 65536 + 17)).ok());  // first chunk only
    }
    EXPECT_FALSE(DecryptStream(NewAeadKey(), ct).ok());
  }
}

TEST(ReportCipherTest, ContentKeyOpensWithReceiptAndWithServiceKey) {
  KeyPair service = GenerateKeyPair();
  SecretBytes secret(RandomBytes(kInstanceSecretBytes));
  Receipt r = Receipt::Generate();
  auto rk = DeriveReceiptKeys(secret, r);
  SecretBytes ck = NewAeadKey();
  ServiceSealer sealer(service.public_key, &clock);
  auto ticket = sealer.NewReport();
  ticket.report_id = "report-1";
  auto env = WrapContentKey(ticket, rk.wrap_key, ck);
  EXPECT_EQ(UnwrapContentKeyWithReceipt(rk.wrap_key, "report-1", env.wrapped_for_receipt)->str(),
            ck.str());
  EXPECT_EQ(OpenServiceSealed(service, "report-1", env.sealed_to_service)->str(), ck.str());
  // Bound to its report: the same blob does not open for another id.
  EXPECT_FALSE(UnwrapContentKeyWithReceipt(rk.wrap_key, "report-2", env.wrapped_for_receipt).ok());
  auto other = DeriveReceiptKeys(secret, Receipt::Generate());
  EXPECT_FALSE(
      UnwrapContentKeyWithReceipt(other.wrap_key, "report-1", env.wrapped_for_receipt).ok());
  std::string body = SealReportField(ck, "report-1", "body", "what happened");
  EXPECT_EQ(OpenReportField(ck, "report-1", "body", body)->str(), "what happened");
  EXPECT_FALSE(OpenReportField(ck, "report-1", "msg", body).ok());  // bound to its field
}

TEST(ServiceSealerTest, OnlyTheServiceKeyOpensAndOnlyForItsReport) {
  KeyPair service = GenerateKeyPair(), other = GenerateKeyPair();
  ServiceSealer sealer(service.public_key, &clock);
  SecretBytes ck = NewAeadKey();
  auto t = sealer.NewReport();
  const std::string r1 = t.report_id;
  std::string sealed = ServiceSealer::Seal(t, ck);
  EXPECT_EQ(OpenServiceSealed(service, r1, sealed)->str(), ck.str());
  EXPECT_FALSE(OpenServiceSealed(service, sealer.NewReport().report_id, sealed).ok());
  EXPECT_FALSE(OpenServiceSealed(other, r1, sealed).ok());
  std::string tampered = sealed;
  tampered[10] ^= 1;  // inside the ephemeral public key
  EXPECT_FALSE(OpenServiceSealed(service, r1, tampered).ok());
  EXPECT_FALSE(OpenServiceSealed(service, r1, sealed.substr(0, 40)).ok());
}

TEST(ServiceSealerTest, EpochsRotateByUseCount) {
  KeyPair service = GenerateKeyPair();
  ServiceSealer sealer(service.public_key, &clock, 3, std::chrono::seconds(3600));
  SecretBytes ck = NewAeadKey();
  std::set<std::string> epochs, tags, ids;
  for (int i = 0; i < 9; ++i) {
    auto t = sealer.NewReport();
    ASSERT_EQ(t.report_id.size(), 32u);
    std::string s = ServiceSealer::Seal(t, ck);
    epochs.insert(s.substr(4, 32));
    tags.insert(t.report_id.substr(0, 16));
    ids.insert(t.report_id);
    EXPECT_TRUE(OpenServiceSealed(service, t.report_id, s).ok());
  }
  EXPECT_EQ(epochs.size(), 3u);
  EXPECT_EQ(tags.size(), 3u);  // ids share their epoch's tag and nothing else
  EXPECT_EQ(ids.size(), 9u);
  ServiceSealer two(service.public_key, &clock, 2, std::chrono::seconds(3600));
  auto t1 = two.NewReport(), t2 = two.NewReport();
  EXPECT_EQ(t1.receipt_bucket, t2.receipt_bucket);
  EXPECT_LT(t1.receipt_bucket, kReceiptBuckets);
  ServiceSealer per_report(service.public_key, &clock, 1, std::chrono::seconds(3600));
  EXPECT_NE(per_report.NewReport().epoch_pk, per_report.NewReport().epoch_pk);
}

TEST(ServiceSealerTest, EpochsRotateByAgeOnTheInjectedClock) {
  KeyPair service = GenerateKeyPair();
  ManualClock moved;
  ServiceSealer sealer(service.public_key, &moved, 1000, std::chrono::seconds(60));
  const std::string first = sealer.NewReport().epoch_pk;
  moved.Advance(std::chrono::seconds(59));
  EXPECT_EQ(sealer.NewReport().epoch_pk, first);  // still inside the epoch
  moved.Advance(std::chrono::seconds(1));
  const std::string second = sealer.NewReport().epoch_pk;
  EXPECT_NE(second, first);
  // The wall clock going back does not make an epoch last longer.
  moved.Advance(std::chrono::seconds(-3600));
  moved.Advance(std::chrono::seconds(60));
  EXPECT_NE(sealer.NewReport().epoch_pk, second);
}

TEST(ServiceSealerTest, RejectsUnusablePublicKeys) {
  EXPECT_TRUE(IsUsablePublicKey(GenerateKeyPair().public_key));
  EXPECT_FALSE(IsUsablePublicKey(std::string(32, '\0')));  // low-order point
  EXPECT_FALSE(IsUsablePublicKey("short"));
}

}  // namespace
}  // namespace portsafe::crypto
