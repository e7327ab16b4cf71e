// Known-answer tests of every stored format (docs/formats.md), as data:
// tests/testdata/formats/NAME.in gives a format and its inputs, NAME.out what
// the current code must make of them, byte for byte. A case whose input has
// "stored:" is a value as an older (or the current) version wrote it, which
// must still open; a case without it encodes the inputs with fixed keys and
// a fixed random stream (support/fixed_random.h), so its .out pins the exact
// bytes and any change to an encoding, of one byte, fails here.
//
// This binary has its own main: it replaces the process's random source
// before any test runs.

#include <gtest/gtest.h>
#include <sodium.h>

#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "common/clock.h"
#include "crypto/aead.h"
#include "crypto/file_cipher.h"
#include "crypto/password.h"
#include "crypto/receipt.h"
#include "crypto/report_cipher.h"
#include "crypto/sealed_box.h"
#include "crypto/service_sealer.h"
#include "intel/blind_index.h"
#include "service/accounts.h"
#include "service/alert_service_impl.h"
#include "service/audit_log.h"
#include "service/package_codec.h"
#include "service/report_codec.h"
#include "service/session_codec.h"
#include "store/mock_staff_store.h"
#include "support/fixed_random.h"
#include "support/golden.h"

namespace portsafe::service {
namespace {

using Inputs = std::map<std::string, std::string>;

// "name: value" lines ("name:" for an empty value); the value runs to the
// end of the line ("\n" in a value stands for a line break).
Inputs ParseInputs(const std::string& text) {
  Inputs in;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t colon = line.find(':');
    if (colon == std::string::npos || (colon + 1 < line.size() && line[colon + 1] != ' ')) {
      ADD_FAILURE() << "not a 'name: value' line: " << line;
      continue;
    }
    std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
    for (size_t at; (at = value.find("\\n")) != std::string::npos;) value.replace(at, 2, "\n");
    in[line.substr(0, colon)] = value;
  }
  return in;
}

std::string Need(const Inputs& in, const std::string& name) {
  auto it = in.find(name);
  if (it == in.end()) {
    ADD_FAILURE() << "the case has no '" << name << "'";
    return {};
  }
  return it->second;
}

std::string FromHex(const std::string& hex) {
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len * 2 != hex.size()) {
    ADD_FAILURE() << "not hex: " << hex;
    return {};
  }
  out.resize(len);
  return out;
}

crypto::SecretBytes Key(const Inputs& in, const std::string& name) {
  return crypto::SecretBytes(FromHex(Need(in, name)));
}

// An X25519 key pair from a 32-byte seed (hex).
crypto::KeyPair SeededKeyPair(const std::string& seed_hex) {
  std::string seed = FromHex(seed_hex);
  crypto::KeyPair kp;
  kp.public_key.assign(crypto_box_PUBLICKEYBYTES, '\0');
  kp.private_key = crypto::SecretBytes(crypto_box_SECRETKEYBYTES);
  crypto_box_seed_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                          kp.private_key.data(),
                          reinterpret_cast<const unsigned char*>(seed.data()));
  return kp;
}

// Text as is; bytes that are not printable ASCII as hex.
// The public halves of `keys`, hex and comma-separated; "-" for none.
std::string PublicKeys(const std::vector<crypto::KeyPair>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ",") + crypto::ToHex(k.public_key);
  return out.empty() ? "-" : out;
}

std::string Shown(std::string_view bytes) {
  for (char c : bytes) {
    if (c < 0x20 || c > 0x7e) return "hex " + crypto::ToHex(bytes);
  }
  return std::string(bytes);
}

std::string Opened(const Result<crypto::SecretBytes>& r) {
  return r.ok() ? "opens to: " + Shown(r->view()) + "\n"
                : "does not open: " + r.error().message() + "\n";
}

core::ReportSubmission SubmissionOf(const Inputs& in) {
  core::ReportSubmission s;
  for (const auto& f : core::SubmissionFields()) {
    if (auto it = in.find(std::string(f.name)); it != in.end()) s.*f.member = it->second;
  }
  return s;
}

