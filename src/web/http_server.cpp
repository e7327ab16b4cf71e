#include "web/http_server.h"

#include <pthread.h>
#include <sodium.h>
#include <sys/resource.h>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <array>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/log.h"
#include "core/limits.h"
#include "core/text.h"
#include "crypto/spool_file.h"

namespace portsafe::web {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::experimental::as_tuple(use_awaitable);

// One io_context per thread: the acceptor lives on the first and deals new
// connections out round-robin, so each connection stays on one thread and
// the threads share no queue.
struct HttpServer::Impl {
  ServerOptions opt;
  const Router* router;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  asio::io_context& ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<size_t> connections{0};
  std::atomic<size_t> in_flight{0};
  // Requests from their last byte read to their answer's last byte written.
  std::atomic<size_t> answering{0};
  std::atomic<bool> stopping{false};
  std::atomic<size_t> next_context{0};
  std::atomic<size_t> next_post{0};
  std::atomic<size_t> accept_backoffs{0};  // accept failures waited out
  std::atomic<size_t> evictions{0};
  std::atomic<size_t> connections_full{0}, in_flight_full{0}, body_memory_full{0},
      answer_memory_full{0};
  // Bodies take their memory a read (64 KiB) ahead of what they hold, and
  // wait for it at most kBudgetWait.
  static constexpr size_t kBudgetStep = 64 * 1024;
  static constexpr std::chrono::milliseconds kBudgetTick{50};
  static constexpr std::chrono::milliseconds kBudgetWait{5000};
  static constexpr size_t kLargeAnswer = 64 * 1024;  // counted against answer_memory
  std::atomic<size_t> answer_bytes{0};               // against opt.answer_memory
  std::atomic<size_t> spool_bytes{0};                // against opt.upload_spool
  std::atomic<size_t> upload_slots{0};               // against max_uploads
  // Uploads being received at once: each holds buffers of about
  // kUploadBuffers and a descriptor for its spool. Set by Start().
  static constexpr size_t kUploadBuffers = 192 * 1024;
  size_t max_uploads = 0;
  std::string spool_dir;              // opt.spool_dir, or the system's
  std::atomic<size_t> form_bytes{0};  // against opt.form_memory

  // A body's place in its memory budget, held until the answer is written.
  struct BodyBudget {
    std::atomic<size_t>* used = nullptr;
    size_t bytes = 0;
    BodyBudget() = default;
    BodyBudget(const BodyBudget&) = delete;
    BodyBudget& operator=(const BodyBudget&) = delete;
    ~BodyBudget() {
      if (used) *used -= bytes;
    }
    // Holds `n` more of `u`'s budget of `cap`; false (and nothing more
    // held) when that would pass `cap`. Every call names the same budget.
    bool Take(std::atomic<size_t>* u, size_t cap, size_t n) {
      size_t now = u->load();
      do {
        if (now + n > cap) return false;
      } while (!u->compare_exchange_weak(now, now + n));
      used = u;
      bytes += n;
      return true;
    }
    // Gives back all it holds, before its end.
    void Release() {
      if (used) *used -= bytes;
      bytes = 0;
    }
  };

  // Connections waiting for a request's head (slow, idle or attacking),
  // oldest first: when every slot is taken, the oldest gives its slot to a
  // new connection. A waiter is touched only on its connection's thread,
  // except for its place in the list (under waiting_mu).
  struct Waiter {
    asio::any_io_executor executor;
    std::function<void()> close;  // closes the socket; only while `waiting`
    bool waiting = true;          // on the connection's thread only
    bool listed = true;           // under waiting_mu
    std::list<std::shared_ptr<Waiter>>::iterator at;
  };
  std::mutex waiting_mu;
  std::list<std::shared_ptr<Waiter>> waiting;

