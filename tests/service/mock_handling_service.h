// gmock double of service::HandlingService.
#pragma once

#include <gmock/gmock.h>

#include "service/handling_service.h"

namespace portsafe::service {

class MockHandlingService : public HandlingService {
 public:
  MockHandlingService();
  ~MockHandlingService() override;
  MOCK_METHOD(Result<QueuePage>, Queue, (const StaffSession&, const QueueQuery&), (override));
  MOCK_METHOD((Result<std::vector<std::pair<core::ReportStatus, std::int64_t>>>), QueueCounts,
              (const StaffSession&, std::int64_t), (override));
  MOCK_METHOD(Result<HandlerReport>, Open, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Result<FileContent>, ReadFile,
              (const StaffSession&, const std::string&, std::int64_t), (override));
  MOCK_METHOD(Status, AssignToSelf, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<std::string>>, FindByReference,
              (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Status, AssignTo, (const StaffSession&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Status, MessageReporter,
              (const StaffSession&, const std::string&, const std::string&, bool), (override));
  MOCK_METHOD(Status, SetPriority, (const StaffSession&, const std::string&, core::Priority),
              (override));
  MOCK_METHOD(Status, Classify,
              (const StaffSession&, const std::string&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Status, Grade, (const StaffSession&, const std::string&, const core::Grade&),
              (override));
  MOCK_METHOD(Status, Close,
              (const StaffSession&, const std::string&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Result<GroupList>, NearDuplicateGroups, (const StaffSession&, size_t), (override));
  MOCK_METHOD(Result<GroupClosed>, CloseGroup,
              (const StaffSession&, const std::string&, const std::string&, const std::string&,
               const std::string&),
              (override));
  MOCK_METHOD(Result<std::string>, PhoneIntake, (const StaffSession&, core::ReportSubmission),
              (override));
  MOCK_METHOD(Result<std::vector<store::OutcomeCountRow>>, OutcomeCounts, (const StaffSession&),
              (override));
  MOCK_METHOD(Result<std::vector<core::Finding>>, SaveSanitised,
              (const StaffSession&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Status, SubmitForApproval,
              (const StaffSession&, const std::string&, const std::vector<std::string>&,
               const std::vector<std::string>&),
              (override));
  MOCK_METHOD(Status, ChooseAttachments,
              (const StaffSession&, const std::string&, const std::vector<std::int64_t>&),
              (override));
  MOCK_METHOD(Status, Approve, (const StaffSession&, const std::string&), (override));
  MOCK_METHOD(Status, SendBack, (const StaffSession&, const std::string&, const std::string&),
              (override));
  MOCK_METHOD(Result<AnswerResult>, AnswerAgency,
              (const StaffSession&, const std::string&, const std::string&, const std::string&,
               const std::vector<std::string>&),
              (override));
};

}  // namespace portsafe::service
