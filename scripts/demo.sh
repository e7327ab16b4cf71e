#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs
# `portsafe demo` (a throw-away instance with demo data on 127.0.0.1:8080).
# Extra arguments go to `portsafe demo` (e.g. --listen 127.0.0.1:9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh build
bash scripts/build.sh portsafe
exec ./build/portsafe demo "$@"
