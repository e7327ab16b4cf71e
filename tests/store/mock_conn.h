#pragma once

#include <gmock/gmock.h>

#include "store/sql_conn.h"

namespace portsafe::store {

class MockStatement : public Statement {
 public:
  MockStatement();
  ~MockStatement() override;
  MOCK_METHOD(void, BindText, (int, std::string_view), (override));
  MOCK_METHOD(void, BindBlob, (int, std::string_view), (override));
  MOCK_METHOD(void, BindInt, (int, std::int64_t), (override));
  MOCK_METHOD(int, Step, (), (override));
  MOCK_METHOD(std::string, Text, (int), (const, override));
  MOCK_METHOD(std::int64_t, Int, (int), (const, override));
  MOCK_METHOD(void, Reset, (), (override));
};

class MockConn : public Conn {
 public:
  MockConn();
  ~MockConn() override;
  MOCK_METHOD(Dialect, dialect, (), (const, override));
  MOCK_METHOD(Result<Statement*>, Prepare, (const char*), (override));
  MOCK_METHOD(Status, Exec, (const char*), (override));
  MOCK_METHOD(std::string, LastError, (), (const, override));
  MOCK_METHOD(std::int64_t, Changes, (), (const, override));
  MOCK_METHOD(Status, Begin, (), (override));
  MOCK_METHOD(Status, LockFor, (std::string_view), (override));
  MOCK_METHOD(bool, Healthy, (), (const, override));
  MOCK_METHOD(bool, Reconnect, (), (override));
  MOCK_METHOD(Status, SetSecureDelete, (bool), (override));
};

}  // namespace portsafe::store
