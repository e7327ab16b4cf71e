#pragma once

#include <gmock/gmock.h>

#include "service/mail_sender.h"

namespace portsafe::service {

class MockMailSender : public MailSender {
 public:
  MOCK_METHOD(Status, Send, (const Mail&), (override));
};

}  // namespace portsafe::service
