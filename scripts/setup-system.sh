#!/usr/bin/env bash
# System packages the test suite needs (Debian's chromium for the web app's Playwright tests).
# Safe to run repeatedly; skipped when everything is already there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup-system: please install: ${need[*]} (Debian: apt-get install ${need[*]})" >&2
  fi
fi