std::string DescribeBody(std::string_view json) {
  auto s = ParseBody(json);
  if (!s.ok()) return "does not parse: " + s.error().message() + "\n";
  std::string out;
  for (std::string_view name : BodyFieldOrder()) {
    for (const auto& f : core::SubmissionFields()) {
      // The approach fields (version 2) are named only where they are set.
      if (f.name != name || (name.starts_with("approach_") && ((*s).*f.member).empty())) continue;
      out += std::string(name) + ": " + (*s).*f.member + "\n";
    }
  }
  return out;
}

// The acknowledged warnings' ids, a line only when there are any.
std::string Acknowledged(const HandlingNotes& n) {
  std::string out;
  for (const auto& a : n.acknowledged) out += (out.empty() ? "" : ",") + a;
  return out.empty() ? "" : "acknowledged: " + out + "\n";
}

std::string DescribeNotes(std::string_view json) {
  auto n = ParseHandlingNotes(json);
  if (!n.ok()) return "does not parse: " + n.error().message() + "\n";
  std::string rec;
  for (const auto& r : n->recipients) rec += (rec.empty() ? "" : ",") + r;
  return "grade: " + n->grade.source + n->grade.intelligence + n->grade.handling +
         " conditions: " + n->grade.conditions + "\ninsider: " + n->insider_type +
         "\nclose: " + n->close_reason + " / " + n->close_note + "\nsanitised: " + n->sanitised +
         "\nrecipients: " + rec + "\nsubmitted by: " + n->submitted_by +
         "\nreview comment: " + n->review_comment + "\n" + Acknowledged(*n);
}

std::string DescribeFileMeta(std::string_view json) {
  auto f = ParseFileMeta(json);
  if (!f.ok()) return "does not parse: " + f.error().message() + "\n";
  return "name: " + f->name + "\ntype: " + f->content_type + "\nsize: " + std::to_string(f->size) +
         "\nreencoded: " + (f->reencoded ? "yes" : "no") + "\n";
}

std::string DescribePackage(std::string_view json) {
  auto p = ParsePackage(json);
  if (!p.ok()) return "does not parse: " + p.error().message() + "\n";
  return "id: " + p->package_id + "\ncategory: " + p->category + "\ninsider: " + p->insider_type +
         "\npriority: " + std::string(core::ToString(p->priority)) + "\nport: " + p->port_code +
         "\nfacility: " + p->facility_code + "\nreceived: " + p->received_month +
         "\nsent: " + p->sent_on + "\ngrade: " + p->grade.source + p->grade.intelligence +
         p->grade.handling + " conditions: " + p->grade.conditions + "\ntext: " + p->text + "\n";
}

std::string DescribeAlert(std::string_view json) {
  core::AlertContent a;
  if (auto st = ParseAlertContent(json, &a); !st.ok()) {
    return "does not parse: " + st.error().message() + "\n";
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " | ") + s;
    return out;
  };
  return "title: " + a.title + "\ntext: " + a.text + "\nlook for: " + list(a.look_for) +
         "\nports: " + list(a.targets.ports) + "\nfreeports: " + list(a.targets.freeports) +
         "\noperators: " + list(a.targets.operators) +
         "\nfacilities: " + list(a.targets.facilities) + "\nfrom package: " + a.from_package + "\n";
}

std::string DescribeOutcome(std::string_view json) {
  auto o = ParseOutcome(json);
  if (!o.ok()) return "does not parse: " + o.error().message() + "\n";
  return "kind: " + o->kind + "\nseizure type: " + o->seizure_type + "\nquantity: " + o->quantity +
         "\nnote: " + o->note + "\non: " + o->recorded_on + "\n";
}

// An audit entry's MAC as docs/formats.md describes it.
std::string DocumentedAuditMac(const crypto::SecretBytes& instance_secret, std::string_view prev,
                               std::string_view entry) {
  crypto::SecretBytes key = crypto::DeriveSubkey(instance_secret, "ps-audit", 1);
  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(prev.size() >> (8 * i));
  std::string message(reinterpret_cast<const char*>(len), 8);
  message.append(prev).append(entry);
  std::string mac(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(mac.data()), mac.size(),
                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                     key.data(), key.size());
  return mac;
}

