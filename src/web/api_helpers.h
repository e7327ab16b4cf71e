// What the staff and agency JSON APIs share: error answers, the strict
// reading of a request's JSON members, and the "done" answer.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/identifying.h"
#include "service/package_codec.h"
#include "web/http_types.h"
#include "web/staff_auth.h"
#include "web/web_context.h"

namespace portsafe::web {

// The `limit` of a paged list (the handlers' queue, an agency's inbox):
// `fallback` when `text` is empty; nullopt for anything but a number of at
// most three digits (the service checks the range).
std::optional<size_t> PageLimit(std::string_view text, size_t fallback);
// A file's number in its report ("1" to "999999"); nullopt for anything
// else (the path parameter {seq}, a form's chosen files).
std::optional<std::int64_t> ParseSeq(std::string_view text);
// Names the next page of a paged list in a Link header (RFC 8288); the body
// stays the list.
void LinkNext(Response& r, const std::string& target);

// The JSON error for a service error: its HTTP status; 400s name the field;
// 500s say nothing more.
Response ApiError(const Error& e);

// "attachment; filename=\"file-2.txt\"" for a stored file's name (the
// service names files itself: "photo-1.jpg"); any name holding more than
// letters, digits, '.', '-' and '_' downloads as "report-file".
std::string AttachmentDisposition(std::string_view name);

// The request's JSON object with only string, boolean or string-array
// (at most 64) members from `allowed`; anything else is a 400. An empty
// `allowed` also accepts an empty body.
Result<std::map<std::string, boost::json::value>> Members(
    const Request& req, const std::vector<std::string_view>& allowed);

// A string member, or "".
std::string Str(const std::map<std::string, boost::json::value>& m, const std::string& k);
// A string-array member, or {}.
std::vector<std::string> StrList(const std::map<std::string, boost::json::value>& m,
                                 const std::string& k);
// A boolean member, or false.
bool Bool(const std::map<std::string, boost::json::value>& m, const std::string& k);

// An outcome and a package's messages as JSON.
boost::json::object OutcomeObject(const service::Outcome& o);
boost::json::array MessagesJson(const std::vector<service::PackageMessage>& msgs);

// The identifying-content check's warnings: [{"id","kind","excerpt","acknowledged"}].
boost::json::array FindingsJson(const std::vector<core::Finding>& findings);

// {"status":"done"} or the error.
Response Done(const Status& st);

using Fields = std::map<std::string, boost::json::value>;
// What a POST endpoint of the staff API does with the caller's session, the
// request (for its path parameters) and the body's members: its JSON answer
// (200) or an error.
using ApiAction = std::function<Result<boost::json::value>(const service::StaffSession&,
                                                           const Request&, const Fields&)>;
// The POST endpoint: bearer session of one of `roles`, the body read by
// Members(`fields`), then `fn`.
Handler PostAction(const WebContext& ctx, Roles roles, std::vector<std::string_view> fields,
                   ApiAction fn);
// {"status":"done"} as an action's answer, or the error.
Result<boost::json::value> DoneJson(const Status& st);

}  // namespace portsafe::web