  std::shared_ptr<Waiter> StartWaiting(asio::any_io_executor ex, std::function<void()> close) {
    auto w = std::make_shared<Waiter>();
    w->executor = std::move(ex);
    w->close = std::move(close);
    std::lock_guard lock(waiting_mu);
    w->at = waiting.insert(waiting.end(), w);
    return w;
  }
  void StopWaiting(Waiter& w) {
    w.waiting = false;
    w.close = nullptr;
    std::lock_guard lock(waiting_mu);
    if (w.listed) waiting.erase(w.at);
    w.listed = false;
  }
  // Closes the connection that has waited longest for a request's head, on
  // its own thread. False when no connection is waiting.
  bool EvictOldestWaiting() {
    std::shared_ptr<Waiter> w;
    {
      std::lock_guard lock(waiting_mu);
      if (waiting.empty()) return false;
      w = std::move(waiting.front());
      waiting.pop_front();
      w->listed = false;
    }
    ++evictions;
    asio::post(w->executor, [w] {
      if (w->waiting && w->close) w->close();
    });
    return true;
  }

  // How long `bytes` may take to arrive or leave: the grace of the header
  // deadline, then the minimum rate; never beyond body_timeout.
  std::chrono::steady_clock::duration TransferDeadline(std::uint64_t bytes) const {
    const auto rate = std::max<size_t>(opt.min_transfer_rate, 1);
    const auto at_rate = std::chrono::milliseconds(bytes * 1000 / rate);
    return std::min<std::chrono::steady_clock::duration>(opt.header_timeout + at_rate,
                                                         opt.body_timeout);
  }
  const std::string security_block[2];  // [cacheable]
  std::unique_ptr<ssl::context> tls;    // set by Start when TLS files are given

  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(unsigned n) {
    std::vector<std::unique_ptr<asio::io_context>> v;
    for (unsigned i = 0; i < n; ++i) v.push_back(std::make_unique<asio::io_context>(1));
    return v;
  }

  Impl(ServerOptions o, const Router* r)
      : opt(std::move(o)),
        router(r),
        contexts(MakeContexts(Threads())),
        ioc(*contexts.front()),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        security_block{SecurityHeaderBlock(false, opt.headers),
                       SecurityHeaderBlock(true, opt.headers)} {}

  asio::io_context& NextContext() {
    return *contexts[next_context.fetch_add(1, std::memory_order_relaxed) % contexts.size()];
  }

  unsigned Threads() const {
    return opt.threads ? opt.threads : std::max(2u, std::thread::hardware_concurrency());
  }

  // Awaits the router's answer, resuming on the connection's executor.
  template <typename Token>
  auto AsyncDispatch(Request& req, Token&& token) {
    return asio::async_initiate<Token, void(Response)>(
        [this, &req](auto handler) {
          auto ex = asio::get_associated_executor(handler, ioc.get_executor());
          auto h = std::make_shared<decltype(handler)>(std::move(handler));
          router->Dispatch(req, [h, ex](Response res) {
            asio::post(ex, [h, res = std::move(res)]() mutable { (*h)(std::move(res)); });
          });
        },
        token);
  }

  static Response Plain(int status, std::string_view text) {
    Response r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::string(text) + "\n";
    return r;
  }