// The audit log over a one-entry chain held in memory: `entry` and `mac` are
// the row the log wrote (or a stored one), and what Verify and EntriesFor
// make of it.
std::string DescribeAuditChain(const crypto::SecretBytes& instance_secret, const Clock& clock,
                               std::optional<store::AuditRow> stored, const AuditEvent& event) {
  using ::testing::_;
  ::testing::NiceMock<store::MockStaffStore> staff;
  std::vector<store::AuditRow> rows;
  if (stored) rows.push_back(*stored);
  ON_CALL(staff, AppendAudit(_)).WillByDefault([&](store::StaffStore::MakeAudit make) {
    rows.push_back(make(static_cast<std::int64_t>(rows.size()) + 1,
                        rows.empty() ? std::string() : rows.back().mac));
    return Status();
  });
  ON_CALL(staff, ListAudit()).WillByDefault([&] {
    return Result<std::vector<store::AuditRow>>(rows);
  });
  ON_CALL(staff, ListAuditFor(_, _)).WillByDefault([&](const std::string& target, size_t) {
    std::vector<store::AuditRow> of;
    for (const auto& r : rows) {
      if (r.target == target || r.target.empty()) of.push_back(r);  // stored rows name none
    }
    return Result<std::vector<store::AuditRow>>(of);
  });
  AuditLog log(&staff, instance_secret, &clock);
  std::string out;
  if (!stored) {
    if (auto st = log.Append(event); !st.ok())
      return "does not append: " + st.error().message() + "\n";
    out = "entry: " + rows.at(0).entry + "\nmac: " + crypto::ToHex(rows.at(0).mac) + "\n";
    if (DocumentedAuditMac(instance_secret, "", rows.at(0).entry) != rows.at(0).mac) {
      out += "the MAC is not the one docs/formats.md describes\n";
    }
  }
  auto verdict = log.Verify();
  if (!verdict.ok()) return out + "does not verify: " + verdict.error().message() + "\n";
  if (verdict->first_bad) {
    return out + "does not verify: entry " + std::to_string(*verdict->first_bad) + " is bad\n";
  }
  out += "verifies: " + std::to_string(verdict->entries) + " entry\n";
  auto entries = log.EntriesFor(event.target);
  if (!entries.ok() || entries->size() != 1) return out + "does not read back\n";
  const auto& e = entries->at(0);
  return out + "reads: #" + std::to_string(e.seq) + " on " + e.on + " " + e.event.actor_id + " (" +
         e.event.actor_role + ") " + e.event.action + " " + e.event.target + "\n";
}

// What the log makes of a stored one-entry chain.
std::string AuditChainOf(const crypto::SecretBytes& instance_secret, const std::string& entry,
                         const std::string& mac) {
  ManualClock clock;
  return DescribeAuditChain(instance_secret, clock, store::AuditRow{1, entry, mac, "t"},
                            {"u1", "handler", "report.read", "t"});
}

// One case: what the current code makes of its inputs.
std::string RunCaseOutput(const std::string& name, const Inputs& in);

// A stored value must open, unless its case says "expect: refused": so the
// update mode cannot quietly write "does not open" over an older version's
// known answer.
std::string RunCase(const std::string& name, const std::string& text) {
  const Inputs in = ParseInputs(text);
  const std::string out = RunCaseOutput(name, in);
  const bool refused = out.find("does not ") != std::string::npos;
  const bool expected = in.count("expect") > 0 && in.at("expect") == "refused";
  EXPECT_EQ(refused, expected) << name << ": " << out;
  return out;
}

