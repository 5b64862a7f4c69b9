#!/usr/bin/env bash
# The README's code example must be examples/readme_example.cpp, which the build compiles, so
# the example a new user copies always builds.
set -euo pipefail
cd "$(dirname "$0")/.."
extracted=$(awk '/<!-- readme_example.cpp -->/{getline; inside=1; next} inside && /^```$/{exit} inside' README.md)
if ! diff <(echo "$extracted") examples/readme_example.cpp >/dev/null; then
  echo "README.md's example differs from examples/readme_example.cpp:" >&2
  diff <(echo "$extracted") examples/readme_example.cpp >&2 || true
  exit 1
fi
echo "README example: matches examples/readme_example.cpp"
