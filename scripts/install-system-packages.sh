#!/usr/bin/env bash
# Debian packages the tests need that pip cannot provide: redis-server (the two-process tests),
# chromium (the browser tests, driven by Playwright) and fonts-noto-cjk (without a Chinese font
# every character in a screenshot is an empty box).
# Installs only what is missing; uses sudo when not root.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
