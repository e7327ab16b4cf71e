#!/usr/bin/env bash
# Writes a full-page screenshot of every page of every role, on a phone
# (390×844) and at a desk (1280×800), with page scripts off, to a folder for a
# person to look through: scripts/screens.sh [DIR] (default: screens/).
# It runs the browser tests (tests/browser/run.sh) with PORTSAFE_SHOTS set,
# so the pages are the ones those tests fill and check; names are
# <role>-<page>-<phone|desk>.png. Builds first if build/portsafe is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in
  -h | --help)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac
if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]] || ! command -v node >/dev/null; then
  echo "screens.sh needs Chromium and Node.js: run the test command from the README once first" >&2
  exit 2
fi
dir="$(realpath -m "${1:-$root/screens}")"
mkdir -p "$dir"
if [[ ! -x "$root/build/portsafe" ]]; then
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$root/build" portsafe
fi
PORTSAFE_SHOTS="$dir" bash "$root/tests/browser/run.sh"
echo "screenshots: $(find "$dir" -name '*.png' | wc -l) in $dir"
