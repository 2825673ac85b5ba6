#!/usr/bin/env bash
# The tests drive Debian's Chromium (with CJK fonts, so Chinese renders),
# LibreOffice headless (to edit workbooks as a person would), redis-server and
# bubblewrap. Installs what is
# missing when run as root; otherwise says what to install.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
[ -x /usr/bin/soffice ] || need+=(libreoffice-calc-nogui)
/usr/bin/python3 -c "import uno" 2>/dev/null || need+=(python3-uno)
# Several instances sharing one cache and lockout (Redis), and the serverless
# run with read-only disks (bubblewrap), and PDFs read back (poppler-utils).
command -v redis-server >/dev/null || need+=(redis-server)
command -v bwrap >/dev/null || need+=(bubblewrap)
command -v pdftotext >/dev/null || need+=(poppler-utils)

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
