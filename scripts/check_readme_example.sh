#!/usr/bin/env bash
# Every code block the README marks with <!-- example: PATH --> must be the file PATH, which the
# build compiles (and the tests run, or CI builds against the installed library), so that what
# a new user copies always works.
set -euo pipefail
cd "$(dirname "$0")/.."

checked=0
status=0
while read -r path; do
  extracted=$(awk -v marker="<!-- example: $path -->" \
    '$0 == marker {getline; inside=1; next} inside && /^```$/ {exit} inside' README.md)
  if ! diff <(echo "$extracted") "$path" >/dev/null; then
    echo "README.md's example differs from $path:" >&2
    diff <(echo "$extracted") "$path" >&2 || true
    status=1
  fi
  checked=$((checked + 1))
done < <(sed -n 's/^<!-- example: \(.*\) -->$/\1/p' README.md)

if [ "$checked" -eq 0 ]; then
  echo "README.md marks no example" >&2
  exit 1
fi
[ "$status" -eq 0 ] && echo "README examples: $checked match their files"
exit "$status"
