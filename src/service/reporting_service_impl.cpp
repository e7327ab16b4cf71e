#include "service/reporting_service_impl.h"

#include <sodium.h>

#include <boost/json.hpp>

#include "core/approach.h"
#include "core/file_kind.h"
#include "core/limits.h"
#include "core/report_status.h"
#include "crypto/aead.h"
#include "crypto/file_cipher.h"
#include "crypto/report_cipher.h"
#include "service/report_codec.h"

namespace portsafe::service {
namespace json = boost::json;
namespace {

Error NotFoundError() {
  return NotFound("no report matches that receipt").WithKey("error.receipt_not_found");
}

// Every place in the media pool's queue is taken: the request is refused
// whole (nothing is stored), and the reporter may send it again shortly.
Error FilesBusyError() {
  return Unavailable("too many files are being cleaned; try again in a minute")
      .WithField("files")
      .WithKey("error.files_busy");
}

// A kind of file that cannot be cleaned refuses the whole request, before
// anything is decoded or stored, with the reason in the reporter's words.
// The kind is read from the file's first bytes (all a streamed upload holds
// in memory until a worker loads it).
Status RefuseUncleanable(const std::vector<core::FileUpload>& files) {
  for (const auto& f : files) {
    const core::FileKind kind = core::SniffFileKind(f.data);
    if (!core::IsCleanable(kind)) {
      return UnsupportedMedia("this kind of file cannot be cleaned of hidden details")
          .WithField("files")
          .WithKey(std::string(core::RefusalKey(kind)));
    }
  }
  return Status::Ok();
}

}  // namespace

ReportingServiceImpl::ReportingServiceImpl(store::Store* store, InstanceKeys keys,
                                           core::PortDirectory ports, const Clock* clock,
                                           media::FileCleaner* cleaner, Notifier* notifier,
                                           WorkPool* media_pool, AdmissionGate* admission)
    : store_(store),
      keys_(std::move(keys)),
      sealer_(keys_.service_public_key, clock),
      ports_(std::move(ports)),
      clock_(clock),
      cleaner_(cleaner),
      notifier_(notifier),
      media_pool_(media_pool),
      admission_(admission) {}

bool ReportingServiceImpl::OnMediaPool(std::function<void()> work) {
  if (media_pool_ == nullptr) {
    work();
    return true;
  }
  return media_pool_->TryPost(std::move(work));
}

Result<ReportingServiceImpl::SealedFiles> ReportingServiceImpl::SealFiles(
    const std::string& report_id, const crypto::SecretBytes& content_key,
    std::vector<core::FileUpload> files, size_t first_number) {
  SealedFiles out;
  size_t number = first_number;
  for (auto& f : files) {
    // A streamed upload waits in temporary storage until now, so a file is
    // in memory only while a worker of the media pool cleans it.
    if (auto loaded = f.Load(); !loaded.ok()) return loaded.error();
    const core::FileKind kind = core::SniffFileKind(f.data);
    auto clean = cleaner_->Clean(f.data, kind);
    // The original's bytes go now, wiped, not when the request ends.
    sodium_memzero(f.data.data(), f.data.size());
    std::string().swap(f.data);
    if (!clean.ok()) {
      if (clean.error().code() == ErrorCode::kUnavailable) return clean.error();
      out.outcomes.push_back({"", false});  // that file alone is left out
      continue;
    }
    // Named by kind and order: the device's name ("IMG_20261120_231502")
    // carries the moment, and is never kept.
    FileView meta;
    meta.name = std::string(kind == core::FileKind::kPdf ? "document-" : "photo-") +
                std::to_string(number++) + "." + clean->extension;
    meta.content_type = clean->content_type;
    meta.size = static_cast<std::int64_t>(clean->data.size());
    meta.reencoded = true;
    crypto::SecretBytes file_key = crypto::NewAeadKey();
    store::FileRow row;
    row.report_id = report_id;
    row.content = crypto::EncryptStream(file_key, clean->data);
    row.wrapped_key = crypto::SealReportField(content_key, report_id, "file-key", file_key.view());
    row.sealed_meta =
        crypto::SealReportField(content_key, report_id, "file-meta", FileMetaJson(meta));
    out.rows.push_back(std::move(row));
    out.outcomes.push_back({meta.name, true});
  }
  return out;
}

void ReportingServiceImpl::Submit(core::ReportSubmission sub, std::vector<core::FileUpload> files,
                                  SubmitDone done) {
  // What a report needs said: what happened; an approach, what was asked.
  const bool said = core::IsApproach(sub) ? !sub.approach_asked.empty() : !sub.description.empty();
  if (ports_.Find(sub.port) == nullptr || !said || !core::ValidateFiles(files).empty()) {
    done(InvalidArgument("the report is incomplete").WithKey("error.invalid_report"));
    return;
  }
  if (auto refused = RefuseUncleanable(files); !refused.ok()) {
    done(refused.error());
    return;
  }
  if (admission_ == nullptr) {
    SubmitAdmitted(std::move(sub), std::move(files), std::move(done));
    return;
  }
  auto shared_done = std::make_shared<SubmitDone>(std::move(done));
  admission_->Admit(
      [this, sub = std::move(sub), files = std::move(files), shared_done](bool admitted) mutable {
        if (!admitted) {
          (*shared_done)(Unavailable("many new reports are arriving; send again in a minute")
                             .WithKey("error.reports_busy"));
          return;
        }
        SubmitAdmitted(std::move(sub), std::move(files), std::move(*shared_done));
      });
}

void ReportingServiceImpl::SubmitAdmitted(core::ReportSubmission sub,
                                          std::vector<core::FileUpload> files, SubmitDone done) {
  // The facility code is kept in clear (for figures), so only a real
  // facility at the report's port is accepted, never free text.
  if (!sub.facility.empty()) {
    auto f = store_->FindFacility(sub.facility);
    if (!f.ok()) {
      done(f.error());
      return;
    }
    if (!f->has_value() || (*f)->port_code != sub.port) {
      done(InvalidField("facility", "the reporting link is out of date")
               .WithKey("error.facility_unknown"));
      return;
    }
    // A suspended member's link still takes reports: they count for the
    // port only (the reporter is never turned away).
    if ((*f)->status != "active") sub.facility.clear();
  }
  if (files.empty()) {
    SubmitChecked(std::move(sub), {}, std::move(done));
    return;
  }
  // Cleaning may take seconds: never on the caller's (a server) thread.
  auto shared_done = std::make_shared<SubmitDone>(std::move(done));
  if (!OnMediaPool([this, sub = std::move(sub), files = std::move(files), shared_done]() mutable {
        SubmitChecked(std::move(sub), std::move(files), std::move(*shared_done));
      })) {
    (*shared_done)(FilesBusyError());
  }
}

void ReportingServiceImpl::SubmitChecked(core::ReportSubmission sub,
                                         std::vector<core::FileUpload> files, SubmitDone done) {
  const crypto::ServiceSealer::Ticket ticket = sealer_.NewReport();
  const std::string& id = ticket.report_id;
  crypto::Receipt receipt = crypto::Receipt::Generate(ticket.receipt_bucket);
  crypto::ReceiptKeys rk = crypto::DeriveReceiptKeys(keys_.instance_secret, receipt);
  crypto::SecretBytes content_key = crypto::NewAeadKey();

  auto sealed = SealFiles(id, content_key, std::move(files), 1);
  if (!sealed.ok()) {
    done(sealed.error());
    return;
  }
  auto env = crypto::WrapContentKey(ticket, rk.wrap_key, content_key);

  store::ReportRow row;
  row.id = id;
  row.lookup_id = rk.lookup_id;
  row.port_code = sub.port;
  row.facility_code = sub.facility;
  row.category = sub.category;
  row.status = core::ReportStatus::kNew;
  // Someone approached who feels in danger is seen first.
  if (core::IsApproach(sub) && sub.approach_danger == "yes") row.priority = core::Priority::kHigh;
  row.received_on = clock_->Today();
  row.sealed_key = std::move(env.sealed_to_service);
  row.receipt_wrapped_key = std::move(env.wrapped_for_receipt);
  row.body = crypto::SealReportField(content_key, id, "body", BodyJson(sub));

  Submitted submitted{receipt.Display(), std::move(sealed->outcomes)};
  store_->CreateReport(std::move(row), std::move(sealed->rows),
                       [this, submitted = std::move(submitted), done = std::move(done)](Status st) {
                         if (st.ok()) {
                           if (notifier_) notifier_->Notify(Notice::kNewReport, "");
                           done(std::move(submitted));
                         } else {
                           done(st.error());
                         }
                       });
}

Result<ReportingServiceImpl::Unlocked> ReportingServiceImpl::Unlock(std::string_view text) {
  auto receipt = crypto::Receipt::Parse(text);
  if (!receipt.ok()) return NotFoundError();
  crypto::ReceiptKeys rk = crypto::DeriveReceiptKeys(keys_.instance_secret, *receipt);
  auto row = store_->FindReportByLookup(rk.lookup_id);
  if (!row.ok()) {
    if (row.error().code() != ErrorCode::kNotFound) return row.error();
    // Do the same work as for a hit, so a miss takes as long as a wrong key.
    static const std::string kDummy(crypto::kAeadOverhead + 32, '\x5a');
    (void)crypto::UnwrapContentKeyWithReceipt(rk.wrap_key, "0", kDummy);
    return NotFoundError();
  }
  auto ck = crypto::UnwrapContentKeyWithReceipt(rk.wrap_key, row->id, row->receipt_wrapped_key);
  if (!ck.ok()) return NotFoundError();
  return Unlocked{std::move(*row), std::move(*ck)};
}

Result<ReportView> ReportingServiceImpl::Open(std::string_view receipt) {
  auto u = Unlock(receipt);
  if (!u.ok()) return u.error();
  const std::string& id = u->row.id;
  auto msgs = store_->ListMessages(id);
  if (!msgs.ok()) return msgs.error();
  auto files = store_->ListFiles(id, false);
  if (!files.ok()) return files.error();
  return DecryptReport(u->row, u->content_key, *msgs, *files);
}

void ReportingServiceImpl::AppendMessage(std::string_view receipt, std::string_view author,
                                         std::string text, Done done) {
  if (!core::CheckText(text, limits::kMessageMax, true).empty()) {
    done(InvalidField("text", "the message is empty, too long or not text")
             .WithKey("error.message_invalid"));
    return;
  }
  auto u = Unlock(receipt);
  if (!u.ok()) {
    done(u.error());
    return;
  }
  store::MessageRow m;
  m.report_id = u->row.id;
  m.author = std::string(author);
  m.sent_on = clock_->Today();
  m.body = crypto::SealReportField(u->content_key, u->row.id, "msg", text);
  // The store refuses a reporter's message beyond the thread's limit.
  done = [done = std::move(done)](Status st) {
    if (!st.ok() && st.error().code() == ErrorCode::kInvalidArgument) {
      done(InvalidField("text", "the thread has as many messages as allowed")
               .WithKey("error.too_many_messages"));
      return;
    }
    done(std::move(st));
  };
  if (author == "reporter" && notifier_) {
    done = [this, id = u->row.id, done = std::move(done)](Status st) {
      if (st.ok()) notifier_->Notify(Notice::kReporterReplied, id);
      done(std::move(st));
    };
  }
  store_->AppendMessage(std::move(m), std::move(done));
}

void ReportingServiceImpl::AddMessage(std::string_view receipt, std::string text, Done done) {
  AppendMessage(receipt, "reporter", std::move(text), std::move(done));
}

void ReportingServiceImpl::AddFiles(std::string_view receipt, std::vector<core::FileUpload> files,
                                    FilesDone done) {
  if (files.empty()) {
    done(InvalidField("files", "choose at least one file").WithKey("error.no_file"));
    return;
  }
  if (auto errs = core::ValidateFiles(files); !errs.empty()) {
    done(InvalidField("files", "the files are too many, too large or badly named")
             .WithKey(errs.front().message_key));
    return;
  }
  if (auto refused = RefuseUncleanable(files); !refused.ok()) {
    done(refused.error());
    return;
  }
  auto shared_done = std::make_shared<FilesDone>(std::move(done));
  if (!OnMediaPool(
          [this, receipt = std::string(receipt), files = std::move(files), shared_done]() mutable {
            AddFilesChecked(receipt, std::move(files), std::move(*shared_done));
          })) {
    (*shared_done)(FilesBusyError());
  }
}

void ReportingServiceImpl::AddFilesChecked(const std::string& receipt,
                                           std::vector<core::FileUpload> files, FilesDone done) {
  auto u = Unlock(receipt);
  if (!u.ok()) {
    done(u.error());
    return;
  }
  auto existing = store_->ListFiles(u->row.id, false);
  if (!existing.ok()) {
    done(existing.error());
    return;
  }
  auto sealed = SealFiles(u->row.id, u->content_key, std::move(files), existing->size() + 1);
  if (!sealed.ok()) {
    done(sealed.error());
    return;
  }
  if (sealed->rows.empty()) {
    done(InvalidField("files", "no file could be cleaned").WithKey("error.file_not_cleaned"));
    return;
  }
  store_->AddFiles(
      u->row.id, std::move(sealed->rows), limits::kFilesPerReport,
      [outcomes = std::move(sealed->outcomes), done = std::move(done)](Status st) {
        if (st.ok()) {
          done(std::move(outcomes));
        } else if (st.error().code() == ErrorCode::kInvalidArgument) {
          done(InvalidField("files", "too many files").WithKey("error.too_many_files"));
        } else {
          done(st.error());
        }
      });
}

Result<std::optional<store::Facility>> ReportingServiceImpl::FindFacility(const std::string& code) {
  return store_->FindFacility(code);
}

}  // namespace portsafe::service
