#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs
# every test:
#   0. formatting (clang-format) and docs/openapi.yaml (Redocly CLI)
#   1. every unit and integration test (GoogleTest via CTest; the
#      integration tests start the real `portsafe serve` on port 0) under
#      ThreadSanitizer (clang 16; scripts/tsan.sh)
#   2. the program as shipped (gcc, hardened: checked), and the
#      clock-dependent suites under faketime at four moments
#   3. the unit tests and the graceful stop under AddressSanitizer +
#      UndefinedBehaviorSanitizer, and a short libFuzzer run of every target
#   4. browser tests in Debian's Chromium (Playwright, axe-core)
#   5. half the maximum intake held for 30 s (bench/soak.sh: no errors, the
#      heap does not grow by more than 10%; the 10-minute run is documented
#      in docs/performance.md)
#   6. the site under attack (bench/attack.sh, 10 s a phase: slowloris, slow
#      bodies, slow reads, scan bombs, a sign-in flood, junk reports) while a
#      paced reporter workload runs: no legitimate request may fail
# FUZZ_SECONDS (default 10) sets the time per fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}"
export JOBS="${JOBS:-2}"
fuzz_seconds="${FUZZ_SECONDS:-10}"
logdir=$(mktemp -d /tmp/portsafe-test-logs-XXXXXX)
started=$SECONDS
stage() { echo "== $* (at $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s)"; }
passed=0
failed=0

ctest_counts() {  # adds "N tests passed/failed" from a CTest log
  local line
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$1" | tail -1)
  local total fail
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
  fail=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
  passed=$((passed + total - fail))
  failed=$((failed + fail))
  # The names, repeated at the end: the tail is what a reader sees first.
  sed -n '/The following tests FAILED/,/^$/p' "$1" | grep -E "^\s+[0-9]+ - " |
    sed "s|^|  $(basename "$1" .log):|" >>"$logdir/failures" || true
}
failure() { echo "  $*" >>"$logdir/failures"; }

stage "installing dependencies"
bash scripts/install_deps.sh build test

stage "stage 0: formatting (.clang-format)"
mapfile -t sources < <(git ls-files 'src/*.h' 'src/*.cpp' 'tests/*.h' 'tests/*.cpp' 'fuzz/*.cpp' 'bench/*.cpp')
if clang-format --dry-run --Werror "${sources[@]}" 2>"$logdir/format.log"; then
  passed=$((passed + 1))
else
  echo "not formatted (run: clang-format -i <file>):"; grep -oE "^[^:]+\.(h|cpp)" "$logdir/format.log" | sort -u
  failed=$((failed + 1)); failure "formatting"
fi

stage "stage 0: docs/openapi.yaml against the OpenAPI specification (Redocly CLI)"
if (cd tools/openapi &&
    if [[ ! -d node_modules/@redocly/cli || package-lock.json -nt node_modules/.package-lock.json ]]; then
      npm ci --no-audit --no-fund --loglevel=error
    fi &&
    npx --no-install redocly lint --config redocly.yaml ../../docs/openapi.yaml) \
    >"$logdir/openapi.log" 2>&1; then
  echo "openapi: valid"
  passed=$((passed + 1))
else
  echo "openapi: NOT valid"; tail -40 "$logdir/openapi.log"
  failed=$((failed + 1)); failure "docs/openapi.yaml"
fi

stage "stage 1: unit and integration tests under ThreadSanitizer"
# Every unit and integration test, built with clang 16 and TSan (the
# integration tests start the TSan-built server; scripts/tsan.sh).
set +e
bash scripts/tsan.sh 2>&1 | tee "$logdir/ctest-tsan.log"
rc1=${PIPESTATUS[0]}
set -e
ctest_counts "$logdir/ctest-tsan.log"

stage "stage 2: the program as shipped (gcc), and the clock-dependent suites under faketime"
# The program as the demo and a deployment build it (hardened, tcmalloc,
# its files compiled a dozen at a time: a fifth of the CPU time of one at a
# time with gcc at -O2),
# for the hardening check, the browser tests and the held load; and the test
# binaries of the clock-dependent suites: libfaketime cannot be loaded into
# a sanitizer's process (both intercept the clock), so those run here.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTSAFE_TESTS=ON \
  -DPORTSAFE_UNITY=ON >/dev/null
ninja -C build -j"$JOBS" portsafe core_test clock_suites_test integration_membership_test attack_load
set +e
ctest --test-dir build -R '^binary_hardening$' --output-on-failure 2>&1 | tee "$logdir/ctest-hardening.log"
rc1=$((rc1 | PIPESTATUS[0]))
set -e
ctest_counts "$logdir/ctest-hardening.log"
# Unit tests move a ManualClock, so the machine's date must not matter to
# them; the integration tests' server reads the machine's clock, faked here
# for the test and the server alike (libfaketime's offset is shared with
# child processes). The four moments: the last seconds of a year, the first
# of the next, a leap day, and a month's last second. Only the wall clock is
# faked: libfaketime does not translate condition-variable waits on the
# monotonic clock, which would then wait for the offset.
clock_suites='^(FiguresTest|DatesTest|ClocksTest|MembershipTest|RetentionTest|HandlingTest|LeasedJobTest|ManualClockTest)\.'
rc1b=0
for moment in "2026-12-31 23:59:30" "2027-01-01 00:00:30" "2028-02-29 12:00:00" "2027-06-30 23:59:59"; do
  echo "-- at $moment UTC"
  set +e
  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$moment" \
    ctest --test-dir build -R "$clock_suites" -FA pg --timeout 300 --output-on-failure \
    -j"$JOBS" >"$logdir/faketime.log" 2>&1
  rc=$?
  set -e
  grep -E "tests passed|\*\*\*Failed|Failed  " "$logdir/faketime.log" || true
  if [[ $rc -ne 0 ]]; then rc1b=1; tail -60 "$logdir/faketime.log"; fi
  ctest_counts "$logdir/faketime.log"
