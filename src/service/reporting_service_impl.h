#pragma once

#include <functional>
#include <memory>

#include "common/clock.h"
#include "common/work_pool.h"
#include "crypto/receipt.h"
#include "crypto/service_sealer.h"
#include "media/file_cleaner.h"
#include "service/admission_gate.h"
#include "service/instance.h"
#include "service/notifier.h"
#include "service/reporting_service.h"
#include "store/store.h"

namespace portsafe::service {

class ReportingServiceImpl final : public ReportingService {
 public:
  // `store` must outlive this object. Completions run on the store's writer
  // thread; callers with heavy work move it elsewhere (web::WebContext::Defer).
  // `clock` dates reports and messages (the date only, never the moment).
  // Staff are told of new work through `notifier` (null: nobody is told).
  // Uploaded files are cleaned by `cleaner`, which may block for as long as
  // a file takes, on a thread of `media_pool` (null: on the caller's thread,
  // for tests): a request with files never cleans on a server thread, and
  // when the pool's queue is full it is refused with kUnavailable, field
  // "files", key "error.files_busy" (nothing stored). New reports pass
  // `admission` first (null: no limit); one it refuses is kUnavailable,
  // key "error.reports_busy" (nothing stored). `clock`, `cleaner`,
  // `notifier`, `media_pool` and `admission` must outlive this object.
  ReportingServiceImpl(store::Store* store, InstanceKeys keys, core::PortDirectory ports,
                       const Clock* clock, media::FileCleaner* cleaner,
                       Notifier* notifier = nullptr, WorkPool* media_pool = nullptr,
                       AdmissionGate* admission = nullptr);

  void Submit(core::ReportSubmission sub, std::vector<core::FileUpload> files,
              SubmitDone done) override;
  Result<ReportView> Open(std::string_view receipt) override;
  void AddMessage(std::string_view receipt, std::string text, Done done) override;
  void AddFiles(std::string_view receipt, std::vector<core::FileUpload> files,
                FilesDone done) override;
  const core::PortDirectory& ports() const override { return ports_; }
  Result<std::optional<store::Facility>> FindFacility(const std::string& code) override;

  // Appends a message as `author` ("reporter" or "service"). Used by
  // AddMessage and by the demo data, which writes the service's side.
  void AppendMessage(std::string_view receipt, std::string_view author, std::string text,
                     Done done);

 private:
  struct Unlocked {
    store::ReportRow row;
    crypto::SecretBytes content_key;
  };
  // Runs `work` on the media pool, or at once without one. False when the
  // pool is full: `work` is dropped unrun.
  bool OnMediaPool(std::function<void()> work);
  // Submit, once the report is admitted: the facility, then the files.
  void SubmitAdmitted(core::ReportSubmission sub, std::vector<core::FileUpload> files,
                      SubmitDone done);
  // Submit, from the report's sealing on: the checks have passed.
  void SubmitChecked(core::ReportSubmission sub, std::vector<core::FileUpload> files,
                     SubmitDone done);
  // AddFiles, from unlocking the receipt on: the files' checks have passed.
  void AddFilesChecked(const std::string& receipt, std::vector<core::FileUpload> files,
                       FilesDone done);
  // Finds and unlocks the report for a receipt; kNotFound for any failure.
  Result<Unlocked> Unlock(std::string_view receipt);
  struct SealedFiles {
    std::vector<store::FileRow> rows;
    std::vector<FileOutcome> outcomes;
  };
  // Cleans and encrypts uploads into rows, named from `first_number` on.
  // kUnavailable when the cleaner cannot run.
  Result<SealedFiles> SealFiles(const std::string& report_id,
                                const crypto::SecretBytes& content_key,
                                std::vector<core::FileUpload> files, size_t first_number);

  store::Store* store_;
  InstanceKeys keys_;
  crypto::ServiceSealer sealer_;
  core::PortDirectory ports_;
  const Clock* clock_;
  media::FileCleaner* cleaner_;
  Notifier* notifier_;
  WorkPool* media_pool_;
  AdmissionGate* admission_;
};

}  // namespace portsafe::service
