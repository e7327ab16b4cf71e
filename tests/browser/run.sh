#!/usr/bin/env bash
# Browser tests in Debian's Chromium: starts a fresh PortSafe instance on a
# free loopback port, runs reporter.test.mjs (node's test runner, Playwright,
# axe-core) against it, and stops it. Expects build/portsafe to exist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [[ ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
work=$(mktemp -d /tmp/portsafe-browser-XXXXXX)
cleanup() {
  if [[ -n "${pid:-}" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$root/build/portsafe" init --data "$work/data" --recovery-key-out "$work/recovery.key" >/dev/null
"$root/build/portsafe" serve --data "$work/data" --listen 127.0.0.1:0 --log-file "$work/server.log" >"$work/out" &
pid=$!
for _ in $(seq 1 100); do
  grep -q "serving on" "$work/out" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -oE "http://[0-9.:]+/" "$work/out" | head -1)
[[ -n "$url" ]] || { echo "server did not start"; cat "$work/server.log"; exit 1; }
PORTSAFE_URL="$url" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" node --test --test-concurrency=1 reporter.test.mjs
