#!/usr/bin/env bash
# The handlers' queue with a million reports stored (issue: staff reads that
# scale). Files REPORTS generated reports into a fresh SQLite instance and
# indexes their links (build/bench/link_bench: the reports name containers,
# vehicles and phones from shared pools, so most of them are linked), starts
# `portsafe serve` on it with a handler holding the service key, waits until
# the server has loaded the queue's link graph, then runs READERS clients
# reading the queue for SECONDS: half walk PAGES pages of the API (its Link
# header), half PAGES pages of the HTML queue (its "next" link). Prints the
# p50 and p99 of each kind of page, how long the graph took to load, and the
# server's memory: before the readers, and its peak while they read, both as
# the heap (RssAnon, sampled every 200 ms) and in all (VmHWM, which also
# counts SQLite's memory-mapped database: file pages the kernel can drop).
#
#   bash bench/queue_bench.sh                           # 1,000,000 reports, 8 readers, 60 s
#   REPORTS=100000 SECONDS_READING=20 bash bench/queue_bench.sh
#   INSTANCE=/tmp/q1m bash bench/queue_bench.sh           # keep the instance there, and
#                                                          # reuse it when it is there
#
# Exits 1 if a page failed, or (with a million reports) if a p99 reached
# 100 ms or the heap's peak its bound (docs/performance.md): 30 MiB, 200
# bytes a linked report, 250 bytes an open report with a text sketch (the
# near-identical groups), and 256 MiB of SQLite page cache.
# Listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${REPORTS:-1000000}"
readers="${READERS:-8}"
secs="${SECONDS_READING:-60}"
pages="${PAGES:-5}"
bash scripts/install_deps.sh build test bench >/dev/null
if [[ ! -f build/build.ninja ]] || ! grep -q "PORTSAFE_BENCH:BOOL=ON" build/CMakeCache.txt ||
  ! grep -q "PORTSAFE_TESTS:BOOL=ON" build/CMakeCache.txt; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTSAFE_TESTS=ON \
    -DPORTSAFE_BENCH=ON -DPORTSAFE_UNITY=ON >/dev/null
fi
ninja -C build -j"${JOBS:-2}" portsafe link_bench attack_load >/dev/null

work=$(mktemp -d /tmp/portsafe-queue-bench-XXXXXX)
instance="${INSTANCE:-$work/i}"
port=18393
cleanup() {
  [[ -n "${ps_pid:-}" ]] && kill "$ps_pid" 2>/dev/null && wait "$ps_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

printf 'a long handler password\n' > "$work/pw"
if [[ ! -f "$instance/handler.uri" ]]; then
  echo "filing $reports reports and indexing their links (build/bench/link_bench)..."
  build/bench/link_bench --reports "$reports" --lookups 100 --dir "$instance" --keep |
    grep -E '^(filed|bulk)'
  ./build/portsafe user add --data "$instance/data" --role handler \
    --email handler@queue.test --password-file "$work/pw" --holder-chose-password \
    --recovery-key-file "$instance/recovery.key" | grep -o 'otpauth://[^ ]*' \
    > "$instance/handler.uri"
fi
uri=$(cat "$instance/handler.uri")
./build/portsafe serve --data "$instance/data" --listen "127.0.0.1:$port" \
  --log-file "$work/ps.log" >/dev/null &
ps_pid=$!
# Starting may take minutes when the link index's rules changed: the old
# index is emptied first.
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  kill -0 "$ps_pid" 2>/dev/null || { echo "queue_bench: the server did not start" >&2; exit 1; }
  sleep 0.2
done
# A first sign-in hands the worker the key: it loads the link graph.
start=$(date +%s)
./build/tests/attack_load queue --port "$port" --seconds 1 --clients 1 --pages 1 \
  --email handler@queue.test --password-file "$work/pw" --totp-uri "$uri" >/dev/null
until grep -q 'queue link graph loaded' "$work/ps.log"; do
  kill -0 "$ps_pid" 2>/dev/null || { echo "queue_bench: the server died" >&2; exit 1; }
  sleep 1
done
loaded=$(( $(date +%s) - start ))
grep -o '"linked_reports":[0-9]*,"raised":[0-9]*' "$work/ps.log" | tail -1 |
  sed "s/^/link graph loaded in ${loaded} s: /"
rss=$(awk '$1 ~ /^(VmRSS|RssAnon|RssFile):$/ {printf "%s %d MiB ", $1, $2 / 1024}' \
  "/proc/$ps_pid/status")
echo "server memory before the readers: $rss"
sleep 31  # a new one-time code for the readers' sign-in
echo 5 > "/proc/$ps_pid/clear_refs"  # VmHWM from here on
(
  most=0
  while kill -0 "$ps_pid" 2>/dev/null; do
    now=$(awk '$1 == "RssAnon:" {print $2}' "/proc/$ps_pid/status" 2>/dev/null || echo 0)
    ((now > most)) && most=$now && echo "$most" > "$work/anon_peak"
    sleep 0.2
  done
) &
sampler=$!
./build/tests/attack_load queue --port "$port" --seconds "$secs" --clients "$readers" \
  --pages "$pages" --email handler@queue.test --password-file "$work/pw" --totp-uri "$uri" \
  | tee "$work/readers.out"
rc=${PIPESTATUS[0]}
kill "$sampler" 2>/dev/null || true
peak=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$ps_pid/status")
anon=$(cat "$work/anon_peak")
echo "server peak memory while $readers clients read: heap (RssAnon) $((anon / 1024)) MiB," \
  "in all (VmHWM, with the mapped database) $((peak / 1024)) MiB"
if ((rc != 0)); then
  echo "queue_bench: a page failed"
  exit 1
fi
# The groups of near-identical reports look at every open report: one
# handler reads them for 10 s (after a new one-time code).
sleep 31
./build/tests/attack_load groups --port "$port" --seconds 10 --clients 1 \
  --email handler@queue.test --password-file "$work/pw" --totp-uri "$uri" \
  || { echo "queue_bench: a read of the groups failed"; exit 1; }
if ((reports >= 1000000)); then
  worst=$(grep -oE 'p99 [0-9.]+' "$work/readers.out" | awk '{print $2}' | sort -n | tail -1)
  linked=$(grep -o '"linked_reports":[0-9]*' "$work/ps.log" | tail -1 | cut -d: -f2)
  sketched=$(grep -o '"sketched_open_reports":[0-9]*' "$work/ps.log" | tail -1 | cut -d: -f2)
  bound=$((30 * 1024 + linked * 200 / 1024 + sketched * 250 / 1024 + 256 * 1024))  # KiB
  echo "heap bound with $linked linked reports and $sketched sketched open ones:" \
    "$((bound / 1024)) MiB"
  if awk -v p="$worst" 'BEGIN {exit !(p >= 100)}' || ((anon >= bound)); then
    echo "queue_bench: OVER the targets (p99 under 100 ms, heap within its bound)"
    exit 1
  fi
fi
