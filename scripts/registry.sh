#!/usr/bin/env bash
# A container registry on loopback, for `tsflyte build --push` tests.
#   bash scripts/registry.sh start    use the registry at 127.0.0.1:${FLYTE_TEST_REGISTRY_PORT:-5000} if
#                                     it answers; else (root, Debian) install docker-registry with
#                                     apt and serve it there (storage in a temporary folder)
#   bash scripts/registry.sh stop     stop a registry this script started
#   bash scripts/registry.sh status   exit 0 when the registry answers
# Docker treats registries on 127.0.0.0/8 as insecure (plain HTTP) without configuration.
set -euo pipefail

PORT="${FLYTE_TEST_REGISTRY_PORT:-5000}"
PID_FILE=/var/run/flytekit-ts-registry.pid
LOG_FILE=/var/log/flytekit-ts-registry.log
STORAGE=/var/lib/flytekit-ts-registry

answers() { curl -fsS "http://127.0.0.1:$PORT/v2/" >/dev/null 2>&1; }

start() {
  if answers; then return 0; fi
  if ! command -v docker-registry >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "registry: nothing answers on 127.0.0.1:$PORT and docker-registry cannot be installed here (needs root and apt)" >&2
      exit 1
    fi
    echo "registry: installing docker-registry" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry curl >/dev/null
    # The package starts a service of its own on :5000 where an init system runs; this script owns it.
    pkill -x docker-registry 2>/dev/null || true
  fi
  mkdir -p "$STORAGE"
  local config
  config="$(mktemp /tmp/flytekit-ts-registry-XXXXXX.yml)"
  cat >"$config" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STORAGE
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
YAML
  echo "registry: serving on 127.0.0.1:$PORT" >&2
  nohup docker-registry serve "$config" >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 40); do
    if answers; then return 0; fi
    sleep 0.25
  done
  echo "registry: nothing answered within 10s; its log:" >&2
  tail -20 "$LOG_FILE" >&2
  exit 1
}

stop() {
  if [ -f "$PID_FILE" ]; then
    kill "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *)
    echo "usage: bash scripts/registry.sh start|stop|status" >&2
    exit 2
    ;;
esac
