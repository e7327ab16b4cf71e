// TLS on the built-in listener (`serve --tls-cert --tls-key`): HTTPS answers
// with the instance's pages, plain HTTP and old TLS versions get nothing, and
// a key that does not fit the certificate stops the server at start.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "integration/helpers.h"

namespace portsafe::testing {
namespace {

// GET https://127.0.0.1:port/path trusting `ca`; the status (0: no answer).
// `ciphers`: the only TLS 1.2 suites offered (OpenSSL names; "" for curl's).
long HttpsStatus(std::uint16_t port, const std::string& path, const std::string& ca,
                 long max_tls = CURL_SSLVERSION_MAX_DEFAULT, std::string* body = nullptr,
                 const std::string& ciphers = "") {
  CURL* c = curl_easy_init();
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(c, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_0 | max_tls);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
  if (!ciphers.empty()) curl_easy_setopt(c, CURLOPT_SSL_CIPHER_LIST, ciphers.c_str());
  std::string sink;
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
        static_cast<std::string*>(out)->append(p, s * n);
        return s * n;
      });
  curl_easy_setopt(c, CURLOPT_WRITEDATA, body ? body : &sink);
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(c);
  return status;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
        "-subj /CN=portsafe.test -addext subjectAltName=IP:127.0.0.1 -keyout " +
        key_ + " -out " + cert_ + " 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  TempDir dir_;
  const std::string cert_ = dir_.path() + "/cert.pem", key_ = dir_.path() + "/key.pem";
};

TEST_F(TlsTest, TheListenerSpeaksOnlyModernTls) {
  ServerProcess s(dir_.path(), {"--tls-cert", cert_, "--tls-key", key_, "--hsts"});
  ASSERT_TRUE(s.ok());
  std::string body;
  EXPECT_EQ(HttpsStatus(s.port(), "/", cert_, CURL_SSLVERSION_MAX_DEFAULT, &body), 200);
  EXPECT_NE(body.find("<html"), std::string::npos);
  EXPECT_EQ(HttpsStatus(s.port(), "/healthz", cert_, CURL_SSLVERSION_MAX_TLSv1_2), 200);
  EXPECT_EQ(HttpsStatus(s.port(), "/healthz", cert_, CURL_SSLVERSION_MAX_TLSv1_1), 0);
  EXPECT_EQ(HttpsStatus(s.port(), "/healthz", dir_.path() + "/none.pem"), 0);  // untrusted
  HttpResult plain = Send(s.port(), {"GET", "/healthz", {}, "", ""});
  EXPECT_NE(plain.status, 200);
  // The server is still well after the refusals.
  EXPECT_EQ(HttpsStatus(s.port(), "/healthz", cert_), 200);
}

// With an RSA certificate, OpenSSL's defaults would offer static-RSA key
// exchange (no forward secrecy) and CBC suites on TLS 1.2. Only ECDHE with
// an AEAD cipher may be agreed.
TEST_F(TlsTest, TlsTwelveAgreesOnlyForwardSecretAeadSuites) {
  const std::string rsa_cert = dir_.path() + "/rsa-cert.pem",
                    rsa_key = dir_.path() + "/rsa-key.pem";
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=portsafe.test "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      rsa_key + " -out " + rsa_cert + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  ServerProcess s(dir_.path(), {"--tls-cert", rsa_cert, "--tls-key", rsa_key});
  ASSERT_TRUE(s.ok());
  const long tls12 = CURL_SSLVERSION_MAX_TLSv1_2;
  for (const char* weak :
       {"AES128-SHA", "AES256-GCM-SHA384", "AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA",
        "ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES128-SHA"}) {
    EXPECT_EQ(HttpsStatus(s.port(), "/healthz", rsa_cert, tls12, nullptr, weak), 0) << weak;
  }
  for (const char* strong : {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                             "ECDHE-RSA-CHACHA20-POLY1305"}) {
    EXPECT_EQ(HttpsStatus(s.port(), "/healthz", rsa_cert, tls12, nullptr, strong), 200) << strong;
  }
  EXPECT_EQ(HttpsStatus(s.port(), "/healthz", rsa_cert), 200);  // TLS 1.3 as it is
}

TEST_F(TlsTest, AKeyThatDoesNotFitStopsTheServerAtStart) {
  const std::string other = dir_.path() + "/other.pem";
  ASSERT_EQ(std::system(("openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 -out " +
                         other + " 2>/dev/null")
                            .c_str()),
            0);
  std::string out;
  ServerProcess s(dir_.path());  // makes the instance
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(RunPortsafe({"serve", "--data", s.data_dir(), "--listen", "127.0.0.1:0", "--tls-cert",
                         cert_, "--tls-key", other},
                        &out),
            1);
  EXPECT_NE(out.find("cannot use TLS key"), std::string::npos) << out;
  EXPECT_EQ(RunPortsafe({"serve", "--data", s.data_dir(), "--tls-cert", cert_}, &out), 2);
}

}  // namespace
}  // namespace portsafe::testing
