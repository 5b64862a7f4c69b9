#!/usr/bin/env bash
# Builds tinychat with its tests and runs everything CI runs: the format check, the README's
# examples, every test program (unit, integration against a loopback server on 127.0.0.1, the
# window offscreen, the completions and man pages), libtinychat installed and used from another
# project (static and shared), and the Debian packages built, the command line's installed with
# apt and run.
set -euo pipefail
cd "$(dirname "$0")/.."

# What setup.sh installs, then what the tests, the checks, the fuzz targets and the packaging
# need (libssl-dev: the HTTPS loopback server; libnghttp2-dev: its HTTP/2 mode; clang: libFuzzer).
scripts/install_packages.sh build-essential cmake ninja-build pkg-config ca-certificates \
  libcurl4-openssl-dev nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libcli11-dev libedit-dev \
  libmd4c-dev libutf8proc-dev \
  qt6-base-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libvterm-dev clang-format fonts-dejavu-core fonts-dejavu-extra \
  file dpkg-dev appstream desktop-file-utils libssl-dev libnghttp2-dev clang libclang-rt-14-dev

configure() {
  local dir=$1
  shift
  mkdir -p "$dir"
  if ! cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >"$dir/configure.log" 2>&1
  then
    cat "$dir/configure.log" >&2
    exit 1
  fi
}

configure build -DTINYCHAT_BUILD_TESTS=ON -DTINYCHAT_BUILD_BENCH=ON
cmake --build build
scripts/check_format.sh
scripts/check_readme_example.sh
ctest --test-dir build --output-on-failure -j2 | tee build/ctest.log

# libtinychat as users get it: the static default, and a shared build of the library alone.
scripts/check_install.sh build
configure build/shared -DBUILD_SHARED_LIBS=ON -DTINYCHAT_BUILD_TESTS=OFF \
  -DTINYCHAT_BUILD_BENCH=OFF -DTINYCHAT_BUILD_GUI=OFF
cmake --build build/shared --target libtinychat
scripts/check_install.sh build/shared

scripts/package.sh
scripts/check_packages.sh

# Each fuzz target for a few seconds: a crash or a sanitizer report fails the run.
scripts/fuzz.sh 10

# The test count once more, last, where CI reads it.
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' build/ctest.log)
failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\1/' <<<"$summary")
total=$(sed -E 's/.* tests failed out of ([0-9]+)/\1/' <<<"$summary")
echo "ctest: $((total - failed)) passed, $failed failed"
