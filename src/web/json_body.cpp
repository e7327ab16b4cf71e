#include "web/json_body.h"

#include <boost/json/parser.hpp>

#include "core/limits.h"
#include "core/text.h"

namespace portsafe::web {

Result<boost::json::value> ParseJsonObject(std::string_view content_type, std::string_view body) {
  std::string media = text::Lower(text::Trim(content_type.substr(0, content_type.find(';'))));
  if (media != "application/json") return UnsupportedMedia("send application/json");
  if (body.size() > limits::kJsonBodyMax) return PayloadTooLarge("the JSON body is too large");
  boost::json::parse_options opt;
  opt.max_depth = limits::kJsonDepthMax;
  boost::json::parser p({}, opt);
  boost::system::error_code ec;
  p.write(body.data(), body.size(), ec);  // the whole body: write() requires a complete value
  if (ec) return InvalidArgument("the body is not valid JSON");
  boost::json::value v = p.release();
  if (!v.is_object()) return InvalidArgument("the body must be a JSON object");
  return v;
}

}  // namespace portsafe::web
