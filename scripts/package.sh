#!/usr/bin/env bash
# Builds the Debian packages into build/packages: tinychat (the command line), tinychat-gui
# (the window) and libtinychat-dev (headers, static library, CMake and pkg-config files); see
# cmake/packaging.cmake. Uses ./build, set up by scripts/setup.sh if it is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

# CPack finds the programs with `file` and computes Depends with dpkg-shlibdeps (dpkg-dev).
scripts/install_packages.sh file dpkg-dev
[ -f build/CMakeCache.txt ] || scripts/setup.sh
if grep -q '^BUILD_SHARED_LIBS:BOOL=ON' build/CMakeCache.txt; then
  echo "package.sh: build/ builds a shared libtinychat; the packages link it statically." >&2
  exit 1
fi
cmake --build build --target apps

# The desktop files, checked where the checkers are installed (scripts/test.sh installs them).
metainfo=$(ls build/apps/gui/*.metainfo.xml)
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --explain "$metainfo" >/dev/null ||
    { appstreamcli validate --no-net --explain "$metainfo" >&2; exit 1; }
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate build/apps/gui/*.desktop
fi

rm -rf build/packages
if ! cpack --config build/CPackConfig.cmake -B build/packages >build/cpack.log 2>&1; then
  cat build/cpack.log >&2
  exit 1
fi
rm -rf build/packages/_CPack_Packages
ls build/packages/*.deb
