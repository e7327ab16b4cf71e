#!/usr/bin/env bash
# Configures (once) and builds PortSafe into build/ (RelWithDebInfo, Ninja,
# ccache). Arguments are Ninja targets (default: everything), e.g.
# `scripts/build.sh portsafe` builds only the program.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C build -j"${JOBS:-2}" "$@"
