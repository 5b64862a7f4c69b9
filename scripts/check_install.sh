#!/usr/bin/env bash
# Installs libtinychat from a build folder (default: build) into a temporary prefix, then builds
# examples/consumer against it as a user would, twice: as a CMake project
# (find_package(tinychat 0.3 CONFIG)) and with `pkg-config --cflags --libs tinychat`. Both
# programs must run: with no key set they say which variable to set and exit 2. A shared
# library must also carry its SONAME and export the API only.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
libdir=$prefix/$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
for component in dev runtime; do
  cmake --install "$build" --prefix "$prefix" --component "$component" >/dev/null
done

fail() {
  echo "check_install: $*" >&2
  exit 1
}

# No key anywhere: a clean environment and an empty config folder.
expect_missing_key() {
  local status=0
  env -i PATH=/usr/bin:/bin HOME="$work" XDG_CONFIG_HOME="$work/config" \
    LD_LIBRARY_PATH="$libdir" "$1" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" -eq 2 ] || fail "$1 exited $status, not 2: $(cat "$work/err")"
  grep -q OPENAI_API_KEY "$work/err" || fail "$1 did not name OPENAI_API_KEY: $(cat "$work/err")"
}

cmake -S examples/consumer -B "$work/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" 2>&1 ||
  fail "configuring examples/consumer failed: $(cat "$work/configure.log")"
cmake --build "$work/cmake" >"$work/build.log" 2>&1 ||
  fail "building examples/consumer failed: $(cat "$work/build.log")"
expect_missing_key "$work/cmake/ask"

# shellcheck disable=SC2046  # pkg-config's output is meant to be split into arguments
PKG_CONFIG_PATH="$libdir/pkgconfig" c++ -std=c++20 -O2 examples/consumer/main.cpp \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs tinychat) -o "$work/ask-pc" ||
  fail "building examples/consumer/main.cpp with pkg-config failed"
expect_missing_key "$work/ask-pc"

kind=static
if [ -e "$libdir/libtinychat.so" ]; then
  kind=shared
  version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$build/CMakeCache.txt")
  soname=$(readelf -d "$libdir/libtinychat.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  [ "$soname" = "libtinychat.so.${version%.*}" ] || fail "SONAME is '$soname'"
  # Hidden: the internal layers' namespaces and the private parts of exported classes.
  exported=$(nm -D --defined-only -C "$libdir/libtinychat.so" | cut -d' ' -f3-)
  internal=$(grep -E '^tinychat::((http|providers|config)::|[A-Za-z]+::(Impl|State)::)' \
    <<<"$exported" || true)
  [ -z "$internal" ] || fail "libtinychat.so exports internal symbols:"$'\n'"$internal"
  grep -q '^tinychat::open_chat(' <<<"$exported" || fail "libtinychat.so does not export open_chat"
fi
echo "Installed $kind libtinychat: examples/consumer builds and runs with find_package and pkg-config"
