#!/usr/bin/env bash
# Runs the built services (services/<name>/dist/main.js) as background processes under Node 24.
# Usage: services.sh start|stop|restart|status [NAME...]   (default: all of IRONCAGE_SERVICES)
#   start    starts each built service that is not running (restarts one whose build is newer
#            than its process), then waits until every one answers GET /readyz with 200
#   stop     SIGTERM, up to IRONCAGE_STOP_GRACE (15) seconds for a graceful exit, then SIGKILL
# Each service gets the env of env.sh plus PORT, runs from the repository root, logs to
# .data/logs/<name>.log; its pid is in .data/run/<name>.pid.
set -euo pipefail
IC_COMPONENT=services
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

READY_TIMEOUT="${IRONCAGE_SERVICE_TIMEOUT:-120}"
STOP_GRACE="${IRONCAGE_STOP_GRACE:-15}"

action="${1:-status}"
shift || true
# shellcheck disable=SC2206 # the list is space-separated by design
names=(${*:-$IRONCAGE_SERVICES})
for n in "${names[@]}"; do
  service_port "$n" >/dev/null || die "unknown service '$n' (known: $IRONCAGE_SERVICES)"
done

main_of() { printf '%s/services/%s/dist/main.js' "$IC_ROOT" "$1"; }
log_of() { printf '%s/%s.log' "$IC_LOGS" "$1"; }
svc_pid() { running_pid "$1" "services/$1/dist/main.js"; }
ready() { http_ok "http://127.0.0.1:$1/readyz"; }

# The build (the service's dist or a lib's dist) is newer than the running process.
rebuilt_since_start() {
  local pf
  pf="$(pidfile "$1")"
  [[ -n "$(find "$IC_ROOT/services/$1/dist" "$IC_ROOT"/libs/*/dist -type f -newer "$pf" -print -quit 2>/dev/null)" ]]
}

cmd_start() {
  ensure_node24
  ensure_demo_env
  local n port pid missing=() failed=() waiting=() started=0
  for n in "${names[@]}"; do
    port="$(service_port "$n")"
    if [[ ! -f "$(main_of "$n")" ]]; then
      missing+=("$n")
      continue
    fi
    if pid="$(svc_pid "$n")"; then
      if rebuilt_since_start "$n"; then
        log "$n: rebuilt since it started, restarting"
        stop_pid "$n" "$STOP_GRACE" "services/$n/dist/main.js"
      else
        waiting+=("$n")
        continue
      fi
    fi
    if port_open 127.0.0.1 "$port"; then
      err "$n: port $port is taken by another process ($(port_owner "$port")); set IRONCAGE_PORT_$(printf '%s' "$n" | tr 'a-z-' 'A-Z_')"
      failed+=("$n")
      continue
    fi
    # Run from the repository root, like `node services/<name>/dist/main.js` in the image.
    pid="$(cd "$IC_ROOT" && PORT="$port" spawn "$n" "$(log_of "$n")" node "services/$n/dist/main.js")"
    started=$((started + 1))
    waiting+=("$n")
  done
  ((${#missing[@]})) && warn "not built, not started: ${missing[*]} (no services/<name>/dist/main.js)"
  ((started)) && log "started $started service(s); waiting for /readyz (up to ${READY_TIMEOUT}s)"

  local deadline=$((SECONDS + READY_TIMEOUT)) pending
  while ((${#waiting[@]})); do
    pending=()
    for n in "${waiting[@]}"; do
      port="$(service_port "$n")"
      if ! svc_pid "$n" >/dev/null; then
        err "$n exited during start-up (log: $(rel "$(log_of "$n")"))"
        show_log_tail "$(log_of "$n")" 40
        failed+=("$n")
      elif ready "$port"; then
        ok "$n ready on http://127.0.0.1:$port"
      else
        pending+=("$n")
      fi
    done
    waiting=("${pending[@]+"${pending[@]}"}")
    ((${#waiting[@]})) || break
    if ((SECONDS >= deadline)); then
      for n in "${waiting[@]}"; do
        err "$n not ready after ${READY_TIMEOUT}s: http://127.0.0.1:$(service_port "$n")/readyz (log: $(rel "$(log_of "$n")"))"
        show_log_tail "$(log_of "$n")" 40
        failed+=("$n")
      done
      break
    fi
    sleep 0.5
  done
  if ((${#failed[@]})); then
    die "not ready: ${failed[*]}"
  fi
  return 0
}

cmd_stop() {
  local n pid stopping=()
  for n in "${names[@]}"; do
    if pid="$(svc_pid "$n")"; then
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$n")
    else
      rm -f "$(pidfile "$n")"
    fi
  done
  ((${#stopping[@]})) || {
    log "no service running"
    return 0
  }
  log "SIGTERM sent to: ${stopping[*]}; waiting up to ${STOP_GRACE}s"
  local deadline=$(($(now_ms) + STOP_GRACE * 1000)) alive
  while :; do
    alive=()
    for n in "${stopping[@]}"; do svc_pid "$n" >/dev/null && alive+=("$n"); done
    ((${#alive[@]})) || break
    if (($(now_ms) >= deadline)); then
      for n in "${alive[@]}"; do
        warn "$n did not exit within ${STOP_GRACE}s: SIGKILL"
        pid="$(svc_pid "$n")" && kill -KILL "$pid" 2>/dev/null
      done
      sleep 0.5
      break
    fi
    sleep 0.25
  done
  for n in "${stopping[@]}"; do rm -f "$(pidfile "$n")"; done
  ok "stopped: ${stopping[*]}"
}

cmd_status() {
  local n port pid p state rc=0
  printf '%-15s %-6s %-8s %s\n' SERVICE PORT PID STATE
  for n in "${names[@]}"; do
    port="$(service_port "$n")"
    pid='-'
    if p="$(svc_pid "$n")"; then
      pid="$p"
      if ready "$port"; then state="ready   http://127.0.0.1:$port"; else
        state="running, /readyz not 200"
        rc=1
      fi
    elif [[ -f "$(main_of "$n")" ]]; then
      state="stopped"
    else
      state="not built"
    fi
    printf '%-15s %-6s %-8s %s\n' "$n" "$port" "$pid" "$state"
  done
  return "$rc"
}

case "$action" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart)
    cmd_stop
    cmd_start
    ;;
  status) cmd_status ;;
  *) die "usage: $0 start|stop|restart|status [NAME...]" ;;
esac
