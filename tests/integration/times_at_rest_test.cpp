// Arrival times at rest, tried as someone holding a copy of the server's
// disk would try them: with a handler signed in (so the link indexer wakes
// at every report), reports, follow-up messages and files arrive over
// several seconds; then every historical state of the SQLite database, the
// main file and each commit in its write-ahead log, is read back in full,
// and no time value written during that traffic may be in any of them: no
// Unix seconds, milliseconds or microseconds, no ISO time, no HH:MM. Once
// the traffic stops, the log is emptied.
//
// Nothing here reads the clock: a value counts as written during the
// traffic when it was not in the database before it (same table and
// column), so the test holds whatever the date.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/stat.h>
#include <boost/json.hpp>
#include <cstring>
#include <map>
#include <regex>

#include "integration/helpers.h"
#include "service/instance.h"
#include "support/eventually.h"
#include "support/images.h"

namespace portsafe::testing {
namespace {

namespace json = boost::json;

// (table.column, value shown) of every value that looks like a time.
using TimeValues = std::multiset<std::pair<std::string, std::string>>;

bool TimeLikeInteger(std::int64_t v) {
  constexpr std::int64_t kFrom = 946'684'800;  // 2000-01-01, in seconds
  constexpr std::int64_t kTo = 4'102'444'800;  // 2100-01-01
  return (v >= kFrom && v < kTo) || (v >= kFrom * 1000 && v < kTo * 1000) ||
         (v >= kFrom * 1'000'000 && v < kTo * 1'000'000);
}

bool TimeLikeText(const std::string& s) {
  static const std::regex kTime(R"((^|[^0-9])[0-2]?[0-9]:[0-5][0-9]([^0-9]|$))");
  static const std::regex kIso(R"([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2})");
  static const std::regex kDigits(R"(^[0-9]{9,16}$)");
  if (std::regex_search(s, kTime) || std::regex_search(s, kIso)) return true;
  return std::regex_match(s, kDigits) && TimeLikeInteger(std::stoll(s));
}

// Blobs are ciphertext or hashes: only a written-out time of day with
// seconds, or an ISO time, would be there by design rather than by chance.
bool TimeLikeBlob(const void* data, int size) {
  static const std::regex kTimeWithSeconds(R"([0-2][0-9]:[0-5][0-9]:[0-5][0-9])");
  static const std::regex kIso(R"(20[0-9]{2}-[01][0-9]-[0-3][0-9][T ][0-2][0-9])");
  std::string bytes(static_cast<const char*>(data), static_cast<size_t>(size));
  return std::regex_search(bytes, kTimeWithSeconds) || std::regex_search(bytes, kIso);
}

// Every time-like value in every table of the database file `path` (with
// its -wal beside it, when there is one).
TimeValues ReadTimeValues(const std::string& path, std::string* error) {
  TimeValues out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    *error = "cannot open " + path;
    sqlite3_close(db);
    return out;
  }
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type='table'", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  if (sqlite3_finalize(st) != SQLITE_OK || tables.empty()) *error = "no tables in " + path;
  for (const auto& t : tables) {
    const std::string sql = "SELECT * FROM \"" + t + "\"";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      *error = "cannot read " + t + ": " + sqlite3_errmsg(db);
      continue;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const std::string where = t + "." + sqlite3_column_name(st, i);
        switch (sqlite3_column_type(st, i)) {
          case SQLITE_INTEGER:
            if (TimeLikeInteger(sqlite3_column_int64(st, i))) {
              out.insert({where, std::to_string(sqlite3_column_int64(st, i))});
            }
            break;
          case SQLITE_TEXT: {
            std::string text(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
            if (TimeLikeText(text)) out.insert({where, text});
            break;
          }
          case SQLITE_BLOB:
            if (TimeLikeBlob(sqlite3_column_blob(st, i), sqlite3_column_bytes(st, i))) {
              out.insert({where, "(a blob holding a time)"});
            }
            break;
          default:
            break;
        }
      }
    }
    if (rc != SQLITE_DONE) *error = "reading " + t + ": " + sqlite3_errmsg(db);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

std::uint32_t BigEndian32(const std::string& b, size_t at) {
  return (std::uint32_t{static_cast<unsigned char>(b[at])} << 24) |
         (std::uint32_t{static_cast<unsigned char>(b[at + 1])} << 16) |
         (std::uint32_t{static_cast<unsigned char>(b[at + 2])} << 8) |
         std::uint32_t{static_cast<unsigned char>(b[at + 3])};
}

// The end (byte offset) of every commit in a write-ahead log: a frame whose
// header gives the database size after it ends a transaction
// (https://www.sqlite.org/fileformat.html, "WAL File Format").
std::vector<size_t> CommitEnds(const std::string& wal) {
  std::vector<size_t> ends;
  if (wal.size() < 32) return ends;
  const size_t page = BigEndian32(wal, 8);
  const std::string salts = wal.substr(16, 8);
  for (size_t at = 32; at + 24 + page <= wal.size(); at += 24 + page) {
    if (wal.compare(at + 8, 8, salts) != 0) break;  // a frame of an earlier log
    if (BigEndian32(wal, at + 4) != 0) ends.push_back(at + 24 + page);
  }
  return ends;
}

off_t FileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

std::string Field(const HttpResult& r, const char* name) {
  return std::string(json::parse(r.body).at(name).as_string());
}

TEST(TimesAtRestTest, NoTimeWrittenByReporterTrafficIsInAnyStateOfTheDatabase) {
  crypto::Init();
  TempDir dir;
  ServerProcess s(dir.path());
  ASSERT_TRUE(s.ok());
  Staff handler = AddUser(s, dir, "handler", "handler@test.invalid",
                          {"--recovery-key-file", s.recovery_key_path()});
  ASSERT_FALSE(Login(s, handler).empty());  // the link indexer now holds the key
  const std::string db_path = service::DatabasePath(s.data_dir());
  const std::string wal_path = db_path + "-wal";

  // A reader on the live database for the whole traffic: while it holds its
  // snapshot, the log cannot be emptied, so every commit the traffic makes
  // stays in it to be read back.
  sqlite3* pin = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &pin, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_busy_timeout(pin, 5000);
  ASSERT_EQ(sqlite3_exec(pin, "BEGIN; SELECT COUNT(*) FROM reports;", nullptr, nullptr, nullptr),
            SQLITE_OK);

  // What was there before: the staff account and its session hold times of
  // their own, written before the traffic.
  const std::string before_dir = dir.path() + "/before";
  ASSERT_EQ(::mkdir(before_dir.c_str(), 0700), 0);
  WriteFile(before_dir + "/db", ReadAll(db_path));
  WriteFile(before_dir + "/db-wal", ReadAll(wal_path));
  std::string error;
  const TimeValues before = ReadTimeValues(before_dir + "/db", &error);
  ASSERT_EQ(error, "");
  const size_t commits_before = CommitEnds(ReadAll(wal_path)).size();

  // The traffic: each report is indexed before the next is sent, so every
  // round of the indexer (its lease, its queue) is in the log.
  for (int round = 0; round < 6; ++round) {
    json::object o{{"port", "GBFXT"},
                   {"category", "drugs"},
                   {"description", "Bags moved into container CSQU 305438 3, round " +
                                       std::to_string(round) + ", late at night."},
                   {"vehicles", "White van AB12 CDE"}};
    HttpResult created = PostJson(s.port(), "/api/v1/reports", json::serialize(o));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string receipt = Field(created, "receipt");
    ASSERT_TRUE(Eventually([&] { return Waiting(s) == 0; })) << "the indexer did not run";
    HttpResult reply = PostJson(s.port(), "/api/v1/reports/self/messages",
                                R"({"text":"The van came back, same plate AB12 CDE."})", receipt);
    ASSERT_EQ(reply.status, 201) << reply.body;
    MultipartBuilder mb;
    mb.File("file", "photo.jpg", "image/jpeg", JpegWithMetadata(16, 16, "EXIF-MARKER"));
    ASSERT_EQ(Send(s.port(),
                   {"POST",
                    "/api/v1/reports/self/files",
                    {{"Content-Type", mb.ContentType()}, {"Authorization", "Receipt " + receipt}},
                    mb.Finish(),
                    ""})
                  .status,
              201);
    ASSERT_TRUE(Eventually([&] { return Waiting(s) == 0; })) << "the indexer did not run";
    // Reporters a moment apart, as they come: the traffic spans several
    // seconds of the server's clock, and the writer's checkpoints after each
    // pause run (and are held up by the reader above) between rounds. The
    // pause is the scenario, not a wait for work.
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
  }

  // Every commit since, one state at a time: the main file as it is (the
  // pinned reader kept the traffic's pages out of it) and the log up to
  // that commit.
  const std::string db = ReadAll(db_path), wal = ReadAll(wal_path);
  const std::vector<size_t> ends = CommitEnds(wal);
  ASSERT_GT(ends.size(), commits_before + 6 * 3) << "the traffic's commits are not in the log";
  std::map<std::string, std::string> found;  // value -> where, for the message
  for (size_t i = commits_before; i < ends.size(); ++i) {
    const std::string state = dir.path() + "/state-" + std::to_string(i);
    ASSERT_EQ(::mkdir(state.c_str(), 0700), 0);
    WriteFile(state + "/db", db);
    WriteFile(state + "/db-wal", wal.substr(0, ends[i]));
    TimeValues now = ReadTimeValues(state + "/db", &error);
    ASSERT_EQ(error, "") << "commit " << i;
    TimeValues left = before;
    for (const auto& v : now) {
      auto it = left.find(v);
      if (it != left.end()) {
        left.erase(it);
      } else {
        found[v.first + " = " + v.second] = "commit " + std::to_string(i);
      }
    }
  }
  for (const auto& [what, when] : found)
    ADD_FAILURE() << "a time at rest: " << what << " (" << when << ")";

  // Once the traffic has stopped (and nothing holds the log), the log is
  // copied into the file and emptied; the file holds no time of the
  // traffic either.
  sqlite3_exec(pin, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(pin);
  EXPECT_TRUE(Eventually([&] { return FileSize(wal_path) == 0; }))
      << "the log still holds " << FileSize(wal_path) << " bytes";
  const std::string after_dir = dir.path() + "/after";
  ASSERT_EQ(::mkdir(after_dir.c_str(), 0700), 0);
  WriteFile(after_dir + "/db", ReadAll(db_path));
  TimeValues after = ReadTimeValues(after_dir + "/db", &error);
  ASSERT_EQ(error, "");
  for (const auto& v : before) {
    if (auto it = after.find(v); it != after.end()) after.erase(it);
  }
  for (const auto& v : after) ADD_FAILURE() << "a time at rest: " << v.first << " = " << v.second;
  EXPECT_EQ(s.Stop(), 0);
}

}  // namespace
}  // namespace portsafe::testing
