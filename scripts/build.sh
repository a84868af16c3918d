#!/usr/bin/env bash
# Configures and builds kjzy into BUILD_DIR (default build/release) with the given CMake options.
# Usage: scripts/build.sh BUILD_DIR [cmake options…]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-"$root/build/release"}
shift || true
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build_dir" "${generator[@]}" "$@" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
