#include "web/api_helpers.h"

#include <algorithm>
#include <cctype>

#include "web/api_v1.h"
#include "web/json_body.h"

namespace portsafe::web {
namespace json = boost::json;

std::optional<std::int64_t> ParseSeq(std::string_view text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != text.npos) {
    return std::nullopt;
  }
  return std::stoll(std::string(text));
}

std::string AttachmentDisposition(std::string_view name) {
  const bool plain =
      !name.empty() && name.size() <= 64 && name.front() != '.' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
      });
  return "attachment; filename=\"" + std::string(plain ? name : "report-file") + "\"";
}

Response ApiError(const Error& e) {
  const int status = HttpStatusFor(e);
  if (status == 500) return JsonError(500, "internal error");
  Response r = JsonError(status, e.message());
  if (!e.field().empty()) {
    // {"error": "...", "field": "..."}: the field at fault, for the client.
    auto body = json::parse(r.body).as_object();
    body["field"] = e.field();
    r.body = json::serialize(body);
  }
  if (status == 503) r.headers.emplace_back("Retry-After", "5");
  return r;
}

Result<std::map<std::string, json::value>> Members(const Request& req,
                                                   const std::vector<std::string_view>& allowed) {
  // An action without fields may come with no body at all.
  if (allowed.empty() && req.body.empty() && !req.spooled_body) {
    return std::map<std::string, json::value>();
  }
  auto v = ParseJsonObject(req.Header("content-type"), req.body);
  if (!v.ok()) return v.error();
  std::map<std::string, json::value> out;
  for (const auto& kv : v->get_object()) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known) return InvalidArgument("unknown field " + std::string(kv.key().substr(0, 40)));
    bool ok = kv.value().is_string() || kv.value().is_bool();
    if (kv.value().is_array()) {
      ok = kv.value().get_array().size() <= 64;
      for (const auto& x : kv.value().get_array()) ok = ok && x.is_string();
    }
    if (!ok) return InvalidArgument(std::string(kv.key()) + " must be a string");
    out.emplace(std::string(kv.key()), kv.value());
  }
  return out;
}

std::string Str(const std::map<std::string, json::value>& m, const std::string& k) {
  auto it = m.find(k);
  return it != m.end() && it->second.is_string() ? std::string(it->second.get_string())
                                                 : std::string();
}

std::vector<std::string> StrList(const std::map<std::string, json::value>& m,
                                 const std::string& k) {
  std::vector<std::string> out;
  auto it = m.find(k);
  if (it == m.end() || !it->second.is_array()) return out;
  for (const auto& x : it->second.get_array()) out.emplace_back(x.get_string());
  return out;
}

bool Bool(const std::map<std::string, json::value>& m, const std::string& k) {
  auto it = m.find(k);
  return it != m.end() && it->second.is_bool() && it->second.get_bool();
}

std::optional<size_t> PageLimit(std::string_view text, size_t fallback) {
  if (text.empty()) return fallback;
  if (text.size() > 3 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoul(std::string(text));
}

void LinkNext(Response& r, const std::string& target) {
  r.headers.emplace_back("Link", "<" + target + ">; rel=\"next\"");
}

// Answers 204-style success as {"status":"done"} or the error.
Response Done(const Status& st) {
  return st.ok() ? JsonResponse(200, json::object{{"status", "done"}}) : ApiError(st.error());
}

json::object OutcomeObject(const service::Outcome& o) {
  return json::object{{"kind", o.kind},
                      {"seizure_type", o.seizure_type},
                      {"quantity", o.quantity},
                      {"note", o.note},
                      {"recorded_on", o.recorded_on}};
}

json::array MessagesJson(const std::vector<service::PackageMessage>& msgs) {
  json::array out;
  for (const auto& m : msgs) {
    out.push_back(json::object{{"author", m.author}, {"sent_on", m.sent_on}, {"text", m.text}});
  }
  return out;
}

Handler PostAction(const WebContext& ctx, Roles roles, std::vector<std::string_view> fields,
                   ApiAction fn) {
  return StaffApi(ctx, std::move(roles),
                  [fields = std::move(fields), fn = std::move(fn)](StaffCall& c, Respond respond) {
                    auto m = Members(*c.req, fields);
                    if (!m.ok()) {
                      respond(ApiError(m.error()));
                      return;
                    }
                    auto out = fn(*c.session, *c.req, *m);
                    respond(out.ok() ? JsonResponse(200, *out) : ApiError(out.error()));
                  });
}

json::array FindingsJson(const std::vector<core::Finding>& findings) {
  json::array out;
  for (const auto& f : findings) {
    out.push_back(json::object{
        {"id", f.id}, {"kind", f.kind}, {"excerpt", f.excerpt}, {"acknowledged", f.acknowledged}});
  }
  return out;
}

Result<json::value> DoneJson(const Status& st) {
  if (!st.ok()) return st.error();
  return json::value(json::object{{"status", "done"}});
}

}  // namespace portsafe::web
