// The clients of bench/attack.sh: a paced reporter workload, and the
// attacks that run beside it (scan bombs, a sign-in flood, a flood of junk
// reports). Each runs for --seconds and prints one summary line.
//
//   attack_load workload --port P --seconds S --receipt R
//   attack_load bombs    --port P --seconds S --clients 8 --heic FILE
//   attack_load signin   --port P --seconds S --clients 64 --email E
//                        --password-file F --totp-uri URI
//   attack_load junk     --port P --seconds S --clients 16
//   attack_load queue    --port P --seconds S --clients 8 --email E
//                        --password-file F --totp-uri URI [--pages 5]
//   attack_load groups   --port P --seconds S --clients 1 --email E
//                        --password-file F --totp-uri URI
//
// The workload starts one request every 100 ms (a page, a report through
// the form, a follow-up message with the receipt, the health check), each
// on its own thread so that one slow answer does not hold back the next,
// and counts as an error any answer but the one expected, or none within
// 5 s. It exits 1 when any request failed. `signin` also signs the real
// staff member in once per one-time-code step and exits 1 unless each of
// those sign-ins succeeded within 2 s. `queue` (bench/queue_bench.sh) signs
// a handler in once, then each client reads the handlers' queue as fast as
// it can, alternating the API (GET /api/v1/handler/reports, following its
// Link header for --pages pages) and the HTML page (/handle and its "next"
// links), and prints the p50 and p99 of each kind of page. `groups` reads
// GET /api/v1/handler/groups the same way.
//
// This is a benchmark's client, not part of the product: it reads the
// machine's clock to time requests and to pace them.
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/totp.h"
#include "support/http_client.h"
#include "support/images.h"

