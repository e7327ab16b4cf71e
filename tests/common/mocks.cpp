// The mocks' constructors and destructors, out of line (see
// tests/service/mocks.cpp).
#include "common/mock_clock.h"

namespace portsafe {

MockClock::MockClock() = default;
MockClock::~MockClock() = default;

}  // namespace portsafe
