#!/usr/bin/env bash
# Installs the command line's package from build/packages (scripts/package.sh) with apt, as a
# user would, and runs /usr/bin/tinychat from it; checks what the packages say and hold, then
# removes the package again if it was not installed before.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "check_packages: $*" >&2
  exit 1
}
arch=$(dpkg --print-architecture)
deb=$(ls build/packages/tinychat_*_"$arch".deb)
version=$(dpkg-deb -f "$deb" Version)

# One version everywhere: CMake's (the package's), the newest release in CHANGELOG.md.
changelog_version=$(sed -n 's/^## \[\([0-9][0-9.]*\)\].*/\1/p' CHANGELOG.md | head -n 1)
[ "$changelog_version" = "$version" ] ||
  fail "CHANGELOG.md's newest release is $changelog_version, the package's $version"
# MIT: nothing we ship may depend on GNU readline (GPL).
for package in build/packages/*.deb; do
  depends=$(dpkg-deb -f "$package" Depends)
  ! grep -qi readline <<<"$depends" || fail "$package depends on readline: $depends"
done
contents=$(dpkg-deb -c "$deb")
for file in /usr/bin/tinychat /usr/share/man/man1/tinychat.1.gz \
  /usr/share/bash-completion/completions/tinychat /usr/share/zsh/vendor-completions/_tinychat \
  /usr/share/fish/vendor_completions.d/tinychat.fish; do
  grep -q " .$file\$" <<<"$contents" || fail "$file is not in $deb"
done

installed_before=false
dpkg-query -W -f='${Status}' tinychat 2>/dev/null | grep -q "install ok installed" &&
  installed_before=true
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300)
log="$(pwd)/build/apt.log"
echo "=== $(date -u +%FT%TZ) apt-get install ./$deb" >>"$log"
"${apt[@]}" install --no-install-recommends "./$deb" >>"$log" 2>&1 ||
  fail "apt-get install ./$deb failed; see $log"

status=0
out=$(/usr/bin/tinychat --version) || status=$?
libraries=$(ldd /usr/bin/tinychat)
! grep -qi readline <<<"$libraries" || out="linked to readline"
[ "$installed_before" = true ] || "${apt[@]}" purge tinychat >>"$log" 2>&1 ||
  fail "apt-get purge tinychat failed; see $log"
if [ "$status" -ne 0 ] || [ "$out" != "tinychat $version" ]; then
  fail "/usr/bin/tinychat --version said '$out' (exit $status), not 'tinychat $version'"
fi
echo "Packages: apt installed $(basename "$deb"); /usr/bin/tinychat --version says '$out'"
