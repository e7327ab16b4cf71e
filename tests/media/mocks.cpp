// The media mocks' constructors and destructors, out of line (see
// tests/store/mocks.cpp).
#include "media/mock_file_cleaner.h"

namespace portsafe::media {

MockFileCleaner::MockFileCleaner() = default;
MockFileCleaner::~MockFileCleaner() = default;

}  // namespace portsafe::media
