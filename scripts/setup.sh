#!/usr/bin/env bash
# Installs what tinychat needs from Debian 12's packages (only what is missing), then builds it
# into ./build. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config libcurl4-openssl-dev ca-certificates
          nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libcli11-dev libgtest-dev libgmock-dev
          libbenchmark-dev clang-format qt6-base-dev fonts-dejavu-core fonts-dejavu-extra)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
echo "Built: $(pwd)/build/tinychat and $(pwd)/build/tinychat-gui"