done

# The sanitizer builds use clang 16: clang 14 cannot compile the server's
# coroutines with ASan, and these builds run the server too. Line tables
# only (-g1): reports keep file and line, the build is faster. Linked with
# lld (lld-16), which links the instrumented binaries in a fraction of ld's time.
stage "stage 3: unit tests and the graceful stop under ASan+UBSan, and fuzzing"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-16 \
  -DCMAKE_CXX_FLAGS_DEBUG="-g1" -DCMAKE_EXE_LINKER_FLAGS="--ld-path=/usr/bin/ld.lld-16" \
  -DPORTSAFE_SANITIZE=ON -DPORTSAFE_FUZZ=ON -DPORTSAFE_TESTS=ON -DPORTSAFE_UNITY=ON >/dev/null
ninja -C build-asan -j"$JOBS"
set +e
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -L unit --output-on-failure -j"$JOBS" 2>&1 | tee "$logdir/ctest-asan.log"
rc2=${PIPESTATUS[0]}
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -R '^ShutdownTest\.' -FA pg --output-on-failure 2>&1 |
  tee "$logdir/ctest-asan-stop.log"
rc2=$((rc2 | PIPESTATUS[0]))
set -e
ctest_counts "$logdir/ctest-asan.log"
ctest_counts "$logdir/ctest-asan-stop.log"

# Each fuzz target for FUZZ_SECONDS, $JOBS at a time.
fuzz_one() {
  local target=$1 work
  work=$(mktemp -d /tmp/portsafe-fuzz-XXXXXX)
  # -timeout: one input that runs for 20 s is a hang and fails the target at
  # once (libFuzzer's default waits 20 minutes); `timeout` bounds the whole run.
  if ASAN_OPTIONS=detect_leaks=1 timeout --kill-after=10 $((fuzz_seconds + 90)) \
      "build-asan/fuzz/${target}_fuzz" -max_total_time="$fuzz_seconds" -timeout=20 \
      -rss_limit_mb=2048 -print_final_stats=0 "$work" "fuzz/corpus/$target" >"$logdir/fuzz-$target.log" 2>&1; then
    echo "fuzz $target: ok ($(grep -c '' "$logdir/fuzz-$target.log") log lines, ${fuzz_seconds}s)"
  else
    echo "fuzz $target: FAILED"; tail -40 "$logdir/fuzz-$target.log"
    touch "$logdir/fuzz-$target.failed"
  fi
  rm -rf "$work"
}
targets=(form multipart json receipt cleaner_output staff_input identifying membership extract stored_state jpeg_scans)
for ((i = 0; i < ${#targets[@]}; i += JOBS)); do
  for target in "${targets[@]:i:JOBS}"; do fuzz_one "$target" & done
  wait
done
rc3=0
for target in "${targets[@]}"; do
  if [[ -e "$logdir/fuzz-$target.failed" ]]; then failed=$((failed + 1)); rc3=1; failure "fuzz $target"; else passed=$((passed + 1)); fi
done

stage "stage 4: browser tests (Chromium)"
set +e
bash tests/browser/run.sh 2>&1 | tee "$logdir/browser.log"
rc4=${PIPESTATUS[0]}
set -e
b_pass=$(grep -E "^# pass [0-9]+" "$logdir/browser.log" | awk '{n += $3} END {print n + 0}')
b_fail=$(grep -E "^# fail [0-9]+" "$logdir/browser.log" | awk '{n += $3} END {print n + 0}')
passed=$((passed + ${b_pass:-0}))
failed=$((failed + ${b_fail:-0}))
if [[ $rc4 -ne 0 && ${b_fail:-0} -eq 0 ]]; then failed=$((failed + 1)); fi
grep -E "^not ok " "$logdir/browser.log" | sed "s|^|  browser: |" >>"$logdir/failures" || true

stage "stage 5: held load (30 s)"
set +e
MINUTES=0.5 bash bench/soak.sh 2>&1 | tee "$logdir/soak.log"
rc5=${PIPESTATUS[0]}
set -e
if [[ $rc5 -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); failure "held load"; fi

stage "stage 6: the site under attack, with reporters using it (10 s a phase)"
set +e
PHASE_SECONDS=10 bash bench/attack.sh 2>&1 | tee "$logdir/attack.log"
rc6=${PIPESTATUS[0]}
set -e
if [[ $rc6 -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); failure "site under attack"; fi

echo
if [[ -s "$logdir/failures" ]]; then echo "failed:"; cat "$logdir/failures"; fi
rm -rf "$logdir"
echo "took $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s"
echo "summary: $passed passed, $failed failed"
if [[ $rc1 -ne 0 || $rc1b -ne 0 || $rc2 -ne 0 || ${rc2t:-0} -ne 0 || $rc3 -ne 0 || $rc4 -ne 0 || $rc5 -ne 0 || $rc6 -ne 0 || $failed -ne 0 ]]; then
  exit 1
fi
