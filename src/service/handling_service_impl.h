#pragma once

#include <functional>

#include "common/clock.h"
#include "service/audit_log.h"
#include "service/handling_service.h"
#include "service/link_service.h"
#include "service/notifier.h"
#include "service/row_seal.h"
#include "store/staff_store.h"
#include "store/store.h"

namespace portsafe::service {

class HandlingServiceImpl final : public HandlingService {
 public:
  // All pointers must outlive this. `clock` gives the date. Staff are told
  // of new work through `notifier` (null: nobody is told); links between
  // open reports raise them in the queue (`links` null: no links shown).
  // `groups` (the major ports' operators and freeports, or null) are names
  // the identifying-content check leaves alone; must outlive this object.
  // Packages go only to agencies whose row matches its `seal` (RowSeal; a
  // public key swapped in the database is refused and audited); null: no
  // package can be sent.
  HandlingServiceImpl(store::Store* store, store::StaffStore* staff, AuditLog* audit,
                      ReportingService* reporting, const Clock* clock, Notifier* notifier = nullptr,
                      LinkService* links = nullptr,
                      const std::vector<core::PortGroup>* groups = nullptr,
                      const RowSeal* seal = nullptr);

  // How many reports a page of the queue may look at (2,000); tests set
  // fewer. Call before the service is shared.
  void set_examined_per_page(size_t n) { examined_per_page_ = n; }
  Result<QueuePage> Queue(const StaffSession& s, const QueueQuery& q) override;
  Result<std::vector<std::pair<core::ReportStatus, std::int64_t>>> QueueCounts(
      const StaffSession& s, std::int64_t cap) override;
  Result<HandlerReport> Open(const StaffSession& s, const std::string& id) override;
  Result<FileContent> ReadFile(const StaffSession& s, const std::string& id,
                               std::int64_t seq) override;
  Status AssignToSelf(const StaffSession& s, const std::string& id) override;
  Result<std::vector<std::string>> FindByReference(const StaffSession& s,
                                                   const std::string& reference) override;
  Status AssignTo(const StaffSession& s, const std::string& id,
                  const std::string& user_id) override;
  Status MessageReporter(const StaffSession& s, const std::string& id, const std::string& text,
                         bool feedback) override;
  Status SetPriority(const StaffSession& s, const std::string& id,
                     core::Priority priority) override;
  Status Classify(const StaffSession& s, const std::string& id, const std::string& category,
                  const std::string& insider_type) override;
  Status Grade(const StaffSession& s, const std::string& id, const core::Grade& grade) override;
  Status Close(const StaffSession& s, const std::string& id, const std::string& reason,
               const std::string& note) override;
  Result<GroupList> NearDuplicateGroups(const StaffSession& s, size_t limit) override;
  Result<GroupClosed> CloseGroup(const StaffSession& s, const std::string& group_id,
                                 const std::string& as_seen, const std::string& reason,
                                 const std::string& note) override;
  Result<std::string> PhoneIntake(const StaffSession& s, core::ReportSubmission sub) override;
  Result<std::vector<store::OutcomeCountRow>> OutcomeCounts(const StaffSession& s) override;
  Result<std::vector<core::Finding>> SaveSanitised(const StaffSession& s, const std::string& id,
                                                   const std::string& text) override;
  Status SubmitForApproval(const StaffSession& s, const std::string& id,
                           const std::vector<std::string>& recipients,
                           const std::vector<std::string>& acknowledged) override;
  Status ChooseAttachments(const StaffSession& s, const std::string& id,
                           const std::vector<std::int64_t>& seqs) override;
  Status Approve(const StaffSession& s, const std::string& id) override;
  Status SendBack(const StaffSession& s, const std::string& id,
                  const std::string& comment) override;
  Result<AnswerResult> AnswerAgency(const StaffSession& s, const std::string& id,
                                    const std::string& package_id, const std::string& text,
                                    const std::vector<std::string>& acknowledged) override;

 private:
  // Close() audited as `action`; with `only_version`, kAlreadyExists unless
  // the report is still at that version (unchanged since it was read).
  Status CloseAs(const StaffSession& s, const std::string& id, const std::string& reason,
                 const std::string& note, std::string_view action,
                 std::optional<std::int64_t> only_version = std::nullopt);
  // The identifying-content check of a draft written from `original`.
  std::vector<core::Finding> CheckDraft(std::string_view original, std::string_view draft) const;

  // A report unlocked for one action.
  struct Work {
    store::HandlingRow row;
    store::ReportRow report;
    crypto::SecretBytes content_key;
    HandlingNotes notes;
  };
  Result<Work> Load(const StaffSession& s, const std::string& id);
  // Tells the queue's link graph the report's status and priority as saved.
  void KeepGraph(const store::HandlingRow& row);
  // Seals the notes, saves, and audits `action`.
  Status Save(const StaffSession& s, Work& w, std::string_view action);
  Status Audit(const StaffSession& s, std::string_view action, const std::string& target);
  // The report decrypted: fields, thread and file list.
  Result<ReportView> Decrypt(const Work& w);
  Result<std::vector<PackageView>> PackagesFor(const StaffSession& s, const std::string& id,
                                               const std::vector<store::AgencyRow>& agencies);
  QueueItem ItemFor(const store::HandlingRow& row, const std::vector<store::UserRow>& users) const;

  store::Store* store_;
  store::StaffStore* staff_;
  AuditLog* audit_;
  ReportingService* reporting_;
  const Clock* clock_;
  Notifier* notifier_;
  LinkService* links_;
  const std::vector<core::PortGroup>* groups_;
  const RowSeal* seal_;
  size_t examined_per_page_ = 2000;
};

}  // namespace portsafe::service