std::string RunCaseOutput(const std::string& name, const Inputs& in) {
  testing::FixedRandom::Reset(name);
  const std::string format = Need(in, "format");
  const bool stored = in.count("stored") > 0;

  if (format == "report-field") {  // crypto/report_cipher.h
    auto key = Key(in, "key");
    const std::string report = Need(in, "report"), field = Need(in, "field");
    std::string bytes = stored ? FromHex(Need(in, "stored"))
                               : crypto::SealReportField(key, report, field, Need(in, "plaintext"));
    return (stored ? "" : "stored: " + crypto::ToHex(bytes) + "\n") +
           Opened(crypto::OpenReportField(key, report, field, bytes));
  }
  if (format == "file-stream") {  // crypto/file_cipher.h
    auto key = Key(in, "key");
    std::string bytes =
        stored ? FromHex(Need(in, "stored")) : crypto::EncryptStream(key, Need(in, "plaintext"));
    return (stored ? "" : "stored: " + crypto::ToHex(bytes) + "\n") +
           Opened(crypto::DecryptStream(key, bytes));
  }
  if (format == "service-seal") {  // crypto/service_sealer.h
    crypto::KeyPair service = SeededKeyPair(Need(in, "service-seed"));
    std::string report, bytes;
    if (stored) {
      report = Need(in, "report");
      bytes = FromHex(Need(in, "stored"));
    } else {
      ManualClock clock;
      crypto::ServiceSealer sealer(service.public_key, &clock);
      auto ticket = sealer.NewReport();
      report = ticket.report_id;
      bytes = crypto::ServiceSealer::Seal(ticket, Key(in, "content-key"));
    }
    auto opened = crypto::OpenServiceSealed(service, report, bytes);
    return (stored ? "" : "report: " + report + "\nstored: " + crypto::ToHex(bytes) + "\n") +
           (opened.ok() ? "opens to: " + crypto::ToHex(opened->view()) + "\n"
                        : "does not open: " + opened.error().message() + "\n");
  }
  if (format == "receipt-keys") {  // crypto/receipt.h
    auto receipt = crypto::Receipt::Parse(Need(in, "receipt"));
    if (!receipt.ok()) return "receipt does not parse\n";
    auto keys = crypto::DeriveReceiptKeys(Key(in, "instance-secret"), *receipt);
    return "lookup id: " + crypto::ToHex(keys.lookup_id) +
           "\nwrap key: " + crypto::ToHex(keys.wrap_key.view()) + "\n";
  }
  if (format == "package-seal") {  // service/package_codec.h
    crypto::KeyPair agency = SeededKeyPair(Need(in, "agency-seed"));
    const std::string package = Need(in, "package"), kind = Need(in, "kind");
    std::string bytes = stored ? FromHex(Need(in, "stored"))
                               : SealForPackage(agency.public_key, package, kind, Need(in, "text"));
    auto opened = OpenForPackage(agency, package, kind, bytes);
    return (stored ? "" : "stored: " + crypto::ToHex(bytes) + "\n") +
           (opened.ok() ? "opens to: " + *opened + "\n"
                        : "does not open: " + opened.error().message() + "\n");
  }
  // The JSON plaintexts inside sealed values: stored as text, shown as is.
  if (format == "body") {
    std::string json = stored ? Need(in, "stored") : BodyJson(SubmissionOf(in));
    return (stored ? "" : "stored: " + json + "\n") + DescribeBody(json);
  }
  if (format == "handling-notes") {
    HandlingNotes n;
    if (!stored) {
      n.grade = {Need(in, "source"), Need(in, "intelligence"), Need(in, "handling"),
                 Need(in, "conditions")};
      n.insider_type = Need(in, "insider");
      n.close_reason = Need(in, "close_reason");
      n.close_note = Need(in, "close_note");
      n.sanitised = Need(in, "sanitised");
      n.recipients = {Need(in, "recipient")};
      n.submitted_by = Need(in, "submitted_by");
      n.review_comment = Need(in, "review_comment");
      if (in.count("acknowledged") > 0) {
        const std::string& a = in.at("acknowledged");
        for (size_t from = 0; from <= a.size();) {
          const size_t comma = std::min(a.find(',', from), a.size());
          n.acknowledged.push_back(a.substr(from, comma - from));
          from = comma + 1;
        }
      }
    }
    std::string json = stored ? Need(in, "stored") : HandlingNotesJson(n);
    return (stored ? "" : "stored: " + json + "\n") + DescribeNotes(json);
  }
  if (format == "file-meta") {
    FileView f;
    if (!stored) {
      f.name = Need(in, "name");
      f.content_type = Need(in, "type");
      f.size = std::stoll(Need(in, "size"));
      f.reencoded = Need(in, "reencoded") == "yes";
    }
    std::string json = stored ? Need(in, "stored") : FileMetaJson(f);
    return (stored ? "" : "stored: " + json + "\n") + DescribeFileMeta(json);
  }
  if (format == "package") {
    PackageContent p;
    if (!stored) {
      p = {Need(in, "id"),
           Need(in, "category"),
           Need(in, "insider"),
           core::ParsePriority(Need(in, "priority")).value_or(core::Priority::kNormal),
           Need(in, "port"),
           Need(in, "facility"),
           Need(in, "received"),
           Need(in, "sent"),
           {Need(in, "source"), Need(in, "intelligence"), Need(in, "handling"),
            Need(in, "conditions")},
           Need(in, "text")};
    }
    std::string json = stored ? Need(in, "stored") : PackageJson(p);
    return (stored ? "" : "stored: " + json + "\n") + DescribePackage(json);
  }
  if (format == "outcome") {
    Outcome o;
    if (!stored) {
      o = {Need(in, "kind"), Need(in, "seizure_type"), Need(in, "quantity"), Need(in, "note"),
           Need(in, "on")};
    }
    std::string json = stored ? Need(in, "stored") : OutcomeJson(o);
    return (stored ? "" : "stored: " + json + "\n") + DescribeOutcome(json);
  }
  if (format == "alert") {  // service/alert_service_impl.h
    core::AlertContent a;
    if (!stored) {
      a.title = Need(in, "title");
      a.text = Need(in, "text");
      a.look_for = {Need(in, "look_for_1"), Need(in, "look_for_2")};
      a.targets.ports = {Need(in, "port")};
      a.targets.freeports = {Need(in, "freeport")};
      a.targets.operators = {Need(in, "operator")};
      a.targets.facilities = {Need(in, "facility")};
      a.from_package = Need(in, "from_package");
    }
    std::string json = stored ? Need(in, "stored") : AlertContentJson(a);
    return (stored ? "" : "stored: " + json + "\n") + DescribeAlert(json);
  }
  if (format == "alert-seal") {  // service/alert_service_impl.h
    auto instance = Key(in, "instance-secret");
    const std::string id = Need(in, "id");
    std::string bytes =
        stored ? FromHex(Need(in, "stored")) : SealAlertContent(instance, id, Need(in, "text"));
    auto opened = OpenAlertContent(instance, in.count("open-as") ? in.at("open-as") : id, bytes);
    return (stored ? "" : "stored: " + crypto::ToHex(bytes) + "\n") +
           (opened.ok() ? "opens to: " + *opened + "\n"
                        : "does not open: " + opened.error().message() + "\n");
  }
  if (format == "session") {  // service/session_codec.h (sealed by AuthServiceImpl)
    std::string bytes;
    if (stored) {
      bytes = FromHex(Need(in, "stored"));
    } else {
      StaffSession st;
      st.user_id = Need(in, "user");
      st.email = Need(in, "email");
      st.role = core::ParseRole(Need(in, "role")).value_or(core::Role::kHandler);
      st.agency_code = Need(in, "agency");
      st.facility_code = Need(in, "facility");
      st.csrf = Need(in, "csrf");
      st.user_key = SeededKeyPair(Need(in, "user-seed"));
      st.service_key = SeededKeyPair(Need(in, "service-seed"));
      if (in.count("retired-service-seed")) {
        st.retired_service_keys.push_back(SeededKeyPair(Need(in, "retired-service-seed")));
      }
      st.must_change_password = in.count("must-change-password") > 0;
      bytes = EncodeSession(st).str();
    }
    auto st = DecodeSession(bytes);
    if (!st.ok()) return "does not decode: " + st.error().message() + "\n";
    return (stored ? "" : "stored: " + crypto::ToHex(bytes) + "\n") + "user: " + st->user_id +
           "\nemail: " + st->email + "\nrole: " + std::string(core::ToString(st->role)) +
           "\nagency: " + st->agency_code + "\nfacility: " + st->facility_code +
           "\ncsrf: " + st->csrf + "\nuser public key: " + crypto::ToHex(st->user_key.public_key) +
           "\nservice key: " +
           (st->service_key ? crypto::ToHex(st->service_key->public_key) : "-") +
           "\nagency key: " + (st->agency_key ? crypto::ToHex(st->agency_key->public_key) : "-") +
           "\nretired service keys: " + PublicKeys(st->retired_service_keys) +
           "\nretired agency keys: " + PublicKeys(st->retired_agency_keys) +
           "\nmust change password: " + (st->must_change_password ? "yes" : "no") + "\n";
  }
  if (format == "link-entries") {  // intel/blind_index.h (sealed per report)
    std::string text;
    if (stored) {
      text = Need(in, "stored");
    } else {
      std::vector<intel::Entry> entries;
      for (const char* kind : {"container", "vrm_gb", "phone"}) {
        auto it = in.find(kind);
        if (it == in.end()) continue;
        entries.push_back({*intel::ParseKind(kind), it->second, true});
      }
      text = intel::EncodeEntries(entries);
    }
    auto entries = intel::DecodeEntries(text);
    if (!entries.ok()) return "does not decode: " + entries.error().message() + "\n";
    std::string out = stored ? "" : "stored: " + Shown(text) + "\n";
    for (const auto& e : *entries) {
      out += std::string(intel::KindName(e.kind)) + ": " + e.value + (e.valid ? "" : " (invalid)") +
             "\n";
    }
    return out;
  }
  if (format == "user-key") {  // crypto/password.h
    crypto::WrappedUserKey w;
    std::string recovery;
    if (stored) {
      w.password.salt = FromHex(Need(in, "salt"));
      w.password.ops = std::stoull(Need(in, "ops"));
      w.password.mem = std::stoull(Need(in, "mem"));
      w.password.verifier = FromHex(Need(in, "verifier"));
      w.public_key = FromHex(Need(in, "public-key"));
      w.wrapped_by_password = FromHex(Need(in, "wrapped-by-password"));
      w.wrapped_by_recovery = FromHex(Need(in, "wrapped-by-recovery"));
      recovery = Need(in, "recovery-code");
    } else {
      auto made = crypto::MakeUserKey(Need(in, "password"));
      if (!made.ok()) return "does not make a key: " + made.error().message() + "\n";
      w = made->stored;
      recovery = made->recovery_code;
    }
    auto by_password = crypto::UnlockUserKey(w, Need(in, "password"));
    auto by_recovery = crypto::UnlockUserKeyWithRecovery(w, recovery);
    std::string out = stored
                          ? ""
                          : "salt: " + crypto::ToHex(w.password.salt) +
                                "\nops: " + std::to_string(w.password.ops) +
                                "\nmem: " + std::to_string(w.password.mem) +
                                "\nverifier: " + crypto::ToHex(w.password.verifier) +
                                "\npublic key: " + crypto::ToHex(w.public_key) +
                                "\nwrapped by password: " + crypto::ToHex(w.wrapped_by_password) +
                                "\nwrapped by recovery: " + crypto::ToHex(w.wrapped_by_recovery) +
                                "\nrecovery code: " + recovery + "\n";
    for (const auto* r : {&by_password, &by_recovery}) {
      out += r == &by_password ? "password " : "recovery code ";
      out += r->ok() ? "opens to: " + crypto::ToHex(r->value().private_key.view()) + "\n"
                     : "does not open: " + r->error().message() + "\n";
    }
    return out;
  }
  if (format == "totp-secret") {  // service/accounts.h
    auto instance = Key(in, "instance-secret");
    const std::string user = Need(in, "user");
    std::string bytes =
        stored ? FromHex(Need(in, "stored")) : SealTotpSecret(instance, user, Key(in, "secret"));
    auto opened = OpenTotpSecret(instance, user, bytes);
    return (stored ? "" : "stored: " + crypto::ToHex(bytes) + "\n") +
           (opened.ok() ? "opens to: " + crypto::ToHex(opened->view()) + "\n"
                        : "does not open: " + opened.error().message() + "\n");
  }
  if (format == "key-grant") {  // service/accounts.h
    crypto::KeyPair user = SeededKeyPair(Need(in, "user-seed"));
    const std::string key_name = Need(in, "key-name");
    std::string bytes = stored ? FromHex(Need(in, "stored"))
                               : SealKeyGrant(user.public_key, key_name, Key(in, "private-key"));
    auto opened = OpenKeyGrant(user, in.count("open-as") ? in.at("open-as") : key_name, bytes);
    return (stored ? "" : "stored: " + crypto::ToHex(bytes) + "\n") +
           (opened.ok() ? "opens to: " + crypto::ToHex(opened->view()) + "\n"
                        : "does not open: " + opened.error().message() + "\n");
  }
  if (format == "audit-entry") {  // service/audit_log.h
    ManualClock clock(ManualClock::NoonOn(Need(in, "on")));
    AuditEvent event{Need(in, "actor"), Need(in, "role"), Need(in, "action"), Need(in, "target")};
    std::optional<store::AuditRow> row;
    if (stored) {
      row = store::AuditRow{1, Need(in, "stored"), FromHex(Need(in, "mac")), Need(in, "target")};
    }
    return DescribeAuditChain(Key(in, "instance-secret"), clock, row, event);
  }
  ADD_FAILURE() << name << ": unknown format '" << format << "'";
  return {};
}

