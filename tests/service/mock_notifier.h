#pragma once

#include <gmock/gmock.h>

#include "service/notifier.h"

namespace portsafe::service {

class MockNotifier : public Notifier {
 public:
  MockNotifier();
  ~MockNotifier() override;
  MOCK_METHOD(void, Notify, (Notice, const std::string&), (override));
};

}  // namespace portsafe::service
