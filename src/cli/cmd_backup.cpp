// `portsafe backup` and `portsafe restore`: the whole database to one file
// and back, for SQLite and PostgreSQL alike (store/backup.h).
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "common/fs.h"
#include "service/instance.h"
#include "store/backup.h"
#include "store/pg_conn.h"

namespace portsafe::cli {

int RunBackup(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, out;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "out", po::value(&out)->required(), "the backup file to write (must not exist)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(
          args, desc,
          "Usage: portsafe backup --data DIR --out FILE\n\n"
          "Writes every report, account, agency, audit entry, figure and index row of the\n"
          "instance's database (SQLite or PostgreSQL) to FILE (mode 0600), as of one moment,\n"
          "while the server keeps running. The file holds ciphertext and wrapped keys but no\n"
          "key that opens them: keep DIR's instance.key and the recovery key files apart.\n"
          "Staff sessions are left out (after a restore, everyone signs in again).",
          &vm, &code)) {
    return code;
  }
  if (fs::Exists(out)) {
    std::cerr << "portsafe backup: " << out << " exists; refusing to overwrite it\n";
    return 1;
  }
  auto inst = OpenOrSay(data, "backup");
  if (!inst) return 1;
  // Written beside the target and renamed when whole: a backup that stopped
  // half way never has the name of a good one.
  const std::string partial = out + ".partial";
  std::remove(partial.c_str());
  if (auto st = fs::WriteNewFile(partial, "", 0600); !st.ok()) {
    std::cerr << "portsafe backup: " << st.error().message() << "\n";
    return 1;
  }
  Status st;
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    st = store::WriteBackup(inst->store.get(), inst->keys.service_public_key, file);
  }
  if (st.ok() && std::rename(partial.c_str(), out.c_str()) != 0) {
    st = Unavailable("cannot name the backup " + out);
  }
  if (!st.ok()) {
    std::remove(partial.c_str());
    std::cerr << "portsafe backup: " << st.error().message() << "\n";
    return 1;
  }
  std::cout << "Backup written to " << out << "\n";
  return 0;
}

int RunRestore(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data, in, database;
  desc.add_options()("help,h", "show this help")(
      "data", po::value(&data)->required(),
      "data directory holding the instance's key files (instance.key, service.pub) and no "
      "database yet")("in", po::value(&in)->required(), "the backup file to read")(
      "database", po::value(&database),
      "an empty PostgreSQL database to restore into, postgresql://... (recorded in "
      "DIR/portsafe.conf; default: the one DIR's portsafe.conf names, else a new SQLite file "
      "in DIR)");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(
          args, desc,
          "Usage: portsafe restore --data DIR --in FILE [--database postgresql://...]\n\n"
          "Restores a backup made by `portsafe backup` into a new database: SQLite in DIR,\n"
          "or an empty PostgreSQL database (either kind of backup into either kind of\n"
          "database). DIR must already hold the instance's key files, restored from where\n"
          "they are kept; the backup is refused if they belong to another instance. All or\n"
          "nothing: a damaged backup leaves no database behind.",
          &vm, &code)) {
    return code;
  }
  auto keys = service::LoadInstanceKeys(data);
  if (!keys.ok()) {
    std::cerr << "portsafe restore: " << keys.error().message()
              << " (restore the key files into it first)\n";
    return 1;
  }
  auto location = service::DatabaseLocation(data, database);
  if (!location.ok()) {
    std::cerr << "portsafe restore: " << location.error().message() << "\n";
    return 2;
  }
  const bool sqlite = !store::IsPostgresUrl(*location);
  if (sqlite && fs::Exists(*location)) {
    std::cerr << "portsafe restore: " << *location
              << " exists; restore into a data directory without a database\n";
    return 1;
  }
  std::ifstream file(in, std::ios::binary);
  if (!file) {
    std::cerr << "portsafe restore: cannot read " << in << "\n";
    return 1;
  }
  Status st;
  {
    auto store = store::SqlStore::Open(*location);
    st = store.ok() ? store::RestoreBackup(store->get(), keys->service_public_key, file)
                    : Status(store.error());
  }
  if (!st.ok()) {
    if (sqlite) {  // nothing half-made is left behind
      for (const char* suffix : {"", "-wal", "-shm"}) std::remove((*location + suffix).c_str());
    }
    std::cerr << "portsafe restore: " << st.error().message() << "\n";
    return 1;
  }
  if (!database.empty()) {
    auto written =
        fs::ReplaceFile(data + "/portsafe.conf", service::FormatInstanceConfig({database}), 0600);
    if (!written.ok()) {
      std::cerr << "portsafe restore: " << written.error().message() << "\n";
      return 1;
    }
  }
  std::cout << "Restored " << in << " into " << (sqlite ? *location : "the PostgreSQL database")
            << "\n";
  return 0;
}

}  // namespace portsafe::cli
