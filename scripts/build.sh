#!/usr/bin/env bash
# Configures and builds PortSafe into build/ (RelWithDebInfo, Ninja, ccache).
# Extra arguments go to cmake at configure time.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
ninja -C build -j"${JOBS:-2}"
