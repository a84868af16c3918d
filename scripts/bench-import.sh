#!/usr/bin/env bash
# Benchmark (not a test): import of the 10,000-person 附件2 workbook with the real kjzy program —
# read, validate, store with outbox entries, commit — against Debian's python3-openpyxl merely
# loading the same file read-only (iterating every row). Best of RUNS runs each (default 5); prints
# import_xlsx_10k_s, openpyxl_load_10k_s and import_vs_openpyxl as name=value lines.
# With KJZY=path/to/kjzy set (scripts/bench-all.sh does), it measures that binary and neither
# installs nor builds anything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
kjzy=${KJZY:-}
if [ -z "$kjzy" ]; then
    "$root/scripts/install-deps.sh"
    build="$root/build/release"
    generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DKJZY_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" --parallel "$(nproc)" --target kjzy >/dev/null # not `all`: no desktop program
    kjzy="$build/client/kjzy"
fi
file="$root/tests/data/fixtures/volunteers-clean-10000.xlsx"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
best_kjzy=999
for i in $(seq "$runs"); do
    db="$work/bench$i.sqlite"
    "$kjzy" --db "$db" init --region 410000 2>/dev/null
    start=$(now)
    "$kjzy" --db "$db" import "$file" >/dev/null 2>&1
    end=$(now)
    best_kjzy=$(echo "$end $start $best_kjzy" | awk '{t=$1-$2; print (t<$3)?t:$3}')
    rows=$(sqlite3 "$db" "SELECT COUNT(*) FROM volunteers")
    [ "$rows" = 10000 ] || { echo "expected 10000 volunteers, got $rows" >&2; exit 1; }
done
best_py=999
for i in $(seq "$runs"); do
    start=$(now)
    /usr/bin/python3 - "$file" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
assert n >= 10000, n
PY
    end=$(now)
    best_py=$(echo "$end $start $best_py" | awk '{t=$1-$2; print (t<$3)?t:$3}')
done
echo "import_xlsx_10k_s=$(printf '%.3f' "$best_kjzy")"
echo "openpyxl_load_10k_s=$(printf '%.3f' "$best_py")"
echo "import_vs_openpyxl=$(echo "$best_kjzy $best_py" | awk '{printf "%.3f", $1/$2}')"
