#!/usr/bin/env bash
# The tests drive Debian's Chromium (with CJK fonts, so Chinese renders) and
# LibreOffice headless (to edit workbooks as a person would). Installs what is
# missing when run as root; otherwise says what to install.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
[ -x /usr/bin/soffice ] || need+=(libreoffice-calc-nogui)
/usr/bin/python3 -c "import uno" 2>/dev/null || need+=(python3-uno)

if [ ${#need[@]} -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "测试需要这些系统软件包：${need[*]}" >&2
  echo "请运行：sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "安装测试所需的系统软件包：${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
