#!/bin/sh
# Installs what the browser test (test/browser/report.test.ts) needs: Chromium at /usr/bin/chromium and a CJK
# font so that screenshots of report.html show Chinese text. Idempotent: does nothing when both are present.
set -eu
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
fc-list :lang=zh 2>/dev/null | grep -q . || need="$need fonts-noto-cjk"
if [ -n "$need" ]; then
  $SUDO apt-get update
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $need
fi
command -v chromium