namespace {

using portsafe::testing::HttpCall;
using portsafe::testing::HttpResult;
using Clock = std::chrono::steady_clock;

struct Args {
  std::map<std::string, std::string> v;
  std::string Get(const std::string& k, const std::string& d = "") const {
    auto it = v.find(k);
    return it == v.end() ? d : it->second;
  }
  int Int(const std::string& k, int d) const { return v.count(k) ? std::stoi(v.at(k)) : d; }
};

// One request with a 5 s limit on the answer.
HttpResult Timed(std::uint16_t port, HttpCall call, double* ms) {
  const auto t0 = Clock::now();
  HttpResult r = portsafe::testing::Send(port, call);
  *ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (*ms > 5000) r.status = 0;
  return r;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Multipart(const std::string& boundary,
                      const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::vector<std::pair<std::string, std::string>>& files) {
  std::string b;
  for (const auto& [k, v] : fields) {
    b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v +
         "\r\n";
  }
  for (const auto& [name, data] : files) {
    b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" +
         name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n";
  }
  return b + "--" + boundary + "--\r\n";
}

struct Stats {
  std::mutex mu;
  std::vector<double> ms;
  std::map<int, long> statuses;
  long errors = 0;
  void Add(double t, int status, bool ok) {
    std::lock_guard lock(mu);
    ms.push_back(t);
    ++statuses[status];
    if (!ok) ++errors;
  }
  double Quantile(double q) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
  }
  std::string StatusList() {
    std::string out;
    for (const auto& [s, n] : statuses) out += " " + std::to_string(s) + ":" + std::to_string(n);
    return out;
  }
};

int Workload(std::uint16_t port, int seconds, const std::string& receipt) {
  Stats st;
  const std::string form =
      "lang=en&port=GBFXT&category=drugs&how_known=saw&action=send&description=" +
      std::string("A+van+met+a+reefer+at+the+gate+at+night");
  const std::string followup = "lang=en&action=message&text=More+seen&receipt=" + receipt;
  const auto urlencoded = std::vector<std::pair<std::string, std::string>>{
      {"Content-Type", "application/x-www-form-urlencoded"}};
  std::vector<HttpCall> calls = {
      {"GET", "/", {}, "", ""},
      {"POST", "/report", urlencoded, form, ""},
      {"GET", "/report?lang=pl", {}, "", ""},
      {"POST", "/followup", urlencoded, followup, ""},
      {"GET", "/healthz", {}, "", ""},
  };
  std::vector<std::thread> running;
  const auto start = Clock::now();
  for (int n = 0; Clock::now() - start < std::chrono::seconds(seconds); ++n) {
    std::this_thread::sleep_until(start + std::chrono::milliseconds(100) * n);
    running.emplace_back([&, call = calls[static_cast<size_t>(n) % calls.size()]] {
      double ms = 0;
      HttpResult r = Timed(port, call, &ms);
      st.Add(ms, r.status, r.status == 200);
    });
  }
  for (auto& t : running) t.join();
  std::printf("workload: %zu requests, p50 %.1f ms, p99 %.1f ms, errors %ld (statuses%s)\n",
              st.ms.size(), st.Quantile(0.5), st.Quantile(0.99), st.errors,
              st.StatusList().c_str());
  return st.errors == 0 ? 0 : 1;
}

// Runs `clients` threads calling `one` until `seconds` have passed.
void Flood(int clients, int seconds, const std::function<void(int)>& one) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> ts;
  for (int c = 0; c < clients; ++c) {
    ts.emplace_back([&, c] {
      while (!stop.load()) one(c);
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : ts) t.join();
}

int Bombs(std::uint16_t port, int seconds, int clients, const std::string& heic_path) {
  // A flat 4000 x 4000 progressive JPEG whose last scan is repeated 3,000
  // times: each scan a pass over 250,000 blocks.
  const std::string jpeg = portsafe::testing::JpegScanBomb(4000, 4000, 3000);
  const std::string heic = ReadFile(heic_path);
  Stats st;
  const std::string boundary = "attackboundary7MA4YWxkTrZu0gW";
  Flood(clients, seconds, [&](int c) {
    const bool use_heic = c % 2 == 1 && !heic.empty();
    HttpCall call{"POST",
                  "/report",
                  {{"Content-Type", "multipart/form-data; boundary=" + boundary}},
                  Multipart(boundary,
                            {{"lang", "en"},
                             {"port", "GBFXT"},
                             {"category", "drugs"},
                             {"description", "bomb"},
                             {"action", "send"}},
                            {{use_heic ? "a.heic" : "a.jpg", use_heic ? heic : jpeg},
                             {use_heic ? "b.heic" : "b.jpg", use_heic ? heic : jpeg}}),
                  ""};
    double ms = 0;
    HttpResult r = portsafe::testing::Send(port, call);
    st.Add(ms, r.status, true);
  });
  std::printf("bombs: %zu uploads of %zu KB (JPEG) and %zu KB (HEIC) by %d clients (statuses%s)\n",
              st.ms.size(), jpeg.size() / 1024, heic.size() / 1024, clients,
              st.StatusList().c_str());
  return 0;
}

// The staff member's password, from --password-file.
std::string Password(const Args& a) {
  std::string p = ReadFile(a.Get("password-file"));
  while (!p.empty() && (p.back() == '\n' || p.back() == '\r')) p.pop_back();
  return p;
}

int SignIn(std::uint16_t port, int seconds, int clients, const Args& a) {
  const std::string password = Password(a);
  auto secret = portsafe::crypto::TotpSecretFromUri(a.Get("totp-uri"));
  if (!secret.ok()) {
    std::cerr << "attack_load: bad --totp-uri\n";
    return 2;
  }
  const std::string email = a.Get("email");
  Stats flood, staff;
  std::atomic<long> n{0};
  std::thread probe([&] {
    // The staff member signs in once in each one-time-code step (a code
    // is good once), starting two seconds into the flood.
    const auto start = Clock::now();
    long last_step = -1;
    std::this_thread::sleep_for(std::chrono::seconds(2));
    while (Clock::now() - start < std::chrono::seconds(seconds - 1)) {
      const auto now = static_cast<long>(std::time(nullptr));
      if (now / 30 != last_step && now % 30 < 28) {
        last_step = now / 30;
        const std::string body = R"({"email":")" + email + R"(","password":")" + password +
                                 R"(","totp":")" + portsafe::crypto::TotpCode(*secret, now) +
                                 R"("})";
        double ms = 0;
        HttpResult r = Timed(
            port, {"POST", "/api/v1/session", {{"Content-Type", "application/json"}}, body, ""},
            &ms);
        staff.Add(ms, r.status, r.status == 201 && ms < 2000);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  Flood(clients, seconds, [&](int c) {
    const std::string body = R"({"email":"made-up-)" + std::to_string(c) + "-" +
                             std::to_string(n++) +
                             R"(@attacker.invalid","password":"guess","totp":"123456"})";
    double ms = 0;
    HttpResult r = Timed(
        port, {"POST", "/api/v1/session", {{"Content-Type", "application/json"}}, body, ""}, &ms);
    flood.Add(ms, r.status, true);
  });
  probe.join();
  std::printf(
      "signin flood: %zu wrong sign-ins by %d clients (statuses%s); staff sign-ins: %zu, slowest "
      "%.0f ms, failed %ld\n",
      flood.ms.size(), clients, flood.StatusList().c_str(), staff.ms.size(), staff.Quantile(1.0),
      staff.errors);
  return staff.errors == 0 && !staff.ms.empty() ? 0 : 1;
}

