#!/usr/bin/env bash
# Docker engine for the sandbox service: Debian's docker.io, dockerd started as a background
# process (no systemd needed) on the default socket, images and containers in .data/docker.
# Storage driver: overlay2, falling back to vfs where overlay mounts are refused; the one that
# worked is remembered in .data/docker/storage-driver. An engine that already answers on the
# socket (e.g. a system Docker) is used as it is.
# IRONCAGE_DOCKER=0 skips all of this, for machines where dockerd cannot run.
# Usage: docker.sh [start|stop|status|install]   (default: start; every command is idempotent)
set -euo pipefail
IC_COMPONENT=docker
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DOCKER_DIR="$IC_DATA/docker"
DOCKER_LOG="$IC_LOGS/docker.log"
DRIVER_FILE="$DOCKER_DIR/storage-driver"
SOCKET="$IRONCAGE_DOCKER_SOCKET"
export DOCKER_HOST="unix://$SOCKET"

if [[ "$IRONCAGE_DOCKER" == 0 ]]; then
  case "${1:-start}" in
    start | install | status) log "skipped (IRONCAGE_DOCKER=0): the sandbox cannot run containers" ;;
    stop) ;;
  esac
  exit 0
fi

engine_ok() { timeout 5 docker info >/dev/null 2>&1; }

cmd_install() {
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    apt_install docker.io
  fi
  command -v dockerd >/dev/null 2>&1 || die "docker.io installed but dockerd is not on PATH"
}

report() {
  local driver
  driver="$(timeout 5 docker info --format '{{.Driver}}' 2>/dev/null || echo '?')"
  ok "ready on $SOCKET (storage driver: $driver, data: $(rel "$DOCKER_DIR"), log: $(rel "$DOCKER_LOG"))"
}

# try_driver DRIVER: starts dockerd with DRIVER; 0 when `docker info` answers.
try_driver() {
  local driver="$1" pid rc=0
  # dockerd writes its own pid file; ours (run/docker.pid) is written by spawn.
  local args=(--data-root "$DOCKER_DIR" --host "unix://$SOCKET" --pidfile "$IC_RUN/dockerd-self.pid"
    --storage-driver "$driver" --iptables="${IRONCAGE_DOCKER_IPTABLES:-false}" --log-level "${IRONCAGE_DOCKERD_LOG_LEVEL:-warn}")
  # shellcheck disable=SC2206 # extra flags are meant to be split
  [[ -n "${IRONCAGE_DOCKERD_ARGS:-}" ]] && args+=(${IRONCAGE_DOCKERD_ARGS})
  log "starting dockerd with the $driver storage driver"
  pid="$(spawn docker "$DOCKER_LOG" dockerd "${args[@]}")"
  wait_until "${IRONCAGE_DOCKER_TIMEOUT:-60}" "$pid" engine_ok || rc=$?
  ((rc == 0)) && return 0
  show_log_tail "$DOCKER_LOG" 15
  if ((rc == 2)); then
    warn "dockerd exited during start-up with the $driver driver"
  else
    warn "dockerd did not answer within ${IRONCAGE_DOCKER_TIMEOUT:-60}s with the $driver driver"
    stop_pid docker 20 dockerd
  fi
  return 1
}

cmd_start() {
  if running_pid docker dockerd >/dev/null && engine_ok; then
    report
    return 0
  fi
  cmd_install
  if ! running_pid docker dockerd >/dev/null && engine_ok; then
    ok "using the Docker engine that already answers on $SOCKET (not managed by this script)"
    return 0
  fi
  stop_pid docker 20 dockerd
  mkdir -p "$DOCKER_DIR"
  local drivers=(overlay2 vfs) driver
  [[ -n "${IRONCAGE_DOCKER_STORAGE_DRIVER:-}" ]] && drivers=("$IRONCAGE_DOCKER_STORAGE_DRIVER")
  [[ -z "${IRONCAGE_DOCKER_STORAGE_DRIVER:-}" && -s "$DRIVER_FILE" ]] && drivers=("$(<"$DRIVER_FILE")")
  for driver in "${drivers[@]}"; do
    if try_driver "$driver"; then
      printf '%s\n' "$driver" >"$DRIVER_FILE"
      report
      return 0
    fi
  done
  die "dockerd cannot run on this machine (tried: ${drivers[*]}; log: $(rel "$DOCKER_LOG")). Set IRONCAGE_DOCKER=0 to run the stack without Docker (the sandbox service then cannot execute code)."
}

cmd_stop() {
  if running_pid docker dockerd >/dev/null; then
    # Containers get dockerd's own shutdown timeout (15 s) before it exits.
    stop_pid docker 40 dockerd
    ok "stopped"
  else
    rm -f "$(pidfile docker)"
    log "not running (or not managed by this script)"
  fi
}

cmd_status() {
  local pid
  if pid="$(running_pid docker dockerd)"; then
    if engine_ok; then
      ok "running (pid $pid) on $SOCKET, storage driver $(timeout 5 docker info --format '{{.Driver}}' 2>/dev/null)"
    else
      warn "dockerd running (pid $pid) but docker info does not answer"
      return 1
    fi
  elif engine_ok; then
    ok "an engine not managed by this script answers on $SOCKET"
  else
    log "stopped"
    return 3
  fi
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  install) cmd_install ;;
  *) die "usage: $0 [start|stop|status|install]" ;;
esac
