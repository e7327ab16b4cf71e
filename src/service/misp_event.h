// A package as a MISP event in the MISP core format ({"Event": {...}}), for
// police systems that run MISP (docs/exports.md says what it holds): the
// TLP and grade as tags, the sanitised text and the identifiers found as
// attributes, and ships, vehicles, places and containers as objects of
// MISP's standard templates ais, vehicle and geolocation and of PortSafe's
// own iso-6346 template (docs/misp/iso-6346/definition.json).
//
// Deterministic, as the STIX bundle is: the event's uuid is the UUID of the
// package's STIX report, every other uuid a version 5 UUID of the package id
// and the value; the only date is the day the package was sent. Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "service/package_export.h"

namespace portsafe::service {

// The object templates the event uses: name, uuid and version as each
// template's definition.json has them.
struct MispTemplate {
  std::string_view name;
  std::string_view uuid;
  int version;
  std::string_view meta_category;
  std::string_view description;
};
inline constexpr MispTemplate kMispAis = {
    "ais", "ef90551a-ff34-472c-9fba-c272c4435baa", 3, "marine",
    "Automatic Identification System (AIS) is an automatic tracking system that uses "
    "transceivers on ships."};
inline constexpr MispTemplate kMispVehicle = {
    "vehicle", "683c076c-f695-4ff2-8efa-e98a418049f4", 5, "misc",
    "Vehicle object template to describe a vehicle information and registration"};
// (sic: MISP's geolocation template has a 35-character uuid.)
inline constexpr MispTemplate kMispGeolocation = {"geolocation",
                                                  "fdd30d5f-6752-45ed-bef2-25e8ce4d8a3", 5, "misc",
                                                  "An object to describe a geographic location."};
inline constexpr MispTemplate kMispIso6346 = {
    "iso-6346", "2fcda93e-1e48-4659-8d76-df6fcabfc7f7", 1, "misc",
    "A freight container identified by its ISO 6346 number: owner code, equipment category, "
    "serial number and check digit."};

// The event's distribution: handling "P" is 1 ("this community only"),
// anything else 0 ("your organisation only").
int MispDistributionOf(const core::Grade& grade);
// The event's threat level: threat_to_life 1 (high), high 2 (medium),
// normal 3 (low). 4 (undefined) is never used.
int MispThreatLevelOf(core::Priority priority);

// The event as JSON text (UTF-8, compact). Preconditions as
// StixBundleJson's.
std::string MispEventJson(const PackageExport& e);

}  // namespace portsafe::service
