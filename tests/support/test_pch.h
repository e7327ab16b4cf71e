// The headers every test file pays for (GoogleTest, gMock, Boost.JSON and
// the standard library), precompiled once in the clang builds and reused by
// every test binary (tests/CMakeLists.txt).
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>