  // Writes the response. The head is serialised here rather than through
  // Beast's serializer: every header value is this program's own (never a
  // client's), and the security headers are one prebuilt block.
  template <typename Stream>
  awaitable<bool> Write(Stream& stream, Response res, unsigned version, bool keep_alive,
                        bool head) {
    std::string out;
    out.reserve(160 + security_block[res.cacheable].size());
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    out += http::obsolete_reason(static_cast<http::status>(res.status));
    out += "\r\nContent-Type: ";
    out += res.content_type;
    out += "\r\nContent-Length: ";
    out += std::to_string(res.body.size());
    out += "\r\n";
    for (const auto& [k, v] : res.headers) {
      if (k.find_first_of("\r\n:") != std::string::npos ||
          v.find_first_of("\r\n") != std::string::npos) {
        continue;  // never emit a header that could split the response
      }
      out.append(k).append(": ").append(v).append("\r\n");
    }
    out += security_block[res.cacheable];
    // An API answer opened in a browser tab is a download, never a page
    // (OWASP ASVS 14.4.2), unless its handler named a file already.
    if (res.content_type.starts_with("application/json") &&
        std::none_of(res.headers.begin(), res.headers.end(), [](const auto& h) {
          return beast::iequals(h.first, "content-disposition");
        })) {
      out += "Content-Disposition: attachment; filename=\"api.json\"\r\n";
    }
    if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
    if (version != 10 && !keep_alive) out += "Connection: close\r\n";
    out += "\r\n";
    std::array<asio::const_buffer, 2> bufs = {asio::buffer(out),
                                              asio::buffer(head ? std::string_view() : res.body)};
    // A slow reader holds its slot no longer than the answer's size allows.
    beast::get_lowest_layer(stream).expires_after(
        TransferDeadline(out.size() + (head ? 0 : res.body.size())));
    auto [ec, n] = co_await asio::async_write(stream, bufs, kTuple);
    co_return !ec && keep_alive;
  }

  size_t BodyLimitFor(std::string_view content_type) const {
    std::string media = text::Lower(text::Trim(content_type.substr(0, content_type.find(';'))));
    return media == "multipart/form-data" ? limits::kMultipartBodyMax : limits::kFormBodyMax;
  }

