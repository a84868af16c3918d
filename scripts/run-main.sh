#!/usr/bin/env bash
# The main job: install, build in Release, then real sessions of the kjzy program on fresh SQLite
# databases: a county clerk creates a team and registers volunteers (one refused with every rule
# it broke), lists them masked and as JSON; the province imports a returned 附件2 workbook, shows
# progress against the targets and exports the template table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build/release" -DCMAKE_BUILD_TYPE=Release -DKJZY_BUILD_TESTS=OFF

kjzy="$root/build/release/client/kjzy"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
"$kjzy" --db "$db" volunteer list --json | head -24
say "同步状态"
"$kjzy" --db "$db" status

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
"$kjzy" --db "$province" stats | head -n 12
say "按附件2格式导出"
"$kjzy" --db "$province" export volunteers --out "$work/附件2-导出.xlsx"
