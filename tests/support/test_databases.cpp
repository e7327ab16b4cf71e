#include "support/test_databases.h"

#include <cstdlib>
#include <fstream>

#include "crypto/sodium.h"
#include "store/pg_conn.h"

namespace portsafe::testing {

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

Result<std::string> TestPostgresUrl() {
  if (const char* env = std::getenv("PORTSAFE_TEST_PG_URL"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  std::ifstream in(std::string(PORTSAFE_TEST_PG_DIR) + "/url");
  std::string url;
  if (in && std::getline(in, url) && !url.empty()) return url;
  return NotFound(std::string("no PostgreSQL test cluster: run the test through CTest, or start "
                              "one with scripts/pg_cluster.sh start ") +
                  PORTSAFE_TEST_PG_DIR);
}

Result<std::unique_ptr<PgSchema>> PgSchema::Create() {
  auto base = TestPostgresUrl();
  if (!base.ok()) return base.error();
  auto conn = store::PgConn::Open(*base);
  if (!conn.ok()) return conn.error();
  const std::string name = "t_" + crypto::ToHex(crypto::RandomBytes(8));
  if (auto st = (*conn)->Exec(("CREATE SCHEMA " + name).c_str()); !st.ok()) return st.error();
  std::string url = *base + (base->find('?') == std::string::npos ? "?" : "&") +
                    "options=-c%20search_path%3D" + name;
  return std::unique_ptr<PgSchema>(new PgSchema(*base, name, url));
}

PgSchema::~PgSchema() {
  auto conn = store::PgConn::Open(base_);
  if (conn.ok()) (void)(*conn)->Exec(("DROP SCHEMA " + name_ + " CASCADE").c_str());
}

}  // namespace portsafe::testing
