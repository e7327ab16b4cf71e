#include "service/audit_log.h"

#include <sodium.h>
#include <algorithm>

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "common/log.h"

#include "crypto/aead.h"

namespace portsafe::service {
namespace json = boost::json;

namespace {
// An entry's version (docs/formats.md, "Audit entries"): 1 has "v":1, which
// the MAC covers like every other member; 0 had no "v".
constexpr int kAuditEntryVersion = 1;

Result<json::object> ParseEntry(std::string_view text) {
  return ParseVersionedObject(text, kAuditEntryVersion, "an audit entry");
}
}  // namespace

AuditLog::AuditLog(store::StaffStore* store, const crypto::SecretBytes& instance_secret,
                   const Clock* clock, AuditWitnessing witnessing)
    : store_(store),
      key_(crypto::DeriveSubkey(instance_secret, "ps-audit", 1)),
      clock_(clock),
      witnessing_(std::move(witnessing)) {}

std::string AuditLog::Mac(std::string_view prev_mac, std::string_view entry) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key_.data(), key_.size(), 32);
  const std::uint64_t n = prev_mac.size();
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(&n), sizeof n);
  crypto_generichash_update(&st, crypto::U(prev_mac), prev_mac.size());
  crypto_generichash_update(&st, crypto::U(entry), entry.size());
  std::string out(32, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

Status AuditLog::Append(const AuditEvent& e) {
  const std::string today = clock_->Today();
  AuditHead head;
  auto st = store_->AppendAudit([&](std::int64_t seq, const std::string& prev) {
    json::object o;
    o["v"] = kAuditEntryVersion;
    o["seq"] = seq;
    o["on"] = today;
    o["actor"] = e.actor_id;
    o["role"] = e.actor_role;
    o["action"] = e.action;
    o["target"] = e.target;
    store::AuditRow row;
    row.seq = seq;
    row.entry = json::serialize(o);
    row.mac = Mac(prev, row.entry);
    row.target = e.target;
    head = {seq, row.mac, today};
    return row;
  });
  if (st.ok() && witnessing_.witness != nullptr && witnessing_.every > 0 &&
      head.seq % witnessing_.every == 0) {
    Record(head);
  }
  return st;
}

void AuditLog::Record(const AuditHead& head) {
  if (auto st = witnessing_.witness->Record(head); !st.ok()) {
    log::Warn("audit witness not written", {{"why", st.error().message()}});
    return;
  }
  {
    std::lock_guard lock(mu_);
    witnessed_on_ = head.on;
  }
  if (witnessing_.on_recorded) witnessing_.on_recorded(head);
}

Result<AuditHead> AuditLog::Head() {
  auto last = store_->LastAudit();
  if (!last.ok()) return last.error();
  AuditHead head;
  head.on = clock_->Today();
  if (last->has_value()) {
    head.seq = (*last)->seq;
    head.mac = (*last)->mac;
  } else {
    head.mac = std::string(32, '\0');  // the empty log
  }
  return head;
}

Result<AuditHead> AuditLog::Witness() {
  if (witnessing_.witness == nullptr) return InvalidArgument("no audit witness is configured");
  auto head = Head();
  if (!head.ok()) return head.error();
  if (auto st = witnessing_.witness->Record(*head); !st.ok()) return st.error();
  {
    std::lock_guard lock(mu_);
    witnessed_on_ = head->on;
  }
  if (witnessing_.on_recorded) witnessing_.on_recorded(*head);
  return head;
}

Status AuditLog::WitnessIfDue() {
  {
    std::lock_guard lock(mu_);
    if (witnessed_on_ == clock_->Today()) return Status::Ok();
  }
  auto head = Witness();
  return head.ok() ? Status::Ok() : Status(head.error());
}

Result<AuditLog::Verdict> AuditLog::Verify(const std::vector<AuditHead>& heads) {
  auto rows = store_->ListAudit();
  if (!rows.ok()) return rows.error();
  Verdict v;
  std::string prev;
  std::int64_t expected = 1;
  // The witnessed heads the chain holds, checked as the walk reaches them.
  std::vector<AuditHead> sorted = heads;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const AuditHead& a, const AuditHead& b) { return a.seq < b.seq; });
  size_t next_head = 0;
  while (next_head < sorted.size() && sorted[next_head].seq <= 0) ++next_head;
  for (const auto& r : *rows) {
    ++v.entries;
    std::string mac = Mac(prev, r.entry);
    bool seq_ok = r.seq == expected;
    // The sequence number inside the entry must match its row too.
    auto parsed = ParseEntry(r.entry);
    bool inner_ok = parsed.ok() && parsed->contains("seq") && parsed->at("seq").is_int64() &&
                    parsed->at("seq").get_int64() == r.seq;
    // The target column (outside the MAC, for reading a report's history)
    // must say what the entry says: a changed one would hide entries.
    inner_ok = inner_ok && StringMember(*parsed, "target") == r.target;
    if (!seq_ok || !inner_ok || mac.size() != r.mac.size() ||
        sodium_memcmp(mac.data(), r.mac.data(), mac.size()) != 0) {
      v.first_bad = r.seq;
      return v;
    }
    for (; next_head < sorted.size() && sorted[next_head].seq == r.seq; ++next_head) {
      const std::string& seen = sorted[next_head].mac;
      if (!v.differs && (seen.size() != r.mac.size() ||
                         sodium_memcmp(seen.data(), r.mac.data(), seen.size()) != 0)) {
        v.differs = sorted[next_head];
      }
    }
    prev = r.mac;
    ++expected;
  }
  if (!sorted.empty() && sorted.back().seq > v.entries) v.missing = sorted.back();
  return v;
}

Result<std::vector<AuditLog::Entry>> AuditLog::EntriesFor(std::string_view target) {
  auto rows = store_->ListAuditFor(std::string(target), kMaxHistory);
  if (!rows.ok()) return rows.error();
  std::vector<Entry> out;
  for (const auto& r : *rows) {
    auto parsed = ParseEntry(r.entry);
    if (!parsed.ok()) continue;  // Verify() names the first such entry
    const auto& o = *parsed;
    if (StringMember(o, "target") != target) continue;
    out.push_back({r.seq,
                   StringMember(o, "on"),
                   {StringMember(o, "actor"), StringMember(o, "role"), StringMember(o, "action"),
                    StringMember(o, "target")}});
  }
  return out;
}

}  // namespace portsafe::service