  awaitable<void> Session(tcp::socket socket) {
    struct Count {
      std::atomic<size_t>& c;
      ~Count() { --c; }
    } count{connections};
    // Every slot taken: the connection waiting longest for a request's head
    // (a slow or idle client) makes room; only when none waits is this one
    // refused.
    const bool busy = connections.fetch_add(1) >= opt.max_connections && !EvictOldestWaiting();
    if (!tls) {
      beast::tcp_stream stream(std::move(socket));
      const bool unread = co_await Serve(stream, busy);
      beast::error_code ignore;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignore);
      // Refused before its body was read: closing now, with the body's bytes
      // unread, would reset the connection, and the client might never see
      // the answer. Read and drop what comes for a short while first.
      if (unread) co_await Linger(stream);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls);
    stream.next_layer().expires_after(opt.header_timeout);
    auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple);
    if (hec) co_return;  // not TLS, or no handshake in time: nothing to answer
    co_await Serve(stream, busy);
    stream.next_layer().expires_after(std::chrono::seconds(2));
    auto [sec] = co_await stream.async_shutdown(kTuple);
    (void)sec;
  }

  // Reads and drops what the client still sends, for at most 2 s and
  // 1 MiB, until it closes.
  awaitable<void> Linger(beast::tcp_stream& stream) {
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 16384> scratch;
    for (size_t total = 0; total < (1u << 20);) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kTuple);
      if (ec) break;
      total += n;
    }
  }

  // The request's method, target and headers (the body is the caller's).
  template <typename Body>
  static void FillHead(Request& req, const http::request<Body>& msg, size_t fields) {
    req.method = std::string(msg.method_string());
    std::string_view target = msg.target();
    size_t q = target.find('?');
    req.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
    req.headers.reserve(fields);
    for (const auto& f : msg) {
      req.headers.emplace_back(text::Lower(f.name_string()), std::string(f.value()));
    }
  }

  // Waits, in ticks of `timer` (reading no clock), until `take()` holds:
  // true, or false when it still does not after kBudgetWait.
  template <typename Take>
  static awaitable<bool> WaitForRoom(asio::steady_timer& timer, Take take) {
    for (auto waited = std::chrono::milliseconds(0); !take(); waited += kBudgetTick) {
      if (waited >= kBudgetWait) co_return false;
      timer.expires_after(kBudgetTick);
      co_await timer.async_wait(kTuple);
    }
    co_return true;
  }

  // Reads requests and writes answers on one connection until it closes.
  // True when it ended on a request refused before its body was read.
  template <typename Stream>
  awaitable<bool> Serve(Stream& stream, bool busy) {
    beast::flat_buffer buffer;
    if (busy) {
      ++connections_full;
      Response r = Plain(503, "The service is busy. Try again shortly.");
      r.headers.emplace_back("Retry-After", "5");
      co_await Write(stream, std::move(r), 11, false, false);
      co_return false;
    }
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(limits::kHeaderBytesMax);
      parser.body_limit(limits::kMultipartBodyMax);
      beast::get_lowest_layer(stream).expires_after(opt.header_timeout);
      auto waiter = StartWaiting(co_await asio::this_coro::executor, [&stream] {
        beast::error_code ignore;
        beast::get_lowest_layer(stream).socket().close(ignore);
      });
      auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
      StopWaiting(*waiter);
      if (ec) {
        if (ec == http::error::header_limit) {
          co_await Write(stream, Plain(431, "Request headers too large."), 11, false, false);
        } else if (ec == http::error::body_limit) {
          // The declared length is over the largest body of any kind.
          co_await Write(stream, Plain(413, "Request body too large."), 11, false, false);
          co_return true;
        } else if (ec != http::error::end_of_stream && ec != asio::error::eof &&
                   ec != beast::error::timeout && ec != asio::error::connection_reset &&
                   ec != asio::error::operation_aborted && ec != ssl::error::stream_truncated &&
                   buffer.size() > 0) {
          co_await Write(stream, Plain(400, "Malformed request."), 11, false, false);
        }
        break;
      }
      auto& hdr = parser.get();
      const unsigned version = hdr.version();
      size_t fields = std::distance(hdr.begin(), hdr.end());
      if (fields > limits::kHeaderCountMax) {
        co_await Write(stream, Plain(431, "Too many request headers."), version, false, false);
        break;
      }
      const size_t limit = BodyLimitFor(hdr[http::field::content_type]);
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await Write(stream, Plain(413, "Request body too large."), version, false, false);
        co_return true;
      }
      parser.body_limit(limit);
      // A form's body is held in memory, taken from the form budget as it
      // arrives, one read ahead of what is held: a sender that trickles a
      // large body holds what it has sent, never the length it declares.
      // An upload's body goes to encrypted temporary storage as it arrives
      // (crypto/spool_file.h): it holds a slot of fixed memory for its
      // buffers, and takes disk from the spool budget as a form takes
      // memory. When a budget stays full for a while, 503.
      BodyBudget budget, upload_slot;
      const bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
      const bool upload = limit > limits::kFormBodyMax;
      std::atomic<size_t>* const pool = upload ? &spool_bytes : &form_bytes;
      const size_t cap = upload ? opt.upload_spool : opt.form_memory;
      const size_t declared = parser.content_length().value_or(limit);
      std::shared_ptr<crypto::SpoolFile> spool;
      std::optional<http::request_parser<http::buffer_body>> upload_parser;
      auto received = [&] {
        return spool ? static_cast<size_t>(spool->size()) : parser.get().body().size();
      };
      auto needed = [&] { return std::min(declared, received() + buffer.size() + kBudgetStep); };
      auto busy_body = [&] {
        ++body_memory_full;
        Response r = Plain(503, "The service is busy. Try again shortly.");
        r.headers.emplace_back("Retry-After", upload ? "30" : "5");
        return r;
      };
      if (has_body && !budget.Take(pool, cap, needed())) {
        co_await Write(stream, busy_body(), version, false, false);
        co_return true;
      }
      asio::steady_timer budget_wait(co_await asio::this_coro::executor);
      if (has_body && upload) {
        // A slot for its buffers.
        if (!co_await WaitForRoom(
                budget_wait, [&] { return upload_slot.Take(&upload_slots, max_uploads, 1); })) {
          co_await Write(stream, busy_body(), version, false, false);
          co_return true;
        }
      }
      // Read before the parser may move into upload_parser below.
      const bool expect_continue = beast::iequals(hdr[http::field::expect], "100-continue");
      if (has_body && upload) {
        auto created = crypto::SpoolFile::Create(spool_dir);
        if (!created.ok()) {
          // Out of descriptors or disk: this upload waits for another time.
          co_await Write(stream, busy_body(), version, false, false);
          co_return true;
        }
        spool = std::move(*created);
        upload_parser.emplace(std::move(parser));
      }
      if (expect_continue) {
        http::response<http::empty_body> cont{http::status::continue_, version};
        auto [wec, wn] = co_await http::async_write(stream, cont, kTuple);
        if (wec) break;
      }
      auto body_done = [&] { return upload_parser ? upload_parser->is_done() : parser.is_done(); };
      // A small request usually arrives whole with its headers; a body still
      // on its way must come at the minimum rate (a chunked one of unknown
      // size, as if it were as large as allowed).
      if (!body_done()) {
        beast::get_lowest_layer(stream).expires_after(TransferDeadline(declared));
      }
      beast::error_code bec;
      bool spool_full = false;
      std::unique_ptr<char[]> chunk;
      if (upload_parser) chunk = std::make_unique<char[]>(kBudgetStep);
      while (!body_done()) {
        // Room for what the next read may bring, as others finish.
        if (!co_await WaitForRoom(budget_wait, [&] {
              return budget.bytes >= needed() || budget.Take(pool, cap, needed() - budget.bytes);
            })) {
          co_await Write(stream, busy_body(), version, false, false);
          co_return true;
        }
        if (!upload_parser) {
          auto [ec, n] = co_await http::async_read_some(stream, buffer, parser, kTuple);
          if (ec) {
            bec = ec;
            break;
          }
          continue;
        }
        auto& into = upload_parser->get().body();
        into.data = chunk.get();
        into.size = kBudgetStep;
        auto [ec, n] = co_await http::async_read_some(stream, buffer, *upload_parser, kTuple);
        const size_t got = kBudgetStep - into.size;
        if (got > 0 && !spool->Append(std::string_view(chunk.get(), got)).ok()) {
          spool_full = true;
          break;
        }
        if (ec && ec != http::error::need_buffer) {
          bec = ec;
          break;
        }
      }
      if (spool_full || (spool && !bec && !spool->Finish().ok())) {
        co_await Write(stream, busy_body(), version, false, false);
        co_return true;
      }
      // Received: the upload's buffers go, and with them its slot (the
      // spool keeps its disk budget until the answer is written).
      if (chunk) sodium_memzero(chunk.get(), kBudgetStep);
      chunk.reset();
      upload_slot.Release();
      if (bec) {
        if (bec == http::error::body_limit) {
          co_await Write(stream, Plain(413, "Request body too large."), version, false, false);
          co_return true;
        } else if (bec != beast::error::timeout && bec != asio::error::connection_reset) {
          co_await Write(stream, Plain(400, "Malformed request body."), version, false, false);
        }
        break;
      }
      struct Answering {
        std::atomic<size_t>& c;
        ~Answering() { --c; }
      } answering_one{answering};
      ++answering;
      Request req;
      bool keep_alive = false, head = false;
      if (upload_parser) {
        auto msg = upload_parser->release();
        keep_alive = msg.keep_alive();
        head = msg.method() == http::verb::head;
        FillHead(req, msg, fields);
        req.spooled_body = std::move(spool);
      } else {
        auto msg = parser.release();
        keep_alive = msg.keep_alive();
        head = msg.method() == http::verb::head;
        FillHead(req, msg, fields);
        req.body = std::move(msg.body());
      }
      // Stopping: answer this one, then close (the client goes elsewhere).
      keep_alive = keep_alive && !stopping.load();

      Response res;
      if (req.path.empty() || req.path.front() != '/') {
        res = Plain(400, "Malformed request target.");
      } else if (in_flight.fetch_add(1) >= opt.max_in_flight) {
        --in_flight;
        ++in_flight_full;
        res = Plain(503, "The service is busy. Try again shortly.");
        res.headers.emplace_back("Retry-After", "5");
      } else {
        res = co_await AsyncDispatch(req, use_awaitable);
        --in_flight;
      }
      if (res.status >= 500 && res.status != 503) {
        // Route only: no target, query, address or time.
        log::Error("server_error", {{"status", std::int64_t{res.status}}});
      }
      // A large answer waiting for a slow reader holds its memory: such
      // answers have a budget of their own, and one that does not fit is
      // replaced by a 503.
      BodyBudget answer_budget;
      if (res.body.size() > kLargeAnswer &&
          !answer_budget.Take(&answer_bytes, opt.answer_memory, res.body.size())) {
        ++answer_memory_full;
        res = Plain(503, "The service is busy. Try again shortly.");
        res.headers.emplace_back("Retry-After", "5");
      }
      bool again = co_await Write(stream, std::move(res), version, keep_alive, head);
      if (!again) break;
    }
    co_return false;
  }

  Status LoadTls() {
    if (opt.tls_cert_file.empty() && opt.tls_key_file.empty()) return Status::Ok();
    if (opt.tls_cert_file.empty() || opt.tls_key_file.empty()) {
      return InvalidArgument("TLS needs both a certificate file and a key file");
    }
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    beast::error_code ec;
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                     ec);
    SSL_CTX_set_options(ctx->native_handle(), SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
                                                  SSL_OP_CIPHER_SERVER_PREFERENCE);
    // TLS 1.2: forward-secret (ECDHE) AEAD suites only, never static RSA or
    // CBC (OpenSSL's defaults offer both). TLS 1.3's suites are all of that
    // kind already.
    if (SSL_CTX_set_cipher_list(ctx->native_handle(),
                                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
      return Internal("the TLS suites cannot be set");
    }
    if (!ec) ctx->use_certificate_chain_file(opt.tls_cert_file, ec);
    if (ec)
      return InvalidArgument("cannot use TLS certificate " + opt.tls_cert_file + ": " +
                             ec.message());
    ctx->use_private_key_file(opt.tls_key_file, ssl::context::pem, ec);
    if (ec) return InvalidArgument("cannot use TLS key " + opt.tls_key_file + ": " + ec.message());
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      return InvalidArgument("the TLS key does not belong to the certificate");
    }
    tls = std::move(ctx);
    return Status::Ok();
  }

  // Waits (up to drain_timeout) until no request is being answered, then
  // stops every thread's context.
  awaitable<void> DrainThenStop() {
    // Counted in ticks of the timer rather than read from a clock: this
    // only waits (common/clock.h is the program's one clock).
    constexpr std::chrono::milliseconds kTick{10};
    asio::steady_timer timer(ioc);
    for (auto left = opt.drain_timeout; answering.load() > 0 && left > kTick; left -= kTick) {
      timer.expires_after(kTick);
      co_await timer.async_wait(kTuple);
    }
    if (answering.load() > 0) {
      log::Warn("stopped with requests unanswered",
                {{"requests", static_cast<std::int64_t>(answering.load())}});
    }
    for (auto& c : contexts) c->stop();
  }

  awaitable<void> Accept() {
    asio::steady_timer backoff(ioc);
    auto pause = std::chrono::milliseconds(0);
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        // Out of descriptors (EMFILE, ENFILE) or memory: trying again at
        // once would spin. Wait, longer each time (up to a second), while
        // the connections we have are served and close.
        pause =
            std::clamp(pause * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
        ++accept_backoffs;
        backoff.expires_after(pause);
        co_await backoff.async_wait(kTuple);
        continue;
      }
      pause = std::chrono::milliseconds(0);
      asio::io_context& target = NextContext();
      // Move the socket onto the connection's own context.
      auto fd = socket.release(ec);
      if (ec) continue;
      tcp::socket moved(target, acceptor.local_endpoint().protocol(), fd);
      asio::co_spawn(target, Session(std::move(moved)), asio::detached);
    }
  }
};