TEST(StoredFormatsTest, EveryFormatGivesItsKnownBytesAndEveryOlderVersionStillOpens) {
  const size_t cases =
      testing::RunGoldenCases(std::string(PORTSAFE_TESTDATA) + "/formats", RunCase);
  EXPECT_GE(cases, 20u);
}

// The fixed stream is what makes the bytes fixed: the same seed gives the
// same value, another seed another (else the known answers would prove
// nothing about randomness being used).
TEST(StoredFormatsTest, TheFixedRandomStreamRepeatsPerSeedOnly) {
  crypto::SecretBytes key(std::string(32, 'k'));
  testing::FixedRandom::Reset("a");
  std::string first = crypto::SealReportField(key, "r", "body", "x");
  testing::FixedRandom::Reset("a");
  EXPECT_EQ(crypto::SealReportField(key, "r", "body", "x"), first);
  testing::FixedRandom::Reset("b");
  EXPECT_NE(crypto::SealReportField(key, "r", "body", "x"), first);
}

// Every byte of a tagged value is covered by authentication: the tag, the
// nonce, the ciphertext. Changing any one makes it not open, in any version.
TEST(StoredFormatsTest, ChangingAnyOneByteOfASealedValueStopsItOpening) {
  testing::FixedRandom::Reset("one-byte");
  crypto::SecretBytes key(std::string(32, 'k'));
  const std::string field = crypto::SealReportField(key, "r1", "body", "[1,\"GBFXT\"]");
  const std::string stream = crypto::EncryptStream(key, "a file's bytes");
  ASSERT_TRUE(crypto::OpenReportField(key, "r1", "body", field).ok());
  ASSERT_TRUE(crypto::DecryptStream(key, stream).ok());
  for (size_t i = 0; i < field.size(); ++i) {
    std::string bad = field;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_FALSE(crypto::OpenReportField(key, "r1", "body", bad).ok()) << "byte " << i;
  }
  for (size_t i = 0; i < stream.size(); ++i) {
    std::string bad = stream;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_FALSE(crypto::DecryptStream(key, bad).ok()) << "byte " << i;
  }
}

