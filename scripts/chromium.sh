#!/usr/bin/env bash
# A headless browser for the deck tests: uses chromium on the PATH, else (root, Debian) installs
# Debian's chromium package with apt.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not installed and cannot be installed here (needs root and apt)" >&2
  exit 1
fi
echo "chromium: installing Debian's chromium" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
