#!/usr/bin/env bash
# Installs what the browser tests need on Debian: chromium (driven by playwright-core) and the
# Noto CJK fonts (without them Chinese labels render as boxes). Does nothing when both are there.
set -euo pipefail
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
# (grep without -q: an early exit would SIGPIPE fc-list and, under pipefail, fail the test.)
fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
