#!/usr/bin/env bash
# Runs a command with a supported Node.js first on PATH.
#   bash scripts/with-node.sh npm run test:all:steps
# The project needs Node.js >= 22.12 (its engines); the suite runs on Node 24, the active LTS. When
# the machine's node is older than FLYTE_NODE_MIN (22.12 by default), Node 24 is installed once from
# the npm registry (the `node` package, which brings the official binary) into .cache/node, and the
# command runs with it. Set FLYTE_NODE_MIN=24 to insist on 24 whatever the machine has.
set -euo pipefail
cd "$(dirname "$0")/.."

MIN="${FLYTE_NODE_MIN:-22.12}"
CACHE="$PWD/.cache/node"

# 0 when the node on PATH (if any) is at least $MIN.
recent_enough() {
  command -v node >/dev/null 2>&1 || return 1
  node -e '
    const want = process.argv[1].split(".").map(Number);
    const have = process.versions.node.split(".").map(Number);
    for (let i = 0; i < 3; i++) {
      const a = have[i] ?? 0, b = want[i] ?? 0;
      if (a !== b) process.exit(a > b ? 0 : 1);
    }' "$MIN"
}

if ! recent_enough; then
  export PATH="$CACHE/node_modules/.bin:$PATH"
  if ! recent_enough; then
    echo "with-node: node $(node --version 2>/dev/null || echo none) is older than $MIN; installing Node 24 from the npm registry into .cache/node" >&2
    mkdir -p "$CACHE"
    npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error node@24 >&2
    hash -r # bash remembers where it found node before the install
    if ! recent_enough; then
      echo "with-node: the installed node ($(node --version)) is still older than $MIN" >&2
      exit 1
    fi
  fi
fi
echo "with-node: node $(node --version)" >&2
exec "$@"
