#!/usr/bin/env bash
# The main job: install, build in Release, then a real kjzy-server on its embedded SQLite (loopback,
# a port the kernel picks) and real sessions of the kjzy program on fresh SQLite databases: a county
# clerk works offline (a team, volunteers, one refused with every rule it broke), enrolls with a
# one-time code and syncs; the province imports a returned 附件2 workbook and syncs it; a city
# device pulls its city; the county, offline, carries a bundle to the server and imports the reply;
# the server prints the registry report, its devices and the export.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build/release" -DCMAKE_BUILD_TYPE=Release -DKJZY_BUILD_TESTS=OFF

kjzy="$root/build/release/client/kjzy"
server="$root/build/release/server/kjzy-server"
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
db="$work/jinshui.sqlite"
say() { printf '\n== %s\n' "$*"; }

say "建立金水区的本地数据库（离线，无需服务器）"
"$kjzy" --db "$db" init --region 410105

say "登记队伍（名称不规范时给出规范名称）"
team=$("$kjzy" --db "$db" team add --name "金水区科技志愿服务队" --admin-mobile 13903710000 \
        --supervisor-type 科协 --supervisor 金水区科学技术协会 --founded 2021.5.1 \
        --service-categories 科技培训,科普讲解)
"$kjzy" --db "$db" team add --name "金水区花园路街道志愿者服务队" --admin-mobile "+86 139 0371 0009" --parent "$team" >/dev/null

say "登记志愿者"
"$kjzy" --db "$db" volunteer add --name 张伟 --mobile "139 0371 0001" --id-number 410105195001010136 \
    --political-status 党员 --ethnicity 汉族 --title 副教授 --education 本科 --occupation 科研人员 \
    --service-categories 科技培训,科普讲解 --service-fields 科技咨询类 --team "$team" >/dev/null
"$kjzy" --db "$db" volunteer add --name 李娜 --mobile "0086-150-3710-0002" --id-number 410102195807150489 \
    --political-status 群众 --ethnicity 回族 --three-heads 是 --team "$team" >/dev/null
"$kjzy" --db "$db" volunteer add --name 王芳 --mobile 18637100003 --id-number "41022519631130168x" \
    --education 大专 --occupation 教师 --team "$team" >/dev/null

say "一条有误的登记：被拒绝，并指出每一处问题（退出码 1）"
"$kjzy" --db "$db" volunteer add --name 赵强 --mobile 1390371 --id-number 410105195001010130 \
    --ethnicity 火星族 --county 410102 || echo "（退出码 $?，未保存）"

say "志愿者名单（身份证号、手机号默认打码）"
"$kjzy" --db "$db" volunteer list
say "队伍"
"$kjzy" --db "$db" team list
say "JSON（CLI.md 约定的键名）"
"$kjzy" --db "$db" volunteer list --json >"$work/list.json"
head -n 24 "$work/list.json"
say "同步状态（尚未登记到服务器）"
"$kjzy" --db "$db" status

say "启动服务器（内嵌 SQLite，本机回环，端口自动选择）"
"$server" --data "$work/server" init
"$server" --data "$work/server" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
echo "服务器地址：$url"

say "金水区设备用一次性注册码登记，然后同步"
code=$("$server" --data "$work/server" enroll-code --scope 410105 --role county)
"$kjzy" --db "$db" enroll --server "$url" --code "$code"
"$kjzy" --db "$db" sync
"$kjzy" --db "$db" status
say "同一注册码不能再用（退出码 4）"
"$kjzy" --db "$work/other.sqlite" init --region 410105 >/dev/null
"$kjzy" --db "$work/other.sqlite" enroll --server "$url" --code "$code" || echo "（退出码 $?）"

# The province office takes in a unit's returned 附件2 workbook: every row gets a verdict, the
# rejected ones a report a clerk can act on; then progress against the targets and the export.
province="$work/province.sqlite"
say "省科协：导入单位交回的附件2（300 行，含常见错误）"
"$kjzy" --db "$province" init --region 410000
"$kjzy" --db "$province" import "$root/tests/data/fixtures/volunteers-sample.xlsx" \
    --rejects "$work/rejects.csv" 2>/dev/null || echo "（有被拒绝的行，退出码 $?）"
say "问题清单（前 6 行）"
head -n 6 "$work/rejects.csv"
say "再导入一次：没有任何变化"
"$kjzy" --db "$province" import "$root/tests/data/fixtures/volunteers-sample.xlsx" 2>/dev/null || true
say "各市登记进度（前 12 行）"
"$kjzy" --db "$province" stats >"$work/stats.txt"
head -n 12 "$work/stats.txt"
say "按附件2格式导出"
"$kjzy" --db "$province" export volunteers --out "$work/附件2-导出.xlsx"

say "省级设备登记并同步导入的数据"
code=$("$server" --data "$work/server" enroll-code --scope 410000 --role province)
"$kjzy" --db "$province" enroll --server "$url" --code "$code"
"$kjzy" --db "$province" sync || echo "（有被服务器退回的更改，退出码 $?）"

say "郑州市设备登记并下载本市的登记（离线前的准备）"
city="$work/zhengzhou.sqlite"
"$kjzy" --db "$city" init --region 410100
code=$("$server" --data "$work/server" enroll-code --scope 410100 --role city)
"$kjzy" --db "$city" enroll --server "$url" --code "$code"
"$kjzy" --db "$city" sync
"$kjzy" --db "$city" stats >"$work/city.txt"
head -n 8 "$work/city.txt"

# No link at all: the county's next registrations travel on a USB stick as a signed, encrypted
# bundle; the server applies it exactly like a network push and writes the device's reply.
say "金水区设备断网：新登记一人，导出数据包（本设备签名、只有服务器能解开）"
"$kjzy" --db "$db" volunteer add --name 陈静 --mobile 13703710004 --id-number 410105198802020020 \
    --political-status 共青团员 --team "$team" >/dev/null
"$kjzy" --db "$db" bundle export --out "$work/金水区.kjzy"
say "服务器导入数据包并写出回执；再导入一次也无害"
"$server" --data "$work/server" import-bundle "$work/金水区.kjzy" --reply "$work/金水区-回执.kjzy"
"$server" --data "$work/server" import-bundle "$work/金水区.kjzy" --reply "$work/金水区-回执2.kjzy" >/dev/null
say "金水区设备导入回执：更改已确认"
"$kjzy" --db "$db" bundle import "$work/金水区-回执.kjzy"
"$kjzy" --db "$db" status

say "服务器：全省登记库进度（前 12 行）"
"$server" --data "$work/server" report >"$work/report.txt"
head -n 12 "$work/report.txt"
say "服务器：已登记设备"
"$server" --data "$work/server" devices
say "服务器：导出全国系统导入表（附件2，完整信息，记入审计）"
"$server" --data "$work/server" export volunteers --out "$work/全省附件2.xlsx"
ls -l "$work/全省附件2.xlsx"
