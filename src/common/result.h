// Status and Result<T>: expected failures (bad input, not found, overload) are
// returned as values, never thrown. Exceptions are reserved for broken
// invariants at the edges of the program.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace portsafe {

enum class ErrorCode {
  kInvalidArgument,   // the caller's input is malformed or out of range (4xx)
  kNotFound,          // the thing asked for does not exist (404)
  kAlreadyExists,     // refusing to overwrite (409)
  kPayloadTooLarge,   // a size limit was exceeded (413)
  kUnsupportedMedia,  // a content type we do not accept (415)
  kUnauthenticated,   // no valid session or wrong credentials (401)
  kPermissionDenied,  // authenticated, but this role may not do this (403)
  kRateLimited,       // too many attempts; wait before trying again (429)
  kUnavailable,       // overloaded or storage unavailable; retry later (503)
  kInternal,          // a bug or an environment failure (500); never for bad input
};

// A failure, in separate members so that nothing has to parse a message:
//   code    what kind of failure (one mapping to HTTP: web::HttpStatusFor);
//   message English text for people, safe to show to the person who caused
//           it (never secrets or reporter data);
//   field   the input field at fault, or "" (a form shows its own words
//           for it);
//   key     the message key of the reporter's catalogue (assets/i18n), or ""
//           (pages in the reporter's language show that text).
class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  const std::string& key() const { return key_; }

  // The same error naming its field, or its catalogue key.
  Error WithField(std::string field) && {
    field_ = std::move(field);
    return std::move(*this);
  }
  Error WithKey(std::string key) && {
    key_ = std::move(key);
    return std::move(*this);
  }

 private:
  ErrorCode code_;
  std::string message_;
  std::string field_;
  std::string key_;
};

inline Error InvalidArgument(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
inline Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
inline Error AlreadyExists(std::string m) { return {ErrorCode::kAlreadyExists, std::move(m)}; }
inline Error PayloadTooLarge(std::string m) { return {ErrorCode::kPayloadTooLarge, std::move(m)}; }
inline Error UnsupportedMedia(std::string m) {
  return {ErrorCode::kUnsupportedMedia, std::move(m)};
}
inline Error Unauthenticated(std::string m) { return {ErrorCode::kUnauthenticated, std::move(m)}; }
inline Error PermissionDenied(std::string m) {
  return {ErrorCode::kPermissionDenied, std::move(m)};
}
inline Error RateLimited(std::string m) { return {ErrorCode::kRateLimited, std::move(m)}; }
inline Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }
inline Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
// kInvalidArgument about input `field`, saying what is wrong with it.
inline Error InvalidField(std::string field, std::string m) {
  return InvalidArgument(std::move(m)).WithField(std::move(field));
}

// Success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error e) : error_(std::move(e)), ok_(false) {}  // NOLINT: implicit by design
  static Status Ok() { return {}; }

  bool ok() const { return ok_; }
  // Precondition: !ok().
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool ok_ = true;
};

// A value or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error e) : v_(std::move(e)) {}      // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  // Precondition: ok().
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  // Precondition: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  Status status() const { return ok() ? Status::Ok() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace portsafe
