// What the staff pages share: labels for the stored keys, option lists for
// forms, the page frame (StaffPageResponse) and the error page for a
// service error. English only, like the staff pages.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>
#include "common/result.h"
#include "core/identifying.h"
#include "service/audit_log.h"
#include "service/package_codec.h"
#include "service/staff_session.h"
#include "web/http_types.h"
#include "web/web_context.h"

namespace portsafe::web {

inline constexpr std::pair<std::string_view, std::string_view> kStatusLabels[] = {
    {"new", "New"},
    {"in_progress", "In progress"},
    {"waiting_for_reporter", "Waiting for the reporter"},
    {"awaiting_approval", "Awaiting approval"},
    {"disseminated", "Disseminated"},
    {"closed", "Closed"},
};
inline constexpr std::pair<std::string_view, std::string_view> kPriorityLabels[] = {
    {"normal", "Normal"}, {"high", "High"}, {"threat_to_life", "Threat to life"}};
inline constexpr std::pair<std::string_view, std::string_view> kSourceLabels[] = {
    {"1", "1: reliable"}, {"2", "2: untested"}, {"3", "3: not reliable"}};
inline constexpr std::pair<std::string_view, std::string_view> kIntelLabels[] = {
    {"A", "A: known directly to the source"},
    {"B", "B: known indirectly, corroborated"},
    {"C", "C: known indirectly"},
    {"D", "D: not known"},
    {"E", "E: suspected to be false"}};
inline constexpr std::pair<std::string_view, std::string_view> kHandlingLabels[] = {
    {"P", "P: lawful sharing permitted"}, {"C", "C: sharing subject to conditions"}};
inline constexpr std::pair<std::string_view, std::string_view> kInsiderLabels[] = {
    {"none", "No insider involved"},
    {"deliberate", "Deliberate (took the job to abuse access)"},
    {"volunteer", "Volunteer (decided after joining)"},
    {"exploited", "Exploited or recruited by others"}};
inline constexpr std::pair<std::string_view, std::string_view> kReasonLabels[] = {
    {"no_further_action", "No further action"},
    {"malicious", "Malicious"},
    {"duplicate", "Duplicate"},
    {"out_of_scope", "Out of scope"}};

inline constexpr std::pair<std::string_view, std::string_view> kAgencyKindLabels[] = {
    {"police", "police force"},
    {"maritime", "maritime security centre"},
    {"border_force", "Border Force"},
    {"nca", "National Crime Agency"},
    {"hmrc", "HMRC"},
    {"ct_policing", "counter-terrorism policing"}};
// The identifying-content check's kinds (core::IdentifyingKinds), in words.
inline constexpr std::pair<std::string_view, std::string_view> kFindingLabels[] = {
    {"name", "A personal name"},
    {"first_person", "The reporter's own voice"},
    {"self_description", "Words that narrow down who the reporter is"},
    {"date", "A calendar date or weekday"},
    {"time", "A time of day"},
    {"pass_number", "A pass, badge or staff number"},
    {"phone", "A phone number"},
    {"email", "An e-mail address"}};
// What the check looked for, said every time it runs: it never says that
// nothing identifying is there.
inline constexpr std::string_view kIdentifyingCheckScope =
    "The check looks for personal names, the reporter's own voice (I, me, my), words that "
    "describe the reporter (role, shift, crew, being the only one), dates, weekdays, times of "
    "day, pass and staff numbers, phone numbers and e-mail addresses. It cannot see everything "
    "else that could point to the reporter: read the text once more as the people they work "
    "with would.";
inline constexpr std::pair<std::string_view, std::string_view> kOutcomeLabels[] = {
    {"seizure", "Seizure"},
    {"arrest", "Arrest"},
    {"disruption", "Disruption"},
    {"no_further_action", "No further action"}};
inline constexpr std::pair<std::string_view, std::string_view> kSeizureLabels[] = {
    {"drugs", "Drugs"},       {"firearms", "Firearms"}, {"cash", "Cash"},
    {"tobacco", "Tobacco"},   {"alcohol", "Alcohol"},   {"stolen_goods", "Stolen goods"},
    {"vehicles", "Vehicles"}, {"other", "Other"}};

template <size_t N>
inline std::string Label(const std::pair<std::string_view, std::string_view> (&table)[N],
                         std::string_view key) {
  for (const auto& [k, v] : table) {
    if (k == key) return std::string(v);
  }
  return std::string(key);
}

template <size_t N>
inline kainjow::mustache::data Options(
    const std::pair<std::string_view, std::string_view> (&table)[N], std::string_view selected,
    bool with_empty = false) {
  using kainjow::mustache::data;
  data list{data::type::list};
  if (with_empty) {
    data e;
    e.set("value", "");
    e.set("label", "Choose");
    list.push_back(e);
  }
  for (const auto& [k, v] : table) {
    data item;
    item.set("value", std::string(k));
    item.set("label", std::string(v));
    if (k == selected) item.set("selected", true);
    list.push_back(item);
  }
  return list;
}

// "Seizure of Drugs (40 kg)", "Arrest".
std::string OutcomeText(const service::Outcome& o);
// A package's questions and answers for the thread template; `agency_who`
// and `service_who` name the two sides. An officer's request for an alert
// (service::kAlertRequestPrefix) carries `draft_link` as "draft_link", when
// it is not empty: where the handler drafts the alert.
kainjow::mustache::data PackageThread(const std::vector<service::PackageMessage>& msgs,
                                      std::string_view agency_who, std::string_view service_who,
                                      std::string_view draft_link = "");

// The identifying-content check's warnings for the templates: id, kind (in
// words), excerpt, and whether each is acknowledged.
kainjow::mustache::data FindingList(const std::vector<core::Finding>& findings);

// A report or package id as staff read it out: its reference ("K7MQ-4RPX",
// core/reference.h).
std::string ShortId(const std::string& id);

std::string CategoryLabel(const WebContext& ctx, const std::string& key);

// "Felixstowe (GBFXT)" for a UN/LOCODE in the directory, else the code.
std::string PortName(const WebContext& ctx, const std::string& code);
// "Trinity Terminal (GBFXT-TRINITY)" for a member facility's code, else the
// code. Looks the facility up in the store each call: callers that name many
// keep their own map.
std::string FacilityName(const WebContext& ctx, const std::string& code);
// `form_only` leaves out the categories filed through a path of their own.
kainjow::mustache::data CategoryOptions(const WebContext& ctx, std::string_view selected,
                                        bool form_only = false);

// The staff layout around `body_template` rendered with `d`; `s` is null
// when signed out. Adds the CSRF token for the session's forms.
Response StaffPageResponse(const WebContext& ctx, const service::StaffSession* s,
                           std::string_view title, std::string_view body_template,
                           kainjow::mustache::data d, int status = 200);

// The error page for a service error (its HTTP status, its message; never
// the message of an internal error).
Response FromServiceError(const WebContext& ctx, const service::StaffSession* s, const Error& e);

// A report's history as people read it: one line an action ("2026-12-05:
// graded by ann@example.org"), and reads that follow one another folded into
// one line ("2026-12-01 to 2026-12-05: read by 2 people, 14 times"). `names`
// maps user ids to e-mail addresses; anyone else is named by role and the
// start of their id. Thread-safe: a pure function.
struct HistoryLine {
  std::string on;    // a date, or "FROM to TO"
  std::string text;  // "graded by ann@example.org"
};
std::vector<HistoryLine> HistoryInWords(const std::vector<service::AuditLog::Entry>& entries,
                                        const std::map<std::string, std::string>& names);

}  // namespace portsafe::web
