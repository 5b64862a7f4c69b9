#!/usr/bin/env bash
# Builds tinychat with its tests and runs them all: unit, integration (a loopback server on
# 127.0.0.1 started by the tests themselves), the README example, and the format check.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f build/CMakeCache.txt ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
scripts/check_format.sh
scripts/check_readme_example.sh
ctest --test-dir build --output-on-failure -j2
