#!/usr/bin/env bash
# Runs a command with a supported Node.js first on PATH.
#   bash scripts/with-node.sh npm run test:all:steps
# The project needs Node.js >= 22.12 (its engines); the suite runs on Node 24, the active LTS. When
# the machine's node is older than FLYTE_NODE_MIN (22.12 by default), Node 24 is installed once from
# the npm registry (the `node` package, which brings the official binary) into .cache/node-24, and
# the command runs with it. FLYTE_NODE_MAJOR=22 runs the command with Node 22 whatever the machine
# has (installed the same way into .cache/node-22 when the machine's node is another major).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

MIN="${FLYTE_NODE_MIN:-22.12}"
MAJOR="${FLYTE_NODE_MAJOR:-}"

# 0 when the node on PATH (if any) is at least $MIN, or of major $MAJOR when that is set.
suitable() {
  command -v node >/dev/null 2>&1 || return 1
  node -e '
    const [min, major] = process.argv.slice(1);
    const have = process.versions.node.split(".").map(Number);
    if (major !== "") process.exit(have[0] === Number(major) ? 0 : 1);
    const want = min.split(".").map(Number);
    for (let i = 0; i < 3; i++) {
      const a = have[i] ?? 0, b = want[i] ?? 0;
      if (a !== b) process.exit(a > b ? 0 : 1);
    }' "$MIN" "$MAJOR"
}

if ! suitable; then
  INSTALL="${MAJOR:-24}"
  CACHE="$ROOT/.cache/node-$INSTALL"
  export PATH="$CACHE/node_modules/.bin:$PATH"
  hash -r
  if ! suitable; then
    echo "with-node: node $(node --version 2>/dev/null || echo none) does not fit; installing Node $INSTALL from the npm registry into .cache/node-$INSTALL" >&2
    mkdir -p "$CACHE"
    npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "node@$INSTALL" >&2
    hash -r # bash remembers where it found node before the install
    if ! suitable; then
      echo "with-node: the installed node ($(node --version)) still does not fit" >&2
      exit 1
    fi
  fi
fi
echo "with-node: node $(node --version)" >&2
exec "$@"
