// Size limits for everything a reporter can send. One place, so the web layer,
// the service and the docs agree.
#pragma once

#include <cstddef>

namespace portsafe::limits {

inline constexpr size_t kDescriptionMax = 20000;   // bytes of UTF-8
inline constexpr size_t kShortFieldMax = 200;      // port, area, when, category
inline constexpr size_t kInvolvedFieldMax = 4000;  // people, vehicles, vessels, containers
inline constexpr size_t kMessageMax = 10000;
inline constexpr size_t kFileMax = 5 * 1024 * 1024;
inline constexpr size_t kFilesPerRequest = 4;
inline constexpr size_t kFilesPerReport = 20;
// Messages from the reporter in one report's thread (the service's replies
// are not counted): one receipt cannot flood a handler's thread.
inline constexpr size_t kReporterMessagesPerReport = 200;
// And their stored size together (sealed, so a little more than the text):
// the follow-up page that shows them all stays small enough to build and
// send cheaply.
inline constexpr size_t kReporterMessageBytesPerReport = 200 * 1024;
inline constexpr size_t kFileNameMax = 200;
inline constexpr size_t kImagePixelsMax = 40'000'000;  // decompression-bomb guard
// Scans in one JPEG (cameras write 1, progressive encoders about 10): more is
// a scan bomb (core/jpeg_scans.h). Every file also gets at most
// media::CleanerOptions::cpu_seconds of CPU.
inline constexpr size_t kJpegScansMax = 100;
// A multipart body may carry kFilesPerRequest files plus the text fields.
inline constexpr size_t kMultipartBodyMax = kFilesPerRequest * kFileMax + 256 * 1024;
inline constexpr size_t kFormBodyMax = 256 * 1024;
inline constexpr size_t kJsonBodyMax = 256 * 1024;
inline constexpr size_t kHeaderBytesMax = 16 * 1024;
inline constexpr size_t kHeaderCountMax = 64;
inline constexpr size_t kFormFieldsMax = 64;
inline constexpr size_t kJsonDepthMax = 8;

}  // namespace portsafe::limits
