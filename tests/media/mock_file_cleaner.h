// gmock double of media::FileCleaner.
#pragma once

#include <gmock/gmock.h>

#include "media/file_cleaner.h"

namespace portsafe::media {

class MockFileCleaner : public FileCleaner {
 public:
  MockFileCleaner();
  ~MockFileCleaner() override;
  MOCK_METHOD(Result<CleanedFile>, Clean, (std::string_view, core::FileKind), (override));
};

}  // namespace portsafe::media
