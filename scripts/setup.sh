#!/usr/bin/env bash
# Installs what tinychat needs from Debian 12's packages (only what is missing), then builds
# what runs into ./build: the library, build/tinychat and build/tinychat-gui with their shell
# completions and man pages. Not the tests and benchmarks: scripts/test.sh adds those, so the
# first answer comes quickly. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_packages.sh build-essential cmake ninja-build pkg-config ca-certificates \
  libcurl4-openssl-dev nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libcli11-dev libedit-dev \
  libmd4c-dev libutf8proc-dev \
  qt6-base-dev

if [ ! -f build/CMakeCache.txt ]; then
  mkdir -p build
  if ! cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTINYCHAT_BUILD_TESTS=OFF \
      -DTINYCHAT_BUILD_BENCH=OFF >build/configure.log 2>&1; then
    cat build/configure.log >&2
    exit 1
  fi
fi
cmake --build build --target apps
echo "Built: $(pwd)/build/tinychat and $(pwd)/build/tinychat-gui"