int Junk(std::uint16_t port, int seconds, int clients) {
  Stats st;
  Flood(clients, seconds, [&](int c) {
    const std::string body = R"({"port":"GBFXT","category":"other","description":"junk )" +
                             std::to_string(c) + R"( buy cheap watches"})";
    double ms = 0;
    HttpResult r = Timed(
        port, {"POST", "/api/v1/reports", {{"Content-Type", "application/json"}}, body, ""}, &ms);
    st.Add(ms, r.status, true);
  });
  std::printf("junk flood: %zu reports sent by %d clients (statuses%s)\n", st.ms.size(), clients,
              st.StatusList().c_str());
  return 0;
}

// The `after` of the next page in an HTML queue page, or "".
std::string NextHref(const std::string& html) {
  const std::string mark = "<a href=\"/handle?";
  for (size_t at = html.find(mark); at != std::string::npos; at = html.find(mark, at + 1)) {
    const size_t end = html.find('"', at + 9);
    if (html.compare(end, 12, "\" rel=\"next\"") != 0) continue;
    std::string href = html.substr(at + 9, end - at - 9);
    for (size_t amp = href.find("&amp;"); amp != std::string::npos; amp = href.find("&amp;")) {
      href.replace(amp, 5, "&");
    }
    return href;
  }
  return "";
}

// Signs the handler of --email, --password-file and --totp-uri in over the
// API; its token, or "" (and why, on stderr).
std::string SignIn(std::uint16_t port, const Args& a) {
  const std::string password = Password(a);
  auto secret = portsafe::crypto::TotpSecretFromUri(a.Get("totp-uri"));
  if (!secret.ok()) {
    std::cerr << "attack_load: bad --totp-uri\n";
    return "";
  }
  const long now = static_cast<long>(std::time(nullptr));
  const std::string body = R"({"email":")" + a.Get("email") + R"(","password":")" + password +
                           R"(","totp":")" + portsafe::crypto::TotpCode(*secret, now) + R"("})";
  HttpResult signin = portsafe::testing::Send(
      port, {"POST", "/api/v1/session", {{"Content-Type", "application/json"}}, body, ""});
  const size_t at = signin.body.find("\"token\":\"");
  if (signin.status != 201 || at == std::string::npos) {
    std::cerr << "attack_load: the handler did not sign in: " << signin.status << "\n";
    return "";
  }
  return signin.body.substr(at + 9, signin.body.find('"', at + 9) - at - 9);
}

