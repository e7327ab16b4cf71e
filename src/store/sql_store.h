// The SQL store: one shared database (sql_database.h: the connection, its
// writer thread and read pool) and one store per interface over it. Where a
// row is written:
//   SqlReportStore      (Store)            sql_report_store.cpp
//   SqlStaffStore       (StaffStore)       sql_staff_store.cpp
//   SqlMembershipStore  (MembershipStore)  sql_membership_store.cpp
//   SqlLinkStore        (LinkStore)        sql_link_store.cpp
//   SqlClusterStore     (ClusterStore)     sql_cluster_store.cpp
//   SqlAlertStore       (AlertStore)       sql_alert_store.cpp
// The services are given the one interface each needs (service/services.h).
//
// Owns the database and the stores; destroys the stores first. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store/sql_alert_store.h"
#include "store/sql_cluster_store.h"
#include "store/sql_database.h"
#include "store/sql_link_store.h"
#include "store/sql_membership_store.h"
#include "store/sql_report_store.h"
#include "store/sql_staff_store.h"

namespace portsafe::store {

class SqlStore {
 public:
  // As SqlDatabase::OpenSqlite, OpenPostgres and Open.
  static Result<std::unique_ptr<SqlStore>> OpenSqlite(const std::string& path,
                                                      SqlOptions options = {});
  static Result<std::unique_ptr<SqlStore>> OpenPostgres(const std::string& url,
                                                        SqlOptions options = {});
  static Result<std::unique_ptr<SqlStore>> Open(const std::string& location,
                                                SqlOptions options = {});
  explicit SqlStore(std::unique_ptr<SqlDatabase> db);
  SqlStore(const SqlStore&) = delete;
  SqlStore& operator=(const SqlStore&) = delete;
  ~SqlStore();  // Close()

  SqlReportStore& reports() { return reports_; }
  SqlStaffStore& staff() { return staff_; }
  SqlMembershipStore& membership() { return membership_; }
  SqlLinkStore& links() { return links_; }
  SqlClusterStore& cluster() { return cluster_; }
  SqlAlertStore& alerts() { return alerts_; }
  SqlDatabase& database() { return *db_; }

  Dialect dialect() const { return db_->dialect(); }
  // As SqlDatabase::Snapshot, Transaction and Close.
  Status Snapshot(const std::function<Status(Conn&)>& fn) { return db_->Snapshot(fn); }
  Status Transaction(SqlDatabase::Apply fn) { return db_->Transaction(std::move(fn)); }
  void Close() { db_->Close(); }

 private:
  std::unique_ptr<SqlDatabase> db_;  // first: outlives the stores
  SqlReportStore reports_;
  SqlStaffStore staff_;
  SqlMembershipStore membership_;
  SqlLinkStore links_;
  SqlClusterStore cluster_;
  SqlAlertStore alerts_;
};

}  // namespace portsafe::store
