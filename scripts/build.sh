#!/usr/bin/env bash
# Configures (once) and builds PortSafe into build/ (RelWithDebInfo, Ninja,
# ccache, the program's files compiled a dozen at a time: PORTSAFE_UNITY).
# Arguments are Ninja targets (default: everything), e.g.
# `scripts/build.sh portsafe` builds only the program.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTSAFE_UNITY=ON >/dev/null
fi
ninja -C build -j"${JOBS:-2}" "$@"
