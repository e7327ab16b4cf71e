#include "web/team_pages.h"

#include <boost/json.hpp>

#include "core/role.h"
#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/staff_auth.h"
#include "web/staff_view.h"

namespace portsafe::web {
namespace {

namespace json = boost::json;
using kainjow::mustache::data;
using service::StaffSession;

Response TeamPage(const WebContext& ctx, const StaffSession& s, std::string_view notice,
                  std::string_view error, int status) {
  auto members = ctx.team->List(s);
  if (!members.ok()) return FromServiceError(ctx, &s, members.error());
  data d;
  if (!notice.empty()) d.set("notice", std::string(notice));
  if (!error.empty()) d.set("error", std::string(error));
  const bool keyed = s.role != core::Role::kAdmin;
  if (s.role == core::Role::kSupervisor) {
    d.set("intro",
          "Handlers and supervisors. Someone who does not hold the service key cannot open "
          "reports; give it to them here (they hold it from their next sign-in).");
    d.set("key_label", "Service key");
  } else if (s.role == core::Role::kAgency) {
    d.set("intro", "Officers of " + s.agency_code +
                       ". Give a colleague your agency's key so they can read its packages.");
    d.set("key_label", "Agency key");
  } else {
    d.set("intro",
          "Every staff account. Disabling or removing one ends its sessions at once, on every "
          "node, and takes back its keys; its audit entries stay. Accounts are made with the "
          "portsafe user add command or by invitation.");
    d.set("admin", true);
  }
  if (keyed) d.set("keyed", true);
  data list{data::type::list};
  for (const auto& m : *members) {
    data item;
    item.set("id", m.id);
    item.set("email", m.email);
    item.set("role", m.role);
    const std::string& where = m.agency_code.empty() ? m.facility_code : m.agency_code;
    item.set("where", where);
    if (!where.empty()) item.set("has_where", true);
    if (keyed) item.set("keyed", true);
    if (m.holds_key) item.set("holds", true);
    if (m.can_give) item.set("can_give", true);
    if (m.can_take) item.set("can_take", true);
    if (!m.holds_key && !m.can_give) item.set("missing", true);
    if (s.role == core::Role::kAdmin) {
      item.set("state_words", m.state == "disabled" ? "disabled"
                              : m.state == "first-password"
                                  ? "active, first password not yet changed"
                                  : "active");
      if (m.can_change) {
        item.set("can_change", true);
        if (m.state == "disabled") {
          item.set("can_enable", true);
        } else {
          item.set("can_disable", true);
        }
        if (service::RoleCanChange(core::ParseRole(m.role))) {
          item.set("role_choice", true);
          data roles{data::type::list};
          for (core::Role r : {core::Role::kHandler, core::Role::kSupervisor, core::Role::kAdmin}) {
            data option;
            option.set("value", std::string(core::ToString(r)));
            if (core::ToString(r) == m.role) option.set("selected", true);
            roles.push_back(option);
          }
          item.set("roles", roles);
        }
      }
    }
    item.set("csrf", s.csrf);
    list.push_back(item);
  }
  d.set("members", list);
  if (!members->empty()) d.set("has_members", true);
  return StaffPageResponse(ctx, &s, "Team", "staff_team", std::move(d), status);
}

}  // namespace

void AddTeamPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/team", StaffPage(ctx, TeamViewers(), [ctx](StaffCall& c, Respond r) {
               r(TeamPage(ctx, *c.session, "", "", 200));
             }));
  router.Add("POST", "/team/{user}/key",
             StaffPage(ctx, KeyGivers(), [ctx](StaffCall& c, Respond r) {
               Status st = ctx.team->GiveKey(*c.session, c.req->params["user"]);
               if (st.ok()) {
                 r(TeamPage(ctx, *c.session, "Key given: it opens at the colleague's next sign-in.",
                            "", 200));
               } else {
                 r(FromServiceError(ctx, c.session.get(), st.error()));
               }
             }));
  router.Add(
      "POST", "/team/{user}/account", StaffPage(ctx, Admins(), [ctx](StaffCall& c, Respond r) {
        const auto change = service::ParseAccountChange(c.form.Get("change"));
        if (!change) {
          r(TeamPage(ctx, *c.session, "", "Choose disable, enable, remove or a new role.", 400));
          return;
        }
        std::optional<core::Role> role;
        if (*change == service::AccountChange::kSetRole) {
          role = core::ParseRole(c.form.Get("role"));
          if (!service::RoleCanChange(role)) {
            r(TeamPage(ctx, *c.session, "", "The new role must be handler, supervisor or admin.",
                       400));
            return;
          }
        }
        if (*change == service::AccountChange::kRemove && c.form.Get("confirm") != "yes") {
          r(TeamPage(
              ctx, *c.session, "",
              "Nothing was removed: tick \"Removing cannot be undone\" to remove an account.",
              400));
          return;
        }
        Status st = ctx.team->ChangeAccount(*c.session, c.req->params["user"], *change, role);
        if (!st.ok()) {
          const int status = HttpStatusFor(st.error());
          if (status == 400 || status == 409) {
            r(TeamPage(ctx, *c.session, "", st.error().message(), status));
          } else {
            r(FromServiceError(ctx, c.session.get(), st.error()));
          }
          return;
        }
        const char* done =
            *change == service::AccountChange::kDisable
                ? "Account disabled: its sessions have ended on every node and its keys are "
                  "taken back."
            : *change == service::AccountChange::kEnable
                ? "Account enabled: it can sign in again; a colleague gives its keys again."
            : *change == service::AccountChange::kRemove
                ? "Account removed, with its keys and sessions; its audit entries stay."
                : "Role changed: the account's sessions have ended.";
        r(TeamPage(ctx, *c.session, done, "", 200));
      }));
  router.Add("POST", "/team/{user}/key/take-back",
             StaffPage(ctx, KeyGivers(), [ctx](StaffCall& c, Respond r) {
               Status st = ctx.team->TakeKeyBack(*c.session, c.req->params["user"]);
               if (st.ok()) {
                 r(TeamPage(ctx, *c.session,
                            "Key taken back: every session of the colleague has ended, and they "
                            "hold the key no more.",
                            "", 200));
               } else {
                 r(FromServiceError(ctx, c.session.get(), st.error()));
               }
             }));
  router.Add("GET", "/api/v1/team", StaffApi(ctx, TeamViewers(), [ctx](StaffCall& c, Respond r) {
               auto members = ctx.team->List(*c.session);
               if (!members.ok()) {
                 r(ApiError(members.error()));
                 return;
               }
               json::array out;
               for (const auto& m : *members) {
                 out.push_back(json::object{{"id", m.id},
                                            {"email", m.email},
                                            {"role", m.role},
                                            {"agency", m.agency_code},
                                            {"facility", m.facility_code},
                                            {"holds_key", m.holds_key},
                                            {"can_give", m.can_give},
                                            {"can_take", m.can_take}});
               }
               r(JsonResponse(200, out));
             }));
  router.Add("POST", "/api/v1/team/{user}/key",
             PostAction(ctx, KeyGivers(), {},
                        [ctx](const service::StaffSession& s, const Request& req, const Fields&) {
                          return DoneJson(ctx.team->GiveKey(s, req.params.at("user")));
                        }));
  router.Add("POST", "/api/v1/team/{user}/key/take-back",
             PostAction(ctx, KeyGivers(), {},
                        [ctx](const service::StaffSession& s, const Request& req, const Fields&) {
                          return DoneJson(ctx.team->TakeKeyBack(s, req.params.at("user")));
                        }));
}

}  // namespace portsafe::web