// Without its tag a version 1 value is not taken for a version 0 one (the
// tag is in the associated data), nor is a version 0 value given a tag.
TEST(StoredFormatsTest, TheVersionTagCannotBeStrippedOrAdded) {
  testing::FixedRandom::Reset("strip");
  crypto::SecretBytes key(std::string(32, 'k'));
  const std::string v1 = crypto::SealReportField(key, "r1", "msg", "hello");
  ASSERT_EQ(v1.substr(0, 4), crypto::kReportFieldTag);
  EXPECT_FALSE(crypto::OpenReportField(key, "r1", "msg", v1.substr(4)).ok());
  const std::string stream = crypto::EncryptStream(key, "bytes");
  ASSERT_EQ(stream.substr(0, 4), crypto::kFileStreamTag);
  EXPECT_FALSE(crypto::DecryptStream(key, stream.substr(4)).ok());

  // A version 0 value (as the untagged code wrote it) opens as itself, and
  // not once the tag is put before it.
  const std::string v0 = crypto::AeadSeal(key, "hello", "portsafe:r1:msg");
  ASSERT_TRUE(crypto::OpenReportField(key, "r1", "msg", v0).ok());
  EXPECT_FALSE(
      crypto::OpenReportField(key, "r1", "msg", std::string(crypto::kReportFieldTag) + v0).ok());
  // A version 1 value moved to another field or report does not open there.
  EXPECT_FALSE(crypto::OpenReportField(key, "r1", "body", v1).ok());
  EXPECT_FALSE(crypto::OpenReportField(key, "r2", "msg", v1).ok());

  // The same for a TOTP secret (the shared tagged AEAD), and for a key
  // grant, whose tag and name are inside the sealed box.
  const std::string totp = SealTotpSecret(key, "u1", crypto::SecretBytes("secret"));
  ASSERT_EQ(totp.substr(0, 4), kTotpTag);
  EXPECT_FALSE(OpenTotpSecret(key, "u1", totp.substr(4)).ok());
  EXPECT_FALSE(OpenTotpSecret(key, "u2", totp).ok());
  crypto::KeyPair user = crypto::GenerateKeyPair();
  crypto::SecretBytes priv(std::string(32, 'p'));
  const std::string grant = SealKeyGrant(user.public_key, "service", priv);
  ASSERT_EQ(grant.substr(0, 4), kKeyGrantTag);
  EXPECT_TRUE(OpenKeyGrant(user, "service", grant).ok());
  EXPECT_FALSE(OpenKeyGrant(user, "service", grant.substr(4)).ok());
  EXPECT_FALSE(OpenKeyGrant(user, "agency:KENT-POLICE", grant).ok());
  const std::string grant_v0 = crypto::SealTo(user.public_key, priv.view());
  EXPECT_TRUE(OpenKeyGrant(user, "service", grant_v0).ok());
  EXPECT_FALSE(OpenKeyGrant(user, "service", std::string(kKeyGrantTag) + grant_v0).ok());
  // A version 0 grant whose box holds something other than a private key.
  EXPECT_FALSE(OpenKeyGrant(user, "service", crypto::SealTo(user.public_key, "short")).ok());
}

