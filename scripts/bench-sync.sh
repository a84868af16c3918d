#!/usr/bin/env bash
# Benchmark (not a test): the sync core against the sync milestone's figures, with kjzy-bench-sync
# from a Release build — server ingest of N new volunteers (verification and merge included), a
# fresh province client applying the pulled registry, bytes on the wire against gzip -9 of the same
# rows as CSV, and a no-op sync over real HTTP on 127.0.0.1. Prints "name: value unit (target …:
# PASS|FAIL)" lines and one JSON line last; exits 0 whatever the figures say.
# Usage: scripts/bench-sync.sh [N] [kjzy-bench-sync options…]   (N defaults to $PEOPLE or 50000)
# scripts/bench-all.sh runs it with every other benchmark and writes BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
people=${PEOPLE:-50000}
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    people=$1
    shift
fi
"$root/scripts/install-deps.sh"
# Only the benchmark's target: `all` would build the desktop program too.
build="$root/build/release"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DKJZY_BUILD_TESTS=OFF \
    -DKJZY_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target kjzy-bench-sync >/dev/null
exec "$build/bench/kjzy-bench-sync" --people "$people" "$@"
