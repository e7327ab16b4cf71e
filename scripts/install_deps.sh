#!/usr/bin/env bash
# Installs what PortSafe needs from Debian bookworm's packages, and nothing
# that is already there. Usage: scripts/install_deps.sh [build|test|bench|load]...
#   build  compiler, CMake and the libraries the program links (libvips, libseccomp and
#          libcap for the sandboxed file cleaner, portsafe-media)
#   test   build + GoogleTest, clang 16 (sanitizers, libFuzzer), llvm-16 (the symbolizer of
#          their reports) and lld-16 (links the sanitizer builds in a fraction of ld's time), faketime, Chromium, Node.js, PostgreSQL 15 (a throw-away cluster
#          per run), exiftool (reads what a cleaned file still carries), slowhttptest and curl
#          (bench/attack.sh, whose short run is part of the test command), python3-jsonschema (the
#          validators of the STIX and MISP exports, tests/tools)
#   bench  build + wrk, nginx, Google Benchmark, ripgrep and PostgreSQL 15 for bench/
#   load   build + wrk (bench/soak.sh; the test run holds a short load too)
#   tsan   the same as test (scripts/tsan.sh)
set -euo pipefail

build_pkgs=(g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libsodium-dev libsqlite3-dev libpq-dev libjpeg62-turbo-dev libpng-dev libkainjow-mustache-dev liboath-dev
  libcurl4-openssl-dev libssl-dev libcairo2-dev libpango1.0-dev libqrencode-dev libcmark-dev fonts-dejavu-core
  libgoogle-perftools-dev libvips-dev libseccomp-dev libcap-dev libglib2.0-dev libglpk-dev)
test_pkgs=(libgtest-dev libgmock-dev clang-16 libclang-rt-16-dev llvm-16 lld-16 clang-format faketime chromium
  python3-aiosmtpd python3-jsonschema poppler-utils zbar-tools librsvg2-bin postgresql-15 openssl wrk
  libimage-exiftool-perl slowhttptest curl)
bench_pkgs=(wrk nginx-light libbenchmark-dev ripgrep bc postgresql-15)

want=("${build_pkgs[@]}")
for kind in "$@"; do
  case "$kind" in
    build) ;;
    test) want+=("${test_pkgs[@]}") ;;
    bench) want+=("${bench_pkgs[@]}") ;;
    load) want+=(wrk) ;;
    tsan) want+=("${test_pkgs[@]}") ;;
    *) echo "install_deps: unknown set '$kind' (build, test, bench, load or tsan)" >&2; exit 2 ;;
  esac
done
# Node.js and npm only for the browser tests, and only when missing (the
# machine may already have a newer Node.js than Debian's).
if [[ " $* " == *" test "* || " $* " == *" tsan "* ]] && ! command -v npm >/dev/null 2>&1; then
  want+=(nodejs npm)
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  # PostgreSQL for the tests' and benchmarks' own throw-away clusters
  # (scripts/pg_cluster.sh): the package must not make and start a system
  # cluster of its own.
  if [[ " ${missing[*]} " == *" postgresql-15 "* && ! -e /etc/postgresql-common/createcluster.conf ]]; then
    $SUDO mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold \
    "${missing[@]}"
fi
