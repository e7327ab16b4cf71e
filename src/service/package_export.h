// What the exports of a package to police systems are made from: the STIX
// 2.1 bundle (stix_bundle.h) and the MISP event (misp_event.h). Also what
// both share: the package's TLP from its handling code, name-based UUIDs
// (RFC 4122 version 5) and the date-only timestamps (docs/exports.md).
//
// Pure functions of their arguments: no clock, no I/O, no randomness, so the
// same package always gives the same bytes and a re-import deduplicates.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/alert.h"
#include "core/handling.h"
#include "intel/identifier.h"
#include "service/package_codec.h"

namespace portsafe::core {
class PortDirectory;
}

namespace portsafe::service {

// How the exports name the reporting service (the STIX identity, the MISP
// organisation).
inline constexpr std::string_view kExportServiceName = "PortSafe reporting service";

// One package as the exports see it. Does not own `content` or `ports`:
// both must outlive it.
struct PackageExport {
  const PackageContent& content;
  // What was found in content.text (MakePackageExport). Offsets, where not
  // both 0, are into content.text. Identifiers whose `valid` is false (a
  // failed check digit, ...) are left out of the exports: a police system
  // would correlate on a value that is most likely a typing mistake. They
  // stay in the text.
  std::vector<intel::Identifier> identifiers;
  // The reporting service, as the recipients know it ("PortSafe Reporting
  // Service"): the STIX identity and the MISP creator organisation.
  std::string service_name;
  // Names UN/LOCODEs; may be null (a location is then named by its code).
  const core::PortDirectory* ports = nullptr;
  // Later: the package's attachments, {name, media_type, sha256} each, as
  // STIX file objects and MISP attachment attributes.
};

// The export of `content` with the identifiers intel::Extractor finds in its
// text (vehicle marks checked against the month the package was sent, so
// the result does not depend on the day it is made). `ports` may be null;
// both must outlive the result.
PackageExport MakePackageExport(const PackageContent& content, std::string service_name,
                                const core::PortDirectory* ports);

// The Traffic Light Protocol (2.0) level of a package (core::Tlp, as alerts
// use it). Packages go to law enforcement only, so never TLP:CLEAR: handling
// "P" (sharing permitted) is TLP:GREEN; "C" (subject to conditions) is
// TLP:AMBER+STRICT, and so is anything else (a damaged grade fails closed).
core::Tlp TlpOf(const core::Grade& grade);
// "clear", "green", "amber", "amber+strict": the TLP 2.0 names in lower
// case, as the STIX extension and the MISP taxonomy write them.
std::string_view TlpName(core::Tlp tlp);

// The namespace of the UUIDs PortSafe derives for the objects of a package
// (docs/exports.md, "Deterministic ids"); chosen at random once.
inline constexpr std::string_view kPortSafeNamespace = "06751246-013a-47d0-abbd-4af7f931a9a6";
// The namespace STIX 2.1 (section 2.9) gives for the ids of cyber-observable
// objects.
inline constexpr std::string_view kStixScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";

// The version 5 UUID of `name` in `name_space` (a UUID in its 36-character
// text form; precondition), in lower case. SHA-1 from OpenSSL's libcrypto.
std::string Uuid5(std::string_view name_space, std::string_view name);

// The id of an object the exports make of a package: the version 5 UUID of
// "<type>/package/<package id>", and "/<key>" when `key` is not empty, in
// PortSafe's namespace. ("report" with no key is both the STIX report's and
// the MISP event's.)
std::string PackageUuid(std::string_view type, const PackageContent& content, std::string_view key);

// "2026-11-03T00:00:00.000Z" for the day "2026-11-03" (STIX `created` and
// `modified` need milliseconds); "2026-11-01T00:00:00Z" style without them.
// Nothing more precise than the day is ever written.
std::string DayTimestampMillis(std::string_view day);
std::string DayTimestamp(std::string_view day);
// The first day of `month` ("YYYY-MM"), as DayTimestamp does.
std::string MonthStartTimestamp(std::string_view month);

// The identifiers of `e` that the exports carry: valid ones, each value of a
// kind once, in the order they were found.
std::vector<const intel::Identifier*> ExportedIdentifiers(const PackageExport& e);

// The text of `id` as the package's text has it, when its offsets are
// there; else its normalised value.
std::string_view WrittenText(const PackageExport& e, const intel::Identifier& id);

// The URL an extracted URL identifier stands for: the text as written when
// it names its scheme (http or https), else "http://" and the text, as a
// browser reads "www.example.com/x".
std::string UrlOf(const PackageExport& e, const intel::Identifier& id);

// The value of detail `name` in `details` (intel::Describe), or "".
std::string DetailOf(const intel::Details& details, std::string_view name);

// The package's reference as staff read it out ("K7MQ-4RPX").
std::string PackageReference(const PackageContent& content);

}  // namespace portsafe::service
