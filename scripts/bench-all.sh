#!/usr/bin/env bash
# Every benchmark of issue #6 in one command: installs the build dependencies, builds the programs it
# needs in Release (build/release), runs every benchmark on inputs the project generates from a fixed
# seed, prints one name=value line per figure on stdout (progress goes to stderr) and writes
# BENCHMARKS.md at the repository root (machine, date, commit, every figure with its baseline, ratio
# and goal). Exits 0 whatever the figures say; non-zero only when something could not be measured.
#
#   1. kjzy-bench-sync, in process on real SQLite files: the server ingesting PEOPLE new volunteers
#      pushed as sealed change sets (verify, decrypt, validate, merge, log), a fresh province client
#      applying the pulled registry, push bytes against gzip -9 of the same rows as CSV, a no-op sync
#      over real HTTP, and the 64 KiB-cutting link against a clean one (BADLINK_PEOPLE people).
#      The apply runs 3 times into fresh replicas, each run followed by one run of the client's
#      SQLite limit (below) on the same rows; pull_apply_vs_sqlite is the ratio of the two medians.
#   2. kjzy-bench-sqlite: the SQLite limit for the same rows — one prepared INSERT in one transaction
#      into the client's volunteers table (run by kjzy-bench-sync, above) and the server's registry
#      table (3 runs, median), schemas made by the project's migrations. The ratios divide our time
#      by this one, measured in the same run.
#   3. real processes: a `kjzy-server serve` on 127.0.0.1 and real `kjzy` clients, all under
#      /usr/bin/time: one client per city imports its share of the registry (one 附件2 CSV per city
#      from kjzy-bench-data) and pushes it with `kjzy sync`; then a fresh province client pulls all
#      PEOPLE and a fresh city client pulls its city of CITY_PEOPLE people. Peak memory of every
#      process; the counts in the registry and the clients are checked.
#   4. scripts/bench-import.sh: `kjzy import` of the 10,000-row 附件2 workbook against openpyxl.
#
# Environment: PEOPLE (250000), CITY_PEOPLE (10000, the pinned city 410900 濮阳市), BADLINK_PEOPLE
# (10000), RUNS (3, import runs, best taken), BUILD_DIR (build/release), JOBS (build jobs, nproc),
# BENCH_DIR (parent of the work directory, TMPDIR), BREAKDOWN=1 (also replay ingest and apply
# step by step — the "where the time goes" section), OUT (BENCHMARKS.md path), KEEP=1 (keep the
# work directory).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
people=${PEOPLE:-250000}
city_people=${CITY_PEOPLE:-10000}
badlink_people=${BADLINK_PEOPLE:-10000}
runs=${RUNS:-3}
build=${BUILD_DIR:-"$root/build/release"}
jobs=${JOBS:-$(nproc)}
report=${OUT:-"$root/BENCHMARKS.md"}
city=410900
seed=20210033

