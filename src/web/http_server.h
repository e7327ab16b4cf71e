// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines, one
// io_context run by a few threads. It enforces the transport limits (header
// bytes and count, body size chosen by content type, read timeouts against
// slow clients, connection and in-flight caps that answer 503 with
// Retry-After) and adds the security headers to every response. It never
// reads the peer's address: nothing downstream can log or store it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "web/router.h"
#include "web/security_headers.h"

namespace portsafe::web {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  unsigned threads = 0;       // 0: one per core
  // Open connections; beyond, 503. Start() lowers it to the process's
  // descriptor limit (RLIMIT_NOFILE) less `fd_reserve`, kept for the
  // database, the log, the file cleaner's pipes and mail.
  size_t max_connections = 10000;
  size_t fd_reserve = 256;
  size_t max_in_flight = 2048;  // requests being handled at once; beyond, 503
  // Request bodies. A form's (anything but multipart) is held in memory
  // from its first byte until its answer is written, within `form_memory`
  // for all forms at once. An upload's (multipart) is streamed to
  // encrypted temporary storage in `spool_dir` (crypto/spool_file.h),
  // within `upload_spool` bytes of disk for all uploads at once; each
  // upload being received holds about 192 KiB of buffers, and uploads at
  // once are as many as `upload_memory` allows (fewer when descriptors are
  // short). A body takes its bytes of its budget as it arrives, a read
  // (64 KiB) ahead of what it holds, so a slow sender holds what it has
  // sent and never the length it declares. A body that finds its budget
  // full waits up to 5 s for room, then is answered 503 with Retry-After.
  size_t upload_memory = 96u << 20;
  size_t upload_spool = 1024u << 20;
  size_t form_memory = 32u << 20;
  // Where uploads are spooled: a directory on disk (not a tmpfs, which is
  // memory), private to the server. Empty: $TMPDIR, else /var/tmp.
  std::string spool_dir;
  // Answers over 64 KiB held in memory at once while they are written (a
  // reader that reads slowly keeps its answer); one that does not fit is
  // answered 503 with Retry-After instead.
  size_t answer_memory = 64u << 20;
  // Slow clients. A request's head must arrive whole within
  // `header_timeout` (so must a TLS handshake, and the next request on an
  // idle connection). A body must arrive at `min_transfer_rate` or faster
  // after a grace of `header_timeout` (so a 5 MiB upload may take 10 s +
  // 5 MiB at the rate), and an answer must be read as fast; never longer
  // than `body_timeout`. When every connection slot is taken, a new
  // connection takes the slot of the connection that has waited longest for
  // its request's head, and only when none is waiting is it answered 503.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{120};
  size_t min_transfer_rate = 32 * 1024;  // bytes a second
  // On Stop: requests already being handled get this long to be answered
  // before the server stops regardless.
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(8)};
  HeaderOptions headers;
  // TLS on the listener itself: PEM files of the certificate chain and its
  // private key. Both empty: plain HTTP (behind a TLS-terminating proxy, or
  // an onion service). TLS 1.2 and 1.3 only.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HttpServer {
 public:
  // `router` must outlive the server.
  HttpServer(ServerOptions options, const Router* router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads the TLS files (if any), binds and listens. Returns the bound port.
  // kUnavailable when the address cannot be bound; kInvalidArgument when
  // the certificate or key cannot be used.
  Result<std::uint16_t> Start();
  // The connection limit in force (after Start(): within the fd limit).
  size_t max_connections() const;
  // What the server has turned away or cut short so far, for the pressure
  // summary in the log (counts only: never an address, a path or a time).
  struct Counts {
    size_t connections_full = 0;    // new connections answered 503: no slot
    size_t evicted = 0;             // connections closed to make room (see header_timeout)
    size_t in_flight_full = 0;      // requests answered 503: max_in_flight
    size_t body_memory_full = 0;    // bodies answered 503: their budget stayed full
    size_t answer_memory_full = 0;  // answers replaced by a 503: answer_memory
    size_t accept_backoffs = 0;     // waits after a failed accept() (out of descriptors)
  };
  Counts counts() const;
  // Connections closed to make room for a new one (see header_timeout).
  size_t evictions() const;
  // Times accept() failed (out of descriptors, say) and the server waited
  // before trying again, rather than spinning.
  size_t accept_backoffs() const;
  // Runs the server threads until Stop() or SIGINT/SIGTERM. Blocks; returns
  // once every server thread has ended.
  void Run();
  // Stops gracefully: stops accepting at once, answers the requests being
  // handled (up to drain_timeout; their answers say Connection: close),
  // then stops the threads, so Run() returns. Connections with no request
  // in hand are closed. Thread-safe; idempotent.
  void Stop();
  // Posts `fn` to the server's threads (used to run store completions off
  // the store's writer thread). After Run() has returned, `fn` is
  // destroyed without running.
  void Post(std::function<void()> fn);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portsafe::web
