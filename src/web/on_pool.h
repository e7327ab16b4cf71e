// Handlers whose work is heavy (Argon2id, rendering PDFs and QR codes,
// sending mail) run on a pool of their kind (WebContext::Offload), never on
// the server's I/O threads. OnPool wraps such a handler: the request waits
// in the pool's queue, and when that queue is full it is answered at once
// by `busy` (which should be a 503 with Retry-After). Other requests are
// not slowed either way.
#pragma once

#include <functional>
#include <memory>

#include "web/http_types.h"
#include "web/staff_auth.h"
#include "web/web_context.h"

namespace portsafe::web {

namespace internal {

// `Call` (a Request, or a staff member's StaffCall) is moved into the
// task: the handler may keep nothing of the caller's stack, and the server
// uses the request no more once it has handed it over.
template <typename Call>
std::function<void(Call&, Respond)> OnPool(const WebContext& ctx, Work kind,
                                           std::function<void(Call&, Respond)> handler,
                                           std::function<Response(const Call&)> busy) {
  return [ctx, kind, handler = std::move(handler), busy = std::move(busy)](Call& call,
                                                                           Respond respond) {
    auto task = std::make_shared<std::pair<Call, Respond>>(std::move(call), std::move(respond));
    if (!ctx.Offload(kind, [handler, task] { handler(task->first, std::move(task->second)); })) {
      task->second(busy(task->first));
    }
  };
}

}  // namespace internal

inline Handler OnPool(const WebContext& ctx, Work kind, Handler handler,
                      std::function<Response(const Request&)> busy) {
  return internal::OnPool<Request>(ctx, kind, std::move(handler), std::move(busy));
}

// The same for a signed-in staff member's call (after its session and
// role are checked).
inline StaffHandler OnPool(const WebContext& ctx, Work kind, StaffHandler handler,
                           std::function<Response(const StaffCall&)> busy) {
  return internal::OnPool<StaffCall>(ctx, kind, std::move(handler), std::move(busy));
}

}  // namespace portsafe::web
