#!/usr/bin/env bash
# Screenshots of every kjzy-desktop screen, for the README: builds in Release, prepares a real
# setup — a local kjzy-server on loopback, a province device enrolled with a one-time code holding
# the sample 附件1 teams and a small team hierarchy, and a Zhengzhou device whose earlier team
# makes the server refuse one of the province's changes — then starts kjzy-desktop under Xvfb at
# 1366×768 with its hidden `--screenshots DIR` option: the program opens each screen in turn
# (first start, the import wizard taking in the sample 附件2 workbook, the main window, search,
# the forms with a message and a suggestion, sync, the refused changes, progress, the bundle
# dialog) and saves QWidget::grab() of it as DIR/NN-name.png.
# Usage: scripts/desktop-screenshots.sh [OUT_DIR]   (default docs/screenshots)
#        KJZY_BUILD_DIR=build/x scripts/desktop-screenshots.sh   (use an existing build, no rebuild)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/docs/screenshots}")
build=${KJZY_BUILD_DIR:-}
if [ -z "$build" ]; then
    build="$root/build/release"
    "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release -DKJZY_BUILD_TESTS=OFF
fi
build=$(realpath "$build")
kjzy="$build/client/kjzy"
server="$build/server/kjzy-server"
desktop="$build/client/desktop/kjzy-desktop"
for program in "$kjzy" "$server" "$desktop"; do
    [ -x "$program" ] || { echo "missing $program: build it first" >&2; exit 2; }
done
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing: apt-get install xvfb" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8
say() { printf '== %s\n' "$*"; }

say "kjzy-server on 127.0.0.1 (port chosen by the kernel)"
"$server" --data "$work/server" init >/dev/null 2>&1
"$server" --data "$work/server" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
[ -n "$url" ] || { echo "the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

say "Zhengzhou device registers 郑州大学科技志愿服务队 first and syncs"
city="$work/zhengzhou.sqlite"
"$kjzy" --db "$city" init --region 410100 2>/dev/null
"$kjzy" --db "$city" enroll --server "$url" \
    --code "$("$server" --data "$work/server" enroll-code --scope 410100 --role city 2>/dev/null)" >/dev/null 2>&1
"$kjzy" --db "$city" team add --name 郑州大学科技志愿服务队 --admin-mobile 13903719999 --city 410100 \
    >/dev/null 2>&1
"$kjzy" --db "$city" sync 2>/dev/null

say "province device: teams from the sample 附件1 and the general hierarchy, enrolled and synced"
db="$work/province.sqlite"
"$kjzy" --db "$db" init --region 410000 2>/dev/null
"$kjzy" --db "$db" enroll --server "$url" \
    --code "$("$server" --data "$work/server" enroll-code --scope 410000 --role province 2>/dev/null)" >/dev/null 2>&1
"$kjzy" --db "$db" import "$root/tests/data/fixtures/organizations-sample.xlsx" >/dev/null 2>&1 || true
general=$("$kjzy" --db "$db" team add --name 河南省科技志愿服务总队 --admin-mobile 13903710000 2>/dev/null)
zz=$("$kjzy" --db "$db" team add --name 郑州市科技志愿服务队 --admin-mobile 13903710001 --city 410100 \
    --parent "$general" 2>/dev/null)
js=$("$kjzy" --db "$db" team add --name 金水区科技志愿服务队 --admin-mobile 13903710002 --county 410105 \
    --parent "$zz" 2>/dev/null)
"$kjzy" --db "$db" team add --name 经八路街道科技志愿服务队 --admin-mobile 13903710003 --county 410105 \
    --parent "$js" >/dev/null 2>&1
# The server refuses the second 郑州大学科技志愿服务队: exit 1 (a change was refused) is expected.
"$kjzy" --db "$db" sync 2>/dev/null || true
"$kjzy" --db "$db" status | sed 's/^/   /'

say "kjzy-desktop --screenshots under Xvfb (1366×768)"
mkdir -p "$out"
rm -f "$out"/[0-9][0-9]-*.png
mkdir -p "$work/home"
xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb HOME="$work/home" \
    "$desktop" --db "$db" --screenshots "$out" \
    --screenshot-workbook "$root/tests/data/fixtures/volunteers-sample.xlsx"
count=$(ls "$out"/[0-9][0-9]-*.png | wc -l)
say "$count screenshots in $out"
[ "$count" -ge 12 ] || { echo "expected 12 screenshots" >&2; exit 1; }