// `clients` read the groups of near-identical reports, one request after
// another.
int GroupReaders(std::uint16_t port, int seconds, int clients, const Args& a) {
  const std::string token = SignIn(port, a);
  if (token.empty()) return 1;
  Stats st;
  Flood(clients, seconds, [&](int) {
    double ms = 0;
    HttpResult r = Timed(
        port,
        {"GET", "/api/v1/handler/groups?limit=50", {{"Authorization", "Bearer " + token}}, "", ""},
        &ms);
    st.Add(ms, r.status, r.status == 200);
  });
  std::printf(
      "group readers: %d clients; reads: %zu, p50 %.1f ms, p99 %.1f ms, errors %ld "
      "(statuses%s)\n",
      clients, st.ms.size(), st.Quantile(0.5), st.Quantile(0.99), st.errors,
      st.StatusList().c_str());
  return st.errors == 0 && !st.ms.empty() ? 0 : 1;
}

int QueueReaders(std::uint16_t port, int seconds, int clients, const Args& a) {
  const std::string token = SignIn(port, a);
  if (token.empty()) return 1;
  const int pages = a.Int("pages", 5);
  Stats api, html;
  Flood(clients, seconds, [&](int c) {
    // One walk of `pages` pages of one kind.
    std::string next = c % 2 == 0 ? "/api/v1/handler/reports?limit=50" : "/handle";
    for (int p = 0; p < pages && !next.empty(); ++p) {
      HttpCall call{"GET", next, {}, "", ""};
      if (c % 2 == 0) {
        call.headers = {{"Authorization", "Bearer " + token}};
      } else {
        call.headers = {{"Cookie", std::string("__Host-portsafe=") + token}};
      }
      double ms = 0;
      HttpResult r = Timed(port, call, &ms);
      (c % 2 == 0 ? api : html).Add(ms, r.status, r.status == 200);
      if (r.status != 200) return;
      if (c % 2 == 0) {
        const std::string link = r.Header("link");
        next = link.empty() ? "" : link.substr(1, link.find('>') - 1);
      } else {
        next = NextHref(r.body);
      }
    }
  });
  std::printf(
      "queue readers: %d clients, %d pages a walk; API pages: %zu, p50 %.1f ms, p99 %.1f ms, "
      "errors %ld (statuses%s); HTML pages: %zu, p50 %.1f ms, p99 %.1f ms, errors %ld "
      "(statuses%s)\n",
      clients, pages, api.ms.size(), api.Quantile(0.5), api.Quantile(0.99), api.errors,
      api.StatusList().c_str(), html.ms.size(), html.Quantile(0.5), html.Quantile(0.99),
      html.errors, html.StatusList().c_str());
  return api.errors == 0 && html.errors == 0 && api.ms.size() + html.ms.size() > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::cout << "Usage: attack_load workload|bombs|signin|junk|queue|groups --port P --seconds S "
                 "[options]\n"
                 "(see bench/attack.sh and the comment at the top of bench/attack_load.cpp)\n";
    return argc < 2 ? 2 : 0;
  }
  Args a;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k.rfind("--", 0) != 0) {
      std::cerr << "attack_load: expected --option value, got " << k << "\n";
      return 2;
    }
    a.v[k.substr(2)] = argv[i + 1];
  }
  const auto port = static_cast<std::uint16_t>(a.Int("port", 0));
  const int seconds = a.Int("seconds", 10);
  const std::string what = argv[1];
  if (port == 0 || seconds < 1) {
    std::cerr << "attack_load: --port and --seconds are needed\n";
    return 2;
  }
  if (what == "workload") return Workload(port, seconds, a.Get("receipt"));
  if (what == "bombs") return Bombs(port, seconds, a.Int("clients", 8), a.Get("heic"));
  if (what == "signin") return SignIn(port, seconds, a.Int("clients", 64), a);
  if (what == "junk") return Junk(port, seconds, a.Int("clients", 16));
  if (what == "queue") return QueueReaders(port, seconds, a.Int("clients", 8), a);
  if (what == "groups") return GroupReaders(port, seconds, a.Int("clients", 1), a);
  std::cerr << "attack_load: unknown client " << what << "\n";
  return 2;
}
