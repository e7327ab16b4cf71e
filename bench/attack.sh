#!/usr/bin/env bash
# The reporting site under attack, with reporters using it at the same time.
#
#   bash bench/attack.sh                    # 60 s per phase
#   PHASE_SECONDS=10 bash bench/attack.sh   # the test command's short run
#
# Starts `portsafe serve` (a fresh SQLite instance, a handler account) and,
# in every phase, the paced reporter workload of build/attack_load (one
# request every 100 ms through the real forms: pages, a report, a follow-up
# message with a receipt, the health check). Beside it, one attack per phase:
#   baseline   nothing
#   slowloris  slowhttptest -H: hundreds of connections sending their head
#              a line at a time
#   slowbody   slowhttptest -B: hundreds of bodies sent a few bytes at a time
#   slowread   slowhttptest -X: hundreds of clients reading answers slowly
#   bombs      8 clients uploading JPEG scan bombs and HEIC files that claim
#              40 megapixels, two to a report
#   signin     64 clients posting wrong passwords for made-up addresses,
#              while the handler signs in (each must succeed within 2 s)
#   junk       16 clients sending junk reports as fast as they can
# For each phase it prints the workload's p50, p99 and errors, and the
# server's peak resident memory in that phase (VmHWM, reset between
# phases). Exits 1 if any legitimate request failed, or (in a run of 60 s
# phases) if a p99 reached 1 s or the peak memory 512 MiB. Everything
# listens on 127.0.0.1 only and stops at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${PHASE_SECONDS:-60}"
bash scripts/install_deps.sh build test >/dev/null
if [[ ! -f build/build.ninja ]] || ! grep -q "PORTSAFE_TESTS:BOOL=ON" build/CMakeCache.txt; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTSAFE_TESTS=ON \
    -DPORTSAFE_UNITY=ON >/dev/null
fi
ninja -C build -j"${JOBS:-2}" portsafe portsafe-media attack_load >/dev/null

work=$(mktemp -d /tmp/portsafe-attack-XXXXXX)
port=18391
cleanup() {
  [[ -n "${ps_pid:-}" ]] && kill "$ps_pid" 2>/dev/null && wait "$ps_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

./build/portsafe init --data "$work/data" --recovery-key-out "$work/recovery.key" \
  --public-url https://portsafe.test >/dev/null
printf 'a long handler password\n' > "$work/pw"
uri=$(./build/portsafe user add --data "$work/data" --role handler --email handler@attack.test \
  --password-file "$work/pw" --holder-chose-password | grep -o 'otpauth://[^ ]*')
./build/portsafe serve --data "$work/data" --listen "127.0.0.1:$port" \
  --log-file "$work/ps.log" >/dev/null &
ps_pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
# A reporter's receipt for the follow-up messages of one phase: a phase of
# 60 s sends 120 of them, and a thread takes at most 200 from the reporter
# (src/core/limits.h), so each phase has a report of its own.
new_receipt() {
  receipt=$(curl -fs -H 'Content-Type: application/json' \
    -d '{"port":"GBFXT","category":"drugs","description":"a van at the gate"}' \
    "http://127.0.0.1:$port/api/v1/reports" | sed -E 's/.*"receipt":"([^"]+)".*/\1/')
  [[ -n "$receipt" ]] || { echo "attack: the phase's report was not taken" >&2; exit 1; }
}

# A HEIC file that claims 6,500 x 6,150 pixels (under the 40 megapixel
# limit): the test image with its 'ispe' box rewritten.
python3 - "$work/claims-40mp.heic" <<'PY'
import struct, sys
data = bytearray(open("tests/testdata/media/marked.heic", "rb").read())
at = data.find(b"ispe")
while at >= 0:
    struct.pack_into(">II", data, at + 8, 6500, 6150)
    at = data.find(b"ispe", at + 4)
open(sys.argv[1], "wb").write(data)
PY

url="http://127.0.0.1:$port"
failed=0
printf '%-10s %-90s %s\n' phase workload "peak RSS"
run_phase() {
  local name=$1
  shift
  new_receipt
  echo 5 > "/proc/$ps_pid/clear_refs"  # resets VmHWM: the peak of this phase alone
  ./build/tests/attack_load workload --port "$port" --seconds "$secs" --receipt "$receipt" \
    > "$work/workload.out" 2>&1 &
  local wl=$!
  local attack_rc=0
  if (($#)); then "$@" > "$work/attack.out" 2>&1 || attack_rc=$?; fi
  local wl_rc=0
  wait "$wl" || wl_rc=$?
  local hwm
  hwm=$(awk '$1 == "VmHWM:" {printf "%d MiB", $2 / 1024}' "/proc/$ps_pid/status")
  printf '%-10s %-90s %s\n' "$name" "$(cat "$work/workload.out")" "$hwm"
  if (($#)); then sed 's/^/           /' "$work/attack.out" | grep -v '^ *$' | tail -3; fi
  if ((wl_rc != 0 || attack_rc != 0)); then
    echo "           FAILED (workload exit $wl_rc, attack exit $attack_rc)"
    failed=1
  fi
  if ((secs >= 60)); then
    local p99 peak
    p99=$(grep -oE 'p99 [0-9.]+' "$work/workload.out" | awk '{print $2}')
    peak=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$ps_pid/status")
    if awk -v p="$p99" 'BEGIN {exit !(p >= 1000)}' || ((peak >= 512 * 1024)); then
      echo "           OVER the targets (p99 under 1 s, peak under 512 MiB)"
      failed=1
    fi
  fi
  kill -0 "$ps_pid" 2>/dev/null || { echo "attack: the server died" >&2; exit 1; }
}
slow() {  # slowhttptest for the phase: -H slowloris, -B slow body, -X slow read
  local mode=$1
  local extra=()
  [[ $mode == -X ]] && extra=(-k 2 -w 10 -y 20 -n 5 -z 32)
  [[ $mode == -B ]] && extra=(-s 8192)
  slowhttptest "$mode" -c 500 -r 100 -i 5 -l "$secs" -t POST -u "$url/report" \
    -p 3 "${extra[@]}" > "$work/slow.out" 2>&1 || true
  # Its status lines, without their colours: the most connections it held
  # open at once, and its own probe's verdict at the end.
  sed 's/\x1b\[[0-9;]*m//g' "$work/slow.out" | awk -v mode="$mode" '
    /^connected:/ { if ($2 > most) most = $2 }
    /^service available:/ { available = $3 }
    END { printf "slowhttptest %s: up to %d connections open at once (of 500 opened at 100 a second); its probe: service available %s\n", mode, most, available }'
  if sed 's/\x1b\[[0-9;]*m//g' "$work/slow.out" | grep -q '^service available: *NO'; then
    return 1
  fi
}

run_phase baseline
run_phase slowloris slow -H
run_phase slowbody slow -B
run_phase slowread slow -X
run_phase bombs ./build/tests/attack_load bombs --port "$port" --seconds "$secs" --clients 8 \
  --heic "$work/claims-40mp.heic"
run_phase signin ./build/tests/attack_load signin --port "$port" --seconds "$secs" --clients 64 \
  --email handler@attack.test --password-file "$work/pw" --totp-uri "$uri"
run_phase junk ./build/tests/attack_load junk --port "$port" --seconds "$secs" --clients 16

if grep -qiE '"level":"error"' "$work/ps.log"; then
  echo "attack: the server logged errors:"; grep -iE '"level":"error"' "$work/ps.log" | head -5
  failed=1
fi
exit "$failed"
