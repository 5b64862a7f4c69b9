#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (library instrumented with ASan and UBSan) into
# build-fuzz/ and runs each for SECONDS (default 20) from the recorded streams and the config
# seeds. Exits non-zero on any finding; the crashing input is left in build-fuzz/findings/.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"

scripts/install_packages.sh clang libclang-rt-14-dev

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DTINYCHAT_BUILD_FUZZ=ON -DTINYCHAT_BUILD_TESTS=OFF -DTINYCHAT_BUILD_BENCH=OFF \
  -DTINYCHAT_BUILD_GUI=OFF -DTINYCHAT_SANITIZE=fuzzer-no-link,address,undefined \
  "${launcher[@]}" >/dev/null
targets=(sse_parser_fuzz config_fuzz openai_decoder_fuzz anthropic_decoder_fuzz
         gemini_decoder_fuzz cohere_decoder_fuzz)
cmake --build build-fuzz --target "${targets[@]}" >/dev/null

mkdir -p build-fuzz/findings
for target in "${targets[@]}"; do
  seeds=tests/data
  [ "$target" = config_fuzz ] && seeds=tests/fuzz/seeds/config
  corpus="$(mktemp -d)"  # new inputs go here, not into the repository
  if ! build-fuzz/tests/fuzz/"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
         -artifact_prefix=build-fuzz/findings/"$target"- "$corpus" "$seeds" \
         >build-fuzz/findings/"$target".log 2>&1; then
    tail -n 40 build-fuzz/findings/"$target".log >&2
    echo "fuzz.sh: $target found a problem; the input is in build-fuzz/findings/" >&2
    rm -rf "$corpus"
    exit 1
  fi
  echo "fuzz: $target ran ${seconds} s, $(grep -o 'stat::number_of_executed_units: [0-9]*' \
    build-fuzz/findings/"$target".log | awk '{print $2}') inputs, no finding"
  rm -rf "$corpus"
done
