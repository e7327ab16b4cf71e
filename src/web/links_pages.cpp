#include "web/links_pages.h"

#include <boost/json.hpp>

#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/links_view.h"
#include "web/staff_auth.h"
#include "web/staff_pages.h"
#include "web/staff_view.h"

namespace portsafe::web {
namespace {

using kainjow::mustache::data;
namespace json = boost::json;

data LinkRows(const std::vector<service::LinkedReport>& links) {
  data rows{data::type::list};
  for (const auto& l : links) {
    data r;
    r.set("id", l.report_id);
    r.set("short_id", ShortId(l.report_id));
    r.set("status", Label(kStatusLabels, core::ToString(l.status)));
    r.set("received_on", l.received_on);
    if (!l.strong) r.set("weak", true);
    data shared{data::type::list};
    for (size_t i = 0; i < l.shared.size(); ++i) {
      shared.push_back(
          data(SharedText(l.shared[i], i < l.other_values.size() ? l.other_values[i] : "")));
    }
    r.set("shared", shared);
    rows.push_back(r);
  }
  return rows;
}

void SetLinks(const service::ReportLinks& links, data& d) {
  if (!links.indexed) d.set("not_indexed", true);
  data ids{data::type::list};
  for (const auto& e : links.identifiers) {
    data item;
    item.set("text", EntryText(e));
    if (!e.valid) item.set("invalid", true);
    ids.push_back(item);
  }
  d.set("identifiers", ids);
  if (!links.identifiers.empty()) d.set("has_identifiers", true);
  d.set("links", LinkRows(links.links));
  if (!links.links.empty()) d.set("has_links", true);
  if (links.more > 0) d.set("more", std::to_string(links.more));
  data common{data::type::list};
  for (const auto& c : links.common) common.push_back(data(SharedText(c, "")));
  d.set("common", common);
  if (!links.common.empty()) d.set("has_common", true);
  if (links.pending > 0) d.set("pending", std::to_string(links.pending));
}

json::object EntryJson(const intel::Entry& e) {
  return {{"kind", intel::KindName(e.kind)}, {"value", e.value}, {"valid", e.valid}};
}

json::object LinksJson(const service::ReportLinks& r) {
  json::array ids;
  for (const auto& e : r.identifiers) ids.push_back(EntryJson(e));
  json::array links;
  for (const auto& l : r.links) {
    json::array shared;
    for (size_t i = 0; i < l.shared.size(); ++i) {
      const auto& s = l.shared[i];
      json::object o = EntryJson(s.entry);
      o["match"] = intel::MatchName(s.match);
      o["shared"] = s.shared;
      o["other_value"] = i < l.other_values.size() ? l.other_values[i] : "";
      shared.push_back(std::move(o));
    }
    links.push_back(json::object{{"report", l.report_id},
                                 {"status", core::ToString(l.status)},
                                 {"received_on", l.received_on},
                                 {"open", l.open},
                                 {"strong", l.strong},
                                 {"score", l.score},
                                 {"shared", std::move(shared)}});
  }
  json::array common;
  for (const auto& c : r.common) {
    json::object o = EntryJson(c.entry);
    o["match"] = intel::MatchName(c.match);
    o["shared"] = c.shared;
    common.push_back(std::move(o));
  }
  return {{"report", r.report_id}, {"identifiers", std::move(ids)}, {"links", std::move(links)},
          {"more", r.more},        {"common", std::move(common)},   {"pending", r.pending}};
}

json::object GraphJson(const service::LinkGraph& g) {
  json::array nodes;
  for (const auto& n : g.nodes) {
    if (n.report) {
      nodes.push_back(json::object{{"type", "report"},
                                   {"report", n.report_id},
                                   {"status", core::ToString(n.status)},
                                   {"open", n.open},
                                   {"center", n.center},
                                   {"depth", n.depth}});
    } else {
      json::object o = EntryJson(n.entry);
      o["type"] = "identifier";
      o["depth"] = n.depth;
      nodes.push_back(std::move(o));
    }
  }
  json::array edges;
  for (const auto& e : g.edges) {
    edges.push_back(json::object{
        {"report", e.report}, {"identifier", e.identifier}, {"match", intel::MatchName(e.match)}});
  }
  return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}, {"truncated", g.truncated}};
}

int Depth(const Request& req) { return req.Query("depth") == "2" ? 2 : 1; }

void HandleGraphPage(const WebContext& ctx, StaffCall& call, Respond respond) {
  const std::string& id = call.req->params["id"];
  const int depth = Depth(*call.req);
  auto graph = ctx.links->Graph(*call.session, id, depth);
  if (!graph.ok()) {
    respond(FromServiceError(ctx, call.session.get(), graph.error()));
    return;
  }
  data d;
  d.set("id", id);
  d.set("short_id", ShortId(id));
  d.set("svg", LinkGraphSvg(*graph, "Reports linked to report " + ShortId(id) +
                                        " through the identifiers they share"));
  if (depth == 2) d.set("depth_two", true);
  if (graph->truncated) d.set("truncated", true);
  SetLinks(graph->about, d);
  size_t reports = 0;
  for (const auto& n : graph->nodes) reports += n.report ? 1 : 0;
  d.set("reports_drawn", std::to_string(reports));
  respond(StaffPageResponse(ctx, call.session.get(), "Links of report " + ShortId(id),
                            "staff_links", std::move(d)));
}

}  // namespace

void AddLinksSection(const WebContext& ctx, const service::StaffSession& s, const std::string& id,
                     data& d) {
  if (ctx.links == nullptr) return;
  d.set("link_section", true);
  auto links = ctx.links->Links(s, id);
  if (!links.ok()) {
    d.set("links_error",
          "The links of this report cannot be read just now: " +
              (links.error().code() == ErrorCode::kInternal ? std::string("an error on the server")
                                                            : links.error().message()) +
              ".");
    return;
  }
  SetLinks(*links, d);
}

void AddLinksPages(Router& router, const WebContext& ctx) {
  if (ctx.links == nullptr) return;
  router.Add("GET", "/handle/links/{id}",
             StaffPage(ctx, ReportReaders(),
                       [ctx](StaffCall& c, Respond r) { HandleGraphPage(ctx, c, std::move(r)); }));
}

void AddLinksApi(Router& router, const WebContext& ctx) {
  if (ctx.links == nullptr) return;
  router.Add("GET", "/api/v1/handler/reports/{id}/links",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto r = ctx.links->Links(*c.session, c.req->params["id"]);
               respond(r.ok() ? JsonResponse(200, LinksJson(*r)) : ApiError(r.error()));
             }));
  router.Add("GET", "/api/v1/handler/reports/{id}/links/graph",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto g = ctx.links->Graph(*c.session, c.req->params["id"], Depth(*c.req));
               respond(g.ok() ? JsonResponse(200, GraphJson(*g)) : ApiError(g.error()));
             }));
}

}  // namespace portsafe::web
