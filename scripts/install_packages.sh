#!/usr/bin/env bash
# Installs the Debian packages named as arguments, those that are missing only, quietly: apt's
# and dpkg's output goes to build/apt.log, whose path and last lines are printed only when
# something fails. Uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
[ ${#missing[@]} -gt 0 ] || exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
mkdir -p build
log="$(pwd)/build/apt.log"
echo "Installing Debian packages: ${missing[*]}"
echo "=== $(date -u +%FT%TZ) apt-get install ${missing[*]}" >>"$log"
if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } \
    >>"$log" 2>&1; then
  echo "Installing packages failed; apt's output is in $log. Its end:" >&2
  tail -n 15 "$log" >&2
  exit 1
fi
