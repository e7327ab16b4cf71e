// A blocking HTTP/1.1 client for tests (Boost.Beast). It can bind a chosen
// local address, so tests can send from a distinctive loopback address.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace portsafe::testing {

struct HttpResult {
  int status = 0;  // 0 when the connection failed or closed without an answer
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpCall {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string local_address;  // bind the client socket here when set
};

HttpResult Send(std::uint16_t port, const HttpCall& call);

// Sends raw bytes and returns whatever the server answered (until close or
// timeout), for malformed-request tests.
std::string SendRaw(std::uint16_t port, const std::string& bytes, int timeout_ms = 3000);

// Opens a TCP connection to 127.0.0.1:port, sends `bytes` and returns the
// socket fd (caller closes), or -1.
int ConnectAndSend(std::uint16_t port, const std::string& bytes);

// Builds a multipart/form-data body. Files are (field, filename, type, bytes).
struct MultipartBuilder {
  std::string boundary = "----portsafetestboundary7MA4YWxkTrZu0gW";
  std::string body;
  MultipartBuilder& Field(const std::string& name, const std::string& value);
  MultipartBuilder& File(const std::string& name, const std::string& filename,
                         const std::string& type, const std::string& data);
  std::string Finish();
  std::string ContentType() const { return "multipart/form-data; boundary=" + boundary; }
};

std::string UrlEncode(const std::string& s);
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace portsafe::testing
