// A staff session as it is kept between requests and nodes: encoded, then
// sealed (AuthServiceImpl) under a key derived from the session's token, so
// that the database alone opens no session. The encoding holds the user's
// unlocked private keys: it is built in wiped memory (SecretBytes).
#pragma once

#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"
#include "service/staff_session.h"

namespace portsafe::service {

crypto::SecretBytes EncodeSession(const StaffSession& session);
// kInvalidArgument for anything EncodeSession did not make (wrong version,
// cut short, trailing bytes, an unknown role, keys of the wrong size).
Result<StaffSession> DecodeSession(std::string_view bytes);

}  // namespace portsafe::service
