#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright journeys (npm run test:e2e) when it is missing.
# Never downloads a browser of its own: the only source is Debian's `chromium` package (apt-get).
# CI runs as root on a fresh Debian machine; elsewhere it uses sudo when available.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Chromium is missing and this user cannot install it: run 'apt-get install -y chromium' as root." >&2
  exit 1
fi

echo "[e2e] Installing Debian's chromium (apt-get install -y chromium)…"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "apt-get finished but chromium is still not on PATH." >&2; exit 1; }
echo "[e2e] $(chromium --version 2>/dev/null || echo chromium installed)"
