#!/usr/bin/env bash
# The link index at scale (bench/link_bench.cpp): files REPORTS generated
# reports into a fresh instance, rebuilds the whole index as after a change of
# the extraction rules (reports/s), then times LOOKUPS lookups of new reports
# (p50, p99, largest). RUNS more rebuilds of the same instance follow, so the
# median can be taken on this noisy machine.
#
#   bash bench/link_bench.sh                          # 1,000,000 reports, 3 rebuilds
#   REPORTS=200000 RUNS=5 bash bench/link_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${REPORTS:-1000000}"
lookups="${LOOKUPS:-10000}"
runs="${RUNS:-2}"
bash scripts/install_deps.sh build bench
if [[ ! -f build/build.ninja ]] || ! grep -q "PORTSAFE_BENCH:BOOL=ON" build/CMakeCache.txt; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTSAFE_BENCH=ON >/dev/null
fi
bash scripts/build.sh link_bench >/dev/null
work=$(mktemp -d /tmp/portsafe-link-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
build/bench/link_bench --reports "$reports" --lookups "$lookups" --dir "$work/i" --keep
for ((i = 1; i <= runs; i++)); do
  build/bench/link_bench --reports "$reports" --lookups "$lookups" --dir "$work/i" --keep --reuse
done