HttpServer::HttpServer(ServerOptions options, const Router* router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

HttpServer::~HttpServer() = default;

Result<std::uint16_t> HttpServer::Start() {
  if (auto st = impl_->LoadTls(); !st.ok()) return st.error();
  // Every connection holds a descriptor: past the process's limit, accept()
  // fails, so the limit that answers 503 must come first.
  // An upload being received holds a second descriptor, its spool: uploads
  // at once are as many as their memory allows, and at most a quarter of
  // the descriptors left after the reserve.
  auto& im = *impl_;
  im.max_uploads = std::max<size_t>(im.opt.upload_memory / Impl::kUploadBuffers, 1);
  if (rlimit rl{}; getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    const auto fds = static_cast<size_t>(rl.rlim_cur);
    size_t usable = fds > 2 * im.opt.fd_reserve ? fds - im.opt.fd_reserve : fds / 2;
    im.max_uploads = std::clamp<size_t>(im.max_uploads, 1, std::max<size_t>(usable / 4, 1));
    usable -= std::min(usable / 2, im.max_uploads);
    if (impl_->opt.max_connections > usable) {
      log::Warn("connections capped by the descriptor limit",
                {{"max_connections", static_cast<std::int64_t>(usable)},
                 {"descriptor_limit", static_cast<std::int64_t>(fds)}});
      impl_->opt.max_connections = usable;
    }
  }
  im.spool_dir = im.opt.spool_dir;
  if (im.spool_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    im.spool_dir = tmp && *tmp ? tmp : "/var/tmp";
  }
  beast::error_code ec;
  auto addr = asio::ip::make_address(impl_->opt.address, ec);
  if (ec) return InvalidArgument("not an IP address: " + impl_->opt.address);
  tcp::endpoint ep(addr, impl_->opt.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Unavailable("cannot listen on " + impl_->opt.address + ": " + ec.message());
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  impl_->signals.async_wait([this](const beast::error_code& e, int) {
    if (!e) Stop();
  });
  return a.local_endpoint().port();
}

size_t HttpServer::max_connections() const { return impl_->opt.max_connections; }

size_t HttpServer::accept_backoffs() const { return impl_->accept_backoffs.load(); }

size_t HttpServer::evictions() const { return impl_->evictions.load(); }

HttpServer::Counts HttpServer::counts() const {
  Counts c;
  c.connections_full = impl_->connections_full.load();
  c.evicted = impl_->evictions.load();
  c.in_flight_full = impl_->in_flight_full.load();
  c.body_memory_full = impl_->body_memory_full.load();
  c.answer_memory_full = impl_->answer_memory_full.load();
  c.accept_backoffs = impl_->accept_backoffs.load();
  return c;
}

void HttpServer::Run() {
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->contexts.size(); ++i) {
    asio::io_context* c = impl_->contexts[i].get();
    threads.emplace_back([c, i] {
      pthread_setname_np(pthread_self(), ("ps-http-" + std::to_string(i)).c_str());
      auto guard = asio::make_work_guard(*c);  // idle until Stop()
      c->run();
    });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void HttpServer::Stop() {
  asio::post(impl_->ioc, [this] {
    if (impl_->stopping.exchange(true)) return;
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->signals.cancel(ec);
    asio::co_spawn(impl_->ioc, impl_->DrainThenStop(), asio::detached);
  });
}

void HttpServer::Post(std::function<void()> fn) {
  auto& c = impl_->contexts[impl_->next_post.fetch_add(1, std::memory_order_relaxed) %
                            impl_->contexts.size()];
  asio::post(*c, std::move(fn));
}

}  // namespace portsafe::web
