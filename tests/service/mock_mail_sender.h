#pragma once

#include <gmock/gmock.h>

#include "service/mail_sender.h"

namespace portsafe::service {

class MockMailSender : public MailSender {
 public:
  MockMailSender();
  ~MockMailSender() override;
  MOCK_METHOD(Status, Send, (const Mail&), (override));
};

}  // namespace portsafe::service
