#!/usr/bin/env bash
# The unit and integration tests under ThreadSanitizer (clang 16): builds
# build-tsan and runs every CTest test in it (the integration tests start the
# TSan-built server, whose reports land in its standard error and fail
# ShutdownTest). Usage: scripts/tsan.sh [ctest arguments, e.g. -L unit]
# Not yet part of scripts/test.sh: the build alone takes about 15 minutes on
# two cores, which the full test command cannot afford within its 30.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install_deps.sh build tsan
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
  -DPORTSAFE_TSAN=ON -DPORTSAFE_TESTS=ON >/dev/null
ninja -C build-tsan -j"${JOBS:-2}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp external_symbolizer_path=/usr/lib/llvm-16/bin/llvm-symbolizer"
ctest --test-dir build-tsan --output-on-failure -j"${JOBS:-2}" --timeout 900 "$@"
