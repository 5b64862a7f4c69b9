#!/usr/bin/env bash
# Fails when a C++ file differs from what clang-format (with the committed .clang-format) makes.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find include src apps tests bench examples -name '*.cpp' -o -name '*.h')
clang-format --dry-run -Werror $files
echo "clang-format: $(echo "$files" | wc -l) files clean"
