// What agency officers do with the packages sent to their agency: the inbox,
// reading a package, acknowledging it, asking the service a question, and
// recording the outcome. An officer sees packages of their own agency only,
// opened with the agency key their login unlocked; never a report, a thread
// or a reporter. Implemented by AgencyServiceImpl; tests use
// MockAgencyService (tests/service/mock_agency_service.h).
//
// Errors: kPermissionDenied for any other role or an officer without the
// agency key; kNotFound for a package that does not exist or belongs to
// another agency (the two are not told apart); kInvalidArgument (message:
// the field at fault) for bad input. Every read and action is audited
// before the answer.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "service/package_codec.h"
#include "service/staff_session.h"

namespace portsafe::service {

struct InboxItem {
  std::string package_id;
  std::string sent_on;
  std::string acknowledged_on;  // "" until acknowledged
  std::string category;
  core::Priority priority = core::Priority::kNormal;
  std::string port_code;
  std::string grade_code;       // "2BP" style
  std::string outcome;          // core::kOutcomes name or ""
  bool answer_waiting = false;  // the service answered the newest question
};

// A page of the inbox: `after` is a page's `next` ("" for the newest).
struct InboxQuery {
  std::string after;
  size_t limit = 50;  // 1 to kMaxInboxPage
};
inline constexpr size_t kMaxInboxPage = 200;

struct InboxPage {
  std::string agency_name;  // the officer's agency, as the admin named it
  std::vector<InboxItem> items;
  std::string next;  // "" on the last page
};

struct AgencyPackage {
  PackageContent content;
  std::vector<PackageAttachment> attachments;  // the files the handler sent with it
  std::string acknowledged_on;
  Outcome outcome;
  std::vector<PackageMessage> messages;
};

// A package as a file for the agency's own systems (docs/exports.md).
enum class PackageFormat {
  kStix,  // a STIX 2.1 bundle (service/stix_bundle.h)
  kMisp,  // a MISP event (service/misp_event.h)
};
struct PackageFile {
  std::string name;          // "portsafe-K7MQ-4RPX.stix.json"
  std::string content_type;  // "application/stix+json;version=2.1", "application/json"
  std::string body;
};

// Names a stored key in words for people, for the printable package:
// `kind` is "category", "priority", "insider", "source", "intelligence" or
// "handling". Supplied by the pages, which hold the labels.
using PrintLabel = std::function<std::string(std::string_view kind, std::string_view key)>;

// How an officer's request for an alert begins in the package's thread.
inline constexpr std::string_view kAlertRequestPrefix = "Alert to ports requested: ";

class AgencyService {
 public:
  virtual ~AgencyService() = default;

  // A page of the agency's packages, newest first (keyset paging: `next`
  // names where the page ended). kInvalidArgument with field "after" for a
  // cursor no page gave, "limit" outside 1 to kMaxInboxPage.
  virtual Result<InboxPage> Inbox(const StaffSession& s, const InboxQuery& q) = 0;
  virtual Result<AgencyPackage> Open(const StaffSession& s, const std::string& package_id) = 0;
  // The package as a file for the agency's own intelligence systems; the
  // export is audited.
  virtual Result<PackageFile> Export(const StaffSession& s, const std::string& package_id,
                                     PackageFormat format) = 0;
  // The package as a printable PDF (media/package_pdf.h): the grade, the
  // handling code and conditions, the text, the identifiers found in it and
  // a thumbnail of each JPEG file sent with it, the TLP marking on every
  // page. Audited. Renders for a while: call it off the server's I/O threads.
  virtual Result<PackageFile> Printable(const StaffSession& s, const std::string& package_id,
                                        const PrintLabel& label) = 0;
  // A file sent with the package, decrypted (audited); kNotFound for a seq
  // the package was not sent with.
  virtual Result<PackageFile> Attachment(const StaffSession& s, const std::string& package_id,
                                         std::int64_t seq) = 0;
  // Acknowledging twice keeps the first date.
  virtual Status Acknowledge(const StaffSession& s, const std::string& package_id) = 0;
  virtual Status Ask(const StaffSession& s, const std::string& package_id,
                     const std::string& text) = 0;
  // Asks the service for an alert to port facilities about what the package
  // tells: a message in the package's thread that begins with
  // kAlertRequestPrefix, so the handler sees the request there and drafts
  // the alert from it (service/alert_service.h). kInvalidArgument "text".
  virtual Status RequestAlert(const StaffSession& s, const std::string& package_id,
                              const std::string& text) = 0;
  // Replaces any earlier outcome. kInvalidArgument "kind", "seizure_type",
  // "quantity" or "note".
  virtual Status RecordOutcome(const StaffSession& s, const std::string& package_id,
                               const Outcome& outcome) = 0;
};

}  // namespace portsafe::service
