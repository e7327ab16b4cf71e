// A package as a STIX 2.1 bundle, for police systems that import STIX
// (docs/exports.md says what it holds): the service's identity, a report
// with the sanitised text, the grade as a property extension and the
// confidence it implies, the TLP 2.0 marking of the handling code,
// observed-data with one cyber-observable object per identifier found, and
// a location per port or postcode.
//
// Deterministic: the same export gives the same bytes (ids are version 5
// UUIDs of the package id, or of the observable's values as STIX section
// 2.9 says; every timestamp is a day at midnight UTC). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "service/package_export.h"

namespace portsafe::service {

// The ids of what every bundle may carry: the TLP 2.0 marking definitions
// (the official ones of the OASIS CTI TC's common objects), PortSafe's own
// identity as the author of its extension definitions, and those.
inline constexpr std::string_view kTlpClearMarking =
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
inline constexpr std::string_view kTlpGreenMarking =
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
inline constexpr std::string_view kTlpAmberMarking =
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
inline constexpr std::string_view kTlpAmberStrictMarking =
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
inline constexpr std::string_view kTlp2Extension =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
inline constexpr std::string_view kPortSafeIdentity =
    "identity--b514ce51-ce6c-4f7c-b25a-897d11515ff4";
inline constexpr std::string_view kGradeExtension =
    "extension-definition--cbdecc9e-a5bb-4ff4-8a6e-ba5d1c8358e9";
inline constexpr std::string_view kContainerExtension =
    "extension-definition--b2236a4a-741e-467f-8688-4dde63643936";
inline constexpr std::string_view kVesselExtension =
    "extension-definition--efa710d3-a916-44a0-a58b-6ab1d1a83321";
inline constexpr std::string_view kVehicleExtension =
    "extension-definition--df962c87-b29b-414a-8ccc-0eb534ec7e3a";
inline constexpr std::string_view kPhoneExtension =
    "extension-definition--959d1f16-49b7-4dd0-86f3-9cd26ab02de9";

// The marking definition id of `tlp`.
std::string_view TlpMarkingId(core::Tlp tlp);

// The STIX `confidence` (0-100) of an intelligence assessment "A".."E"
// (docs/exports.md, "Confidence"): A 90, B 70, C 50, E 10; -1 for "D"
// ("cannot be judged") and anything else, where the report carries none.
int ConfidenceOf(std::string_view intelligence);

// The bundle as JSON text (UTF-8, compact). Preconditions: e.content's
// sent_on is a date (YYYY-MM-DD) and received_month a month (YYYY-MM), as
// the service writes them.
std::string StixBundleJson(const PackageExport& e);

}  // namespace portsafe::service
