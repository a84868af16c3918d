#!/usr/bin/env bash
# Installs the Debian 12 packages kjzy builds and tests with. Idempotent: skips apt entirely when
# everything is already there, so repeated runs (and CI on a prepared machine) cost nothing.
set -euo pipefail

# qt6-websockets-dev: Debian's Qt6HttpServer CMake package requires Qt6WebSockets but the -dev
# package does not depend on it. qt6-tools-dev: Qt6LinguistTools for kjzy-desktop's zh_CN
# translation. xvfb, xauth, fonts-wqy-microhei: the desktop screenshots under Xvfb, with a CJK font
# so Chinese is drawn as text, not boxes; qt6-translations-l10n: Qt's own dialogs in Chinese.
# time: /usr/bin/time -f %M, the benchmarks' peak memory of real processes. nginx-light and
# openssl: TestNginxFront runs the shipped deploy/nginx/kjzy.conf in a real nginx, with a
# self-signed certificate made by openssl.
packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite libqt6sql6-psql
    libsodium-dev libquazip1-qt6-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-translations-l10n xvfb xauth fonts-wqy-microhei time
    sqlite3 libsqlite3-dev python3 python3-openpyxl
    nginx-light openssl
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "缺少软件包：${missing[*]}；请以 root 身份运行（或 sudo $0）" >&2
    exit 1
fi
echo "安装软件包：${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
