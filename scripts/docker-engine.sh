#!/usr/bin/env bash
# A Docker engine for the tests and the container examples.
#   bash scripts/docker-engine.sh start   use the engine at DOCKER_HOST or /var/run/docker.sock if it
#                                         answers; else (root, Debian) install docker.io and
#                                         busybox-static with apt and start dockerd without a bridge
#                                         network, and wait until it answers
#   bash scripts/docker-engine.sh stop    stop a dockerd this script started
#   bash scripts/docker-engine.sh status  exit 0 when an engine answers
# Test images are built offline with `docker import`; scripts/registry.sh serves a registry for the push tests.
set -euo pipefail
# Debian installs dockerd in /usr/sbin, which a non-login shell's PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

PID_FILE=/var/run/flytekit-ts-dockerd.pid
LOG_FILE=/var/log/flytekit-ts-dockerd.log

answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v busybox >/dev/null 2>&1 || missing+=(busybox-static)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "docker-engine: no Docker engine answers and ${missing[*]} cannot be installed here (needs root and apt)" >&2
      exit 1
    fi
    echo "docker-engine: installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start() {
  if answers; then
    command -v busybox >/dev/null 2>&1 || install_packages
    return 0
  fi
  install_packages
  if [ -n "${DOCKER_HOST:-}" ]; then
    echo "docker-engine: DOCKER_HOST=$DOCKER_HOST does not answer" >&2
    exit 1
  fi
  echo "docker-engine: starting dockerd (no bridge network)" >&2
  nohup dockerd --bridge=none --iptables=false --ip6tables=false >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 60); do
    if answers; then return 0; fi
    sleep 0.5
  done
  echo "docker-engine: dockerd did not answer within 30s; its log:" >&2
  tail -20 "$LOG_FILE" >&2
  exit 1
}

stop() {
  if [ -f "$PID_FILE" ]; then
    kill "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