work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/kjzy-bench-all-XXXXXX")
figures="$work/figures.txt"
: >"$figures"
server_time_pid=
cleanup() {
    if [ -n "$server_time_pid" ] && kill -0 "$server_time_pid" 2>/dev/null; then
        stop_server
    fi
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

log() { echo "[bench-all $(date -u +%T)] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
figure() { echo "$1=$2" >>"$figures"; }
value() { grep -m1 "^$1=" "$figures" | cut -d= -f2-; }
phase_start() {
    phase=$1
    phase_t0=$(now)
    log "phase $phase"
}
phase_end() { figure "phase_${phase}_s" "$(elapsed "$phase_t0")"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

total_t0=$(now)
load_start=$(load)

# --- 1. dependencies and the Release build ---------------------------------------------------------
phase_start install_deps
"$root/scripts/install-deps.sh"
phase_end

phase_start build
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DKJZY_BUILD_TESTS=OFF \
    -DKJZY_BUILD_BENCHMARKS=ON >"$work/configure.log"
cmake --build "$build" --parallel "$jobs" \
    --target kjzy kjzy-server kjzy-bench-sync kjzy-bench-sqlite kjzy-bench-data >"$work/build.log" ||
    { tail -50 "$work/build.log" >&2; exit 1; }
phase_end
kjzy="$build/client/kjzy"
server="$build/server/kjzy-server"
bench="$build/bench"

# --- 2. the sync core in process -------------------------------------------------------------------
phase_start sync_in_process
breakdown=()
[ "${BREAKDOWN:-0}" = 0 ] && breakdown=(--no-breakdown)
"$bench/kjzy-bench-sync" --people "$people" --badlink-people "$badlink_people" --seed "$seed" \
    --dir "$work" --keep "${breakdown[@]}" >"$work/sync.txt" || { cat "$work/sync.txt" >&2; exit 1; }
grep -v '^{' "$work/sync.txt" >&2
sync_dir=$(sed -n 's/^work_dir: //p' "$work/sync.txt" | head -1)
python3 - "$work/sync.txt" >>"$figures" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("{")]
f = json.loads(lines[-1])["figures"]
names = {
    "ingest_s": "push_ingest_s",
    "ingest_people_per_s": "push_ingest_per_s",
    "apply_s": "pull_apply_s",
    "apply_runs_s": "pull_apply_runs_s",
    "apply_vs_sqlite": "pull_apply_vs_sqlite",
    "sqlite_client_insert_s": "sqlite_client_insert_s",
    "sqlite_client_insert_per_s": "sqlite_client_insert_per_s",
    "sqlite_client_insert_runs_s": "sqlite_client_insert_runs_s",
    "apply_people_per_s": "pull_apply_per_s",
    "push_bytes_per_person": "wire_bytes_per_volunteer",
    "csv_plain_gzip9_bytes_per_person": "gzip_csv_bytes_per_volunteer",
    "push_vs_gzip9_plain_csv": "wire_vs_gzip_csv",
    "badlink_bytes_ratio": "badlink_bytes_ratio",
    "badlink_clean_push_bytes": "badlink_clean_push_bytes",
    "badlink_cut_push_bytes": "badlink_cut_push_bytes",
    "noop_bytes": "noop_sync_bytes",
    "noop_round_trips": "noop_sync_round_trips",
    "ingest_accepted": "push_ingest_accepted",
    "pull_client_volunteers": "pull_apply_volunteers",
}
for source, name in names.items():
    if source in f:
        print(f"{name}={f[source]}")
PY
phase_end

phase_start sqlite_baseline
# The client's limit ran inside kjzy-bench-sync, one run after each apply (interleaved).
"$bench/kjzy-bench-sqlite" --kind server --source "$sync_dir/server/registry.db" --out "$work" \
    --limit "$people" >>"$figures"
rm -rf "$sync_dir" "$work"/baseline-*.db*
figure push_ingest_vs_sqlite "$(awk -v a="$(value push_ingest_s)" -v b="$(value sqlite_server_insert_s)" \
    'BEGIN { printf "%.3f", a / b }')"
figure sqlite_insert_per_s "$(value sqlite_client_insert_per_s)"
phase_end

# --- 3. real processes -----------------------------------------------------------------------------
rss_clients="$work/rss-clients.txt"
: >"$rss_clients"
# Runs kjzy under /usr/bin/time; appends "<label> <peak KiB> <seconds>" to $rss_clients.
client() {
    local label=$1 db=$2
    shift 2
    local t0 status=0
    t0=$(now)
    /usr/bin/time -f %M -o "$work/time.out" "$kjzy" --db "$db" "$@" >"$work/client.out" 2>"$work/client.err" ||
        status=$?
    echo "$label $(tail -1 "$work/time.out") $(elapsed "$t0")" >>"$rss_clients"
    if [ $status -ne 0 ]; then
        log "kjzy $* failed ($status)"
        tail -20 "$work/client.err" >&2
        exit 1
    fi
}
start_server() {
    /usr/bin/time -f %M -o "$work/server-rss.txt" "$server" --data "$work/server" serve \
        --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.log" &
    server_time_pid=$!
    for _ in $(seq 300); do
        grep -q "listening on" "$work/server.out" 2>/dev/null && break
        sleep 0.1
    done
    url=$(grep -o 'http://[^ ]*' "$work/server.out" | head -1)
    [ -n "$url" ] || { log "kjzy-server did not start"; cat "$work/server.log" >&2; exit 1; }
    server_pid=$(pgrep -P "$server_time_pid")
}
stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_time_pid" 2>/dev/null || true
    server_time_pid=
}
enroll() { # db scope role
    local code
    code=$("$server" --data "$work/server" enroll-code --scope "$2" --role "$3" 2>/dev/null)
    "$kjzy" --db "$1" init --region "$2" >/dev/null 2>&1
    "$kjzy" --db "$1" enroll --server "$url" --code "$code" >/dev/null 2>&1
}
registry_count() {
    sqlite3 "$work/server/registry.db" \
        "SELECT COUNT(*) FROM records WHERE entity = 'volunteer' AND deleted = 0"
}

phase_start generate
"$bench/kjzy-bench-data" --people "$people" --seed "$seed" --pin "$city=$city_people" \
    --out "$work/data" >"$work/cities.txt"
phase_end

phase_start real_push
"$server" --data "$work/server" init >/dev/null 2>&1
start_server
log "kjzy-server at $url (pid $server_pid)"
import_s=0
push_s=0
while read -r code count; do
    db="$work/clients/$code.db"
    enroll "$db" "$code" city
    client "import-$code" "$db" import "$work/data/$code.csv"
    import_s=$(awk -v a="$import_s" -v b="$(tail -1 "$rss_clients" | cut -d' ' -f3)" 'BEGIN { print a + b }')
    client "push-$code" "$db" sync
    push_s=$(awk -v a="$push_s" -v b="$(tail -1 "$rss_clients" | cut -d' ' -f3)" 'BEGIN { print a + b }')
    log "city $code: $count imported and pushed"
done <"$work/cities.txt"
held=$(registry_count)
figure real_registry_volunteers "$held"
[ "$held" = "$people" ] || log "WARNING: the registry holds $held volunteers, expected $people"
figure real_import_per_s "$(awk -v n="$people" -v s="$import_s" 'BEGIN { printf "%.0f", n / s }')"
figure real_push_per_s "$(awk -v n="$people" -v s="$push_s" 'BEGIN { printf "%.0f", n / s }')"
phase_end

phase_start real_pull
enroll "$work/clients/province.db" 410000 province
client pull-province "$work/clients/province.db" sync
pull_s=$(tail -1 "$rss_clients" | cut -d' ' -f3)
held=$(sqlite3 "$work/clients/province.db" "SELECT COUNT(*) FROM volunteers WHERE deleted = 0")
figure real_province_volunteers "$held"
[ "$held" = "$people" ] || log "WARNING: the province client holds $held volunteers, expected $people"
figure real_pull_per_s "$(awk -v n="$people" -v s="$pull_s" 'BEGIN { printf "%.0f", n / s }')"
client noop-province "$work/clients/province.db" sync
figure real_noop_sync_s "$(tail -1 "$rss_clients" | cut -d' ' -f3)"

enroll "$work/clients/city-new.db" "$city" city
client "pull-city-$city" "$work/clients/city-new.db" sync
figure full_sync_city_10k_s "$(tail -1 "$rss_clients" | cut -d' ' -f3)"
held=$(sqlite3 "$work/clients/city-new.db" "SELECT COUNT(*) FROM volunteers WHERE deleted = 0")
figure full_sync_city_volunteers "$held"
[ "$held" = "$city_people" ] || log "WARNING: the new city client holds $held volunteers, expected $city_people"
stop_server
figure server_peak_rss_mb "$(awk '/^[0-9]+$/ { printf "%.1f", $1 / 1024 }' "$work/server-rss.txt")"
# The 250k runs on the client side: the cities' pushes and the province's pull. The imports that
# fill the outboxes beforehand, and the 10k city pull, are reported apart.
figure client_peak_rss_mb "$(awk '$1 ~ /^(push-|pull-province)/ { if ($2 > m) m = $2 }
    END { printf "%.1f", m / 1024 }' "$rss_clients")"
for kind in import push pull-province pull-city; do
    figure "client_peak_rss_${kind//-/_}_mb" \
        "$(awk -v k="$kind" 'index($1, k) == 1 { if ($2 > m) m = $2 } END { printf "%.1f", m / 1024 }' "$rss_clients")"
done
cp "$rss_clients" "$work/rss-clients.keep"
phase_end

# --- 4. import of the 10,000-row workbook ----------------------------------------------------------
phase_start import
KJZY="$kjzy" RUNS="$runs" "$root/scripts/bench-import.sh" >>"$figures"
phase_end

figure phase_total_s "$(elapsed "$total_t0")"
load_end=$(load)

# --- figures and BENCHMARKS.md ---------------------------------------------------------------------
cat "$figures"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then commit="$commit (dirty)"; fi
python3 - "$figures" "$report" "$commit" "$load_start" "$load_end" "$people" "$city_people" \
    "$badlink_people" "$runs" "$work/sync.txt" "$work/rss-clients.keep" <<'PY'
import datetime, os, platform, subprocess, sys

(figures_path, report, commit, load_start, load_end, people, city_people, badlink, runs, sync_path,
 rss_path) = sys.argv[1:]
fig = {}
for line in open(figures_path, encoding="utf-8"):
    if "=" in line:
        k, v = line.strip().split("=", 1)
        fig.setdefault(k, v)

def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"

def memory():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            return f"{int(line.split()[1]) / 1048576:.1f} GiB"
    return "unknown"

def os_name():
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()

def num(name):
    try:
        return float(fig[name])
    except (KeyError, ValueError):
        return None

def fmt(x):
    if x is None:
        return "—"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if x == int(x):
        return f"{int(x)}"
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"

# figure, unit, baseline figure (or None), goal ("min"/"max"/"below"/None, value), what it is
rows = [
    ("pull_apply_per_s", "people/s", "sqlite_client_insert_per_s", ("min", 100000),
     "a fresh province client applies the pulled registry (SyncApplier::applyPage, in process)"),
    ("pull_apply_vs_sqlite", "×", None, ("max", 2.0),
     "our apply time / SQLite inserting the same rows into the client's volunteers table"),
    ("push_ingest_per_s", "people/s", "sqlite_server_insert_per_s", ("min", 50000),
     "the server ingests pushed creations (IngestService::ingest: verify, decrypt, validate, merge, log)"),
    ("push_ingest_vs_sqlite", "×", None, ("max", 4.0),
     "our ingest time / SQLite inserting the same rows into the server's registry table"),
    ("wire_bytes_per_volunteer", "B", "gzip_csv_bytes_per_volunteer", None,
     "sealed push change sets per new person"),
    ("wire_vs_gzip_csv", "×", None, ("max", 1.25), "push bytes / gzip -9 of the same rows as CSV"),
    ("badlink_bytes_ratio", "×", None, ("max", 1.2),
     f"push bytes over a link cutting every connection after 64 KiB / clean link, {int(badlink):,} people"),
    ("noop_sync_bytes", "B", None, ("max", 2048), "a sync with nothing new, HTTP headers included"),
    ("noop_sync_round_trips", "requests", None, ("max", 2), "a sync with nothing new"),
    ("import_xlsx_10k_s", "s", "openpyxl_load_10k_s", ("max", 2.0),
     f"kjzy import of the 10,000-row 附件2 workbook (best of {runs})"),
    ("import_vs_openpyxl", "×", None, ("below", 1.0),
     "our import / python3-openpyxl loading the same workbook read-only"),
    ("client_peak_rss_mb", "MB", None, ("max", 150),
     "peak RSS of the kjzy processes of the 250k runs: each city's `kjzy sync` push, the province's pull"),
    ("server_peak_rss_mb", "MB", None, ("max", 300),
     "peak RSS of `kjzy-server serve` over all the real-process runs"),
    ("full_sync_city_10k_s", "s", None, None,
     f"a new city client's first kjzy sync of {int(city_people):,} people over loopback (enroll not included)"),
]
ratio_of = {"pull_apply_per_s": "pull_apply_vs_sqlite", "push_ingest_per_s": "push_ingest_vs_sqlite",
            "wire_bytes_per_volunteer": "wire_vs_gzip_csv", "import_xlsx_10k_s": "import_vs_openpyxl"}
goal_text = {"min": "≥ {}", "max": "≤ {}", "below": "< {}"}

def met(value, goal):
    if goal is None or value is None:
        return "report" if goal is None else "not measured"
    kind, limit = goal
    ok = value >= limit if kind == "min" else value <= limit if kind == "max" else value < limit
    return "yes" if ok else "**no**"

out = []
out.append("# Benchmarks\n")
out.append("Written by `scripts/bench-all.sh` (issue #6). Inputs are generated by the project from a fixed seed: "
           f"a registry of {int(people):,} people over Henan's 18 cities and 156 counties (plus 济源市 in its own "
           "county position), cities by their 2020 census population, 濮阳市 (410900) pinned to "
           f"{int(city_people):,} people for the city sync; realistic names, valid GB 11643 ID numbers, mobiles "
           "and list values (`bench/generator`).\n")
out.append("| | |\n|---|---|")
out.append(f"| date (UTC) | {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M')} |")
out.append(f"| commit | `{commit}` |")
out.append(f"| CPU | {cpu()} |")
out.append(f"| cores | {os.cpu_count()} |")
out.append(f"| memory | {memory()} |")
out.append(f"| OS | {os_name()}, kernel {platform.release()} |")
out.append(f"| load average (1, 5, 15 min) | {load_start} at start, {load_end} at end |")
out.append(f"| SQLite | {subprocess.run(['sqlite3', '--version'], capture_output=True, text=True).stdout.split(' ')[0]} |")
out.append("")
out.append("## Figures\n")
out.append("| figure | value | baseline | ratio to baseline | goal | met? | what |")
out.append("|---|---|---|---|---|---|---|")
for name, unit, base, goal, what in rows:
    v = num(name)
    b = num(base) if base else None
    ratio = num(ratio_of[name]) if name in ratio_of else None
    base_text = f"{fmt(b)} (`{base}`)" if base else ""
    goal_str = goal_text[goal[0]].format(fmt(goal[1])) if goal else "report"
    out.append(f"| `{name}` | {fmt(v)} {unit} | {base_text} | {fmt(ratio) + ' ×' if ratio is not None else ''} "
               f"| {goal_str} | {met(v, goal)} | {what} |")
out.append("")
out.append("## Other figures of the same run\n")
shown = {r[0] for r in rows} | {r[2] for r in rows if r[2]}
about = {
    "push_ingest_s": "s, in-process ingest of all change sets",
    "pull_apply_s": "s, in-process apply of all pages (median of 3 runs, each into a fresh replica and followed by one run of the SQLite limit)",
    "pull_apply_runs_s": "s, the fastest and slowest of those runs",
    "push_ingest_accepted": "people the in-process ingest accepted",
    "pull_apply_volunteers": "people the fresh province client holds after applying",
    "sqlite_insert_per_s": "= sqlite_client_insert_per_s",
    "sqlite_client_insert_s": "s, the SQLite limit for the client's rows (median of one run after each apply)",
    "sqlite_server_insert_s": "s, the SQLite limit for the server's rows",
    "badlink_clean_push_bytes": "B both ways, clean link",
    "badlink_cut_push_bytes": "B both ways, 64 KiB-cutting link",
    "real_registry_volunteers": "live volunteers in the real server's registry after the pushes",
    "real_province_volunteers": "live volunteers in the fresh province client after its sync",
    "full_sync_city_volunteers": "live volunteers in the fresh city client after its sync",
    "real_import_per_s": "people/s, the cities' `kjzy import` of their CSV",
    "real_push_per_s": "people/s, the cities' `kjzy sync` (push, then the pull of their city)",
    "real_pull_per_s": "people/s, the province client's first `kjzy sync`",
    "real_noop_sync_s": "s, the province client's next `kjzy sync` (nothing new)",
    "client_peak_rss_import_mb": "MB, the largest `kjzy import` (the biggest city's CSV): not in client_peak_rss_mb",
    "client_peak_rss_push_mb": "MB, the largest city push",
    "client_peak_rss_pull_province_mb": "MB, the province pull of the whole registry",
    "client_peak_rss_pull_city_mb": "MB, the new city client's first sync",
    "phase_total_s": "s, the whole script",
}
out.append("| name | value | |\n|---|---|---|")
for k, v in fig.items():
    if k not in shown:
        out.append(f"| `{k}` | {v} | {about.get(k, 's, wall time of that step' if k.startswith('phase_') else '')} |")
out.append("")
out.append("`phase_*_s` are the wall times of the script's steps (the build included); `real_*` come from "
           "the real processes (`real_push_per_s`: people / the summed wall time of the cities' `kjzy sync`, "
           "which also pull their city back; `real_pull_per_s`: the province client's `kjzy sync`).\n")
sync_lines = [l.rstrip("\n") for l in open(sync_path, encoding="utf-8") if not l.startswith("{")]
phases = [l for l in sync_lines if "_phase_" in l or "_phases_sum_s" in l]
if phases:
    out.append("## Where the time goes (ingest and apply replayed step by step on copies; only with `BREAKDOWN=1`)\n")
    out.append("```\n" + "\n".join(phases) + "\n```\n")
out.append("<details><summary>kjzy-bench-sync output</summary>\n\n```\n" + "\n".join(sync_lines) + "\n```\n</details>\n")
try:
    rss = [l.split() for l in open(rss_path, encoding="utf-8") if l.strip()]
    out.append("<details><summary>every kjzy process of the real-process runs: peak RSS, wall time</summary>\n")
    out.append("| process | peak RSS (MB) | wall (s) |\n|---|---|---|")
    for label, kib, wall in rss:
        out.append(f"| {label} | {int(kib) / 1024:.1f} | {wall} |")
    out.append("</details>\n")
except OSError:
    pass
out.append("## Reproduce\n")
out.append("```sh\nscripts/bench-all.sh            # everything: deps, Release build into build/release, all benchmarks\n"
           "PEOPLE=20000 scripts/bench-all.sh   # a quick run on a smaller registry\n```\n")
out.append("The single benchmarks: `build/release/bench/kjzy-bench-sync --people N` (in-process sync core, "
           "`--help`), `build/release/bench/kjzy-bench-sqlite` (the SQLite limit), "
           "`build/release/bench/kjzy-bench-data` (the per-city CSV files), `scripts/bench-import.sh`.\n")
open(report, "w", encoding="utf-8").write("\n".join(out))
PY
log "wrote $report"
