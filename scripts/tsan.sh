#!/usr/bin/env bash
# The unit and integration tests under ThreadSanitizer (clang 16): builds
# build-tsan and runs every CTest test in it (the integration tests start the
# TSan-built server; a report in its standard error fails ShutdownTest, and a
# report in a test process fails that test). scripts/test.sh runs it as its
# stage 3. Usage: scripts/tsan.sh [ctest arguments, e.g. -L unit]
# -O1 with line tables only: TSan needs no more to name file and line, and the
# build costs about half of -O2 -g on two cores. The program's files are
# compiled a dozen at a time (PORTSAFE_UNITY), in less than half the CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install_deps.sh build tsan
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
  -DCMAKE_EXE_LINKER_FLAGS="--ld-path=/usr/bin/ld.lld-16" \
  -DPORTSAFE_TSAN=ON -DPORTSAFE_TESTS=ON -DPORTSAFE_UNITY=ON >/dev/null
ninja -C build-tsan -j"${JOBS:-2}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp external_symbolizer_path=/usr/lib/llvm-16/bin/llvm-symbolizer"
ctest --test-dir build-tsan --output-on-failure -j"${JOBS:-2}" --timeout 900 "$@"
