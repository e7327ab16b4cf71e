#!/usr/bin/env bash
# Can an outsider tell a staff address from a made-up one by the password
# reset endpoint? Times 1,000 wrong resets (POST /api/v1/account/recovery)
# against a real `portsafe serve`, shuffled among three kinds of address:
#   known     a real account, not locked (80 accounts, 4 tries each: a
#             fifth would lock its resets)
#   locked    a real account whose resets were locked by five failures
#   unknown   an address with no account
# Prints each kind's median, p10 and p90, and compares known and locked with
# unknown by the two-sample Kolmogorov-Smirnov statistic against its
# critical value at alpha = 0.01. Exits 1 if any answer differs from the
# unknown address's (status and body), or if a statistic is above its
# critical value. Listens on 127.0.0.1 only and stops at the end.
#
#   bash bench/recovery_timing.sh             # 1,000 requests
#   REQUESTS=300 bash bench/recovery_timing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${REQUESTS:-1000}"
bash scripts/install_deps.sh build test >/dev/null
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTSAFE_UNITY=ON >/dev/null
fi
ninja -C build -j"${JOBS:-2}" portsafe portsafe-media >/dev/null

work=$(mktemp -d /tmp/portsafe-recovery-XXXXXX)
port=18392
cleanup() {
  [[ -n "${ps_pid:-}" ]] && kill "$ps_pid" 2>/dev/null && wait "$ps_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

./build/portsafe init --data "$work/data" --recovery-key-out "$work/recovery.key" \
  --public-url https://portsafe.test >/dev/null
printf 'a long handler password\n' >"$work/pw"
accounts=$(((requests * 32 / 100 + 3) / 4 + 1))
for i in $(seq 0 "$accounts"); do
  ./build/portsafe user add --data "$work/data" --role handler --email "staff$i@timing.test" \
    --password-file "$work/pw" >/dev/null
done
./build/portsafe serve --data "$work/data" --listen "127.0.0.1:$port" \
  --log-file "$work/ps.log" >/dev/null &
ps_pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

python3 - "$port" "$requests" "$accounts" <<'PY'
import base64, http.client, json, math, os, random, sys, time

port, requests, accounts = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

def reset(email):
    body = json.dumps({"email": email,
                       "recovery_code": base64.b64encode(os.urandom(32)).decode(),
                       "totp": "000000", "new_password": "a long new password here"})
    start = time.perf_counter()
    conn.request("POST", "/api/v1/account/recovery", body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    answer = (r.status, r.read())
    return time.perf_counter() - start, answer

# staff0's resets are locked by five failures first; warm-up requests for
# each kind are not counted.
for _ in range(5):
    reset("staff0@timing.test")
for email in ("staff0@timing.test", "nobody-warm@timing.test", "staff1@timing.test"):
    reset(email)
known = [f"staff{i}@timing.test" for i in range(2, accounts + 1) for _ in range(4)]
known += [f"staff1@timing.test"] * 3
plan = [("known", e) for e in known[: requests * 32 // 100]]
rest = requests - len(plan)
plan += [("locked", "staff0@timing.test")] * (rest // 2)
plan += [("unknown", f"nobody{i}@timing.test") for i in range(rest - rest // 2)]
random.shuffle(plan)

times = {"known": [], "locked": [], "unknown": []}
answers = {"known": set(), "locked": set(), "unknown": set()}
for kind, email in plan:
    took, answer = reset(email)
    times[kind].append(took * 1000)
    answers[kind].add(answer)

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]

def ks(a, b):
    a, b = sorted(a), sorted(b)
    i = j = 0
    d = 0.0
    while i < len(a) and j < len(b):
        x = min(a[i], b[j])
        while i < len(a) and a[i] <= x:
            i += 1
        while j < len(b) and b[j] <= x:
            j += 1
        d = max(d, abs(i / len(a) - j / len(b)))
    return d

failed = False
print(f"{'address':8} {'n':>5} {'median ms':>10} {'p10 ms':>8} {'p90 ms':>8}  answer")
for kind in ("known", "locked", "unknown"):
    xs = times[kind]
    shown = "; ".join(f"{s} {b.decode()[:90]}" for s, b in sorted(answers[kind]))
    print(f"{kind:8} {len(xs):5} {pct(xs, .5):10.1f} {pct(xs, .1):8.1f} {pct(xs, .9):8.1f}  {shown}")
for kind in ("known", "locked"):
    if answers[kind] != answers["unknown"]:
        print(f"DIFFERENT ANSWER: {kind} vs unknown")
        failed = True
    n, m = len(times[kind]), len(times["unknown"])
    d = ks(times[kind], times["unknown"])
    critical = 1.628 * math.sqrt((n + m) / (n * m))  # alpha = 0.01
    ratio = pct(times[kind], .5) / pct(times["unknown"], .5)
    verdict = "not told apart" if d <= critical else "TOLD APART"
    print(f"{kind} vs unknown: KS D = {d:.3f} (critical {critical:.3f} at alpha 0.01), "
          f"median ratio {ratio:.3f}: {verdict}")
    failed = failed or d > critical
sys.exit(1 if failed else 0)
PY