TEST(StoredFormatsTest, AnUnknownVersionIsRefusedNotGuessed) {
  EXPECT_FALSE(ParseBody("[3,\"GBFXT\"]").ok());
  EXPECT_FALSE(ParseBody("[\"GBFXT\",3]").ok());
  EXPECT_FALSE(ParseBody("{\"port\":\"GBFXT\"}").ok());
  EXPECT_FALSE(ParseHandlingNotes("{\"v\":2}").ok());
  EXPECT_FALSE(ParseHandlingNotes("{\"v\":\"1\"}").ok());
  EXPECT_FALSE(ParseFileMeta("{\"v\":9,\"name\":\"a.jpg\"}").ok());
  EXPECT_FALSE(ParsePackage("{\"v\":2,\"id\":\"P1\"}").ok());
  EXPECT_FALSE(ParseOutcome("{\"v\":-1}").ok());
  // An audit entry of an unknown version fails the chain's check at that
  // entry, even with a MAC that matches it (made as docs/formats.md says).
  crypto::SecretBytes instance(std::string(32, 'i'));
  const std::string v2 = R"({"v":2,"seq":1,"on":"2026-12-02","actor":"u1","role":"handler",)"
                         R"("action":"report.read","target":"t"})";
  auto checked = AuditChainOf(instance, v2, DocumentedAuditMac(instance, "", v2));
  EXPECT_NE(checked.find("does not verify: entry 1"), std::string::npos) << checked;
  // A version 1 or 2 body always has every field it names: a shorter one is
  // damaged, and so is a version 1 body with version 2's fields.
  EXPECT_FALSE(ParseBody("[1,\"GBFXT\"]").ok());
  EXPECT_FALSE(ParseBody("[1]").ok());
  EXPECT_FALSE(ParseBody("[2,\"GBFXT\"]").ok());
  std::string v1_long = "[1";
  for (size_t i = 0; i < BodyFieldOrder().size(); ++i) v1_long += ",\"x\"";
  EXPECT_FALSE(ParseBody(v1_long + "]").ok());
  EXPECT_TRUE(ParseBody("[2" + v1_long.substr(2) + "]").ok());
  // A body with more fields than its version has is damaged, not truncated.
  std::string long_body = "[1";
  for (size_t i = 0; i <= BodyFieldOrder().size(); ++i) long_body += ",\"x\"";
  EXPECT_FALSE(ParseBody(long_body + "]").ok());
}

}  // namespace
}  // namespace portsafe::service

int main(int argc, char** argv) {
  portsafe::testing::FixedRandom::Install();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
