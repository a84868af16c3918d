#!/usr/bin/env bash
# Every test: install, build (Debug, AddressSanitizer + UndefinedBehaviorSanitizer, warnings as
# errors under CI=true) and run CTest. CTest's summary is the last line printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build_dir="$root/build/test"
options=(-DCMAKE_BUILD_TYPE=Debug -DKJZY_BUILD_TESTS=ON)
[ "${KJZY_SANITIZE:-ON}" = "ON" ] && options+=(-DKJZY_SANITIZE=ON)
[ "${CI:-}" = "true" ] && options+=(-DKJZY_WERROR=ON)
start=$(date +%s)
"$root/scripts/build.sh" "$build_dir" "${options[@]}"
echo "build: $(( $(date +%s) - start )) s" >&2
cd "$build_dir"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
