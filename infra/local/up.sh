#!/usr/bin/env bash
# `npm run up`: the whole platform on this machine, ready to use when it returns.
# Node 24 → npm ci (when the lock file changed) → infrastructure → build → migrations →
# demo credentials → seed hook → services → URLs. Idempotent; a second run only rebuilds what
# changed and restarts the services whose build changed.
set -euo pipefail
IC_COMPONENT=up
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IC_ROOT"

t0="$(now_ms)"
step() { printf '\n%s\n' "$(bold "── $*")"; }

step "Node 24 and dependencies"
ensure_node24
log "node $(node --version), npm $(npm --version)"
ensure_deps

step "Infrastructure"
bash "$IC_LOCAL/infra-up.sh"

step "Build (nx run-many -t build)"
ts="$(now_ms)"
npx --no-install nx run-many -t build || die "build failed"
ok "built in $(since "$ts")"

step "Database migrations (nx run-many -t db:migrate)"
# Only services that have a build: a db:migrate target runs the built entry point.
built=()
for n in $IRONCAGE_SERVICES; do
  [[ -f "services/$n/dist/main.js" ]] && built+=("$n")
done
if ((${#built[@]})); then
  ts="$(now_ms)"
  npx --no-install nx run-many -t db:migrate --projects="$(IFS=,; echo "${built[*]}")" || die "migrations failed"
  ok "migrations done in $(since "$ts")"
else
  log "no service is built yet: nothing to migrate"
fi

step "Demo credentials and seed data"
ensure_demo_env
ok "admin key in $(rel "$IC_DEMO_ENV")"
if [[ -f "$IC_LOCAL/seed.sh" ]]; then
  bash "$IC_LOCAL/seed.sh" || die "infra/local/seed.sh failed"
fi

step "Services"
bash "$IC_LOCAL/services.sh" start

running=0
for n in $IRONCAGE_SERVICES; do [[ -f "services/$n/dist/main.js" ]] && running=$((running + 1)); done
step "Iron Cage is up: infrastructure and $running of $(wc -w <<<"$IRONCAGE_SERVICES") services ($(since "$t0"))"
gw="http://127.0.0.1:$(service_port gateway)"
printf '  %-14s %s\n' "Gateway" "$gw" "API docs" "$gw/docs" "Temporal UI" "$TEMPORAL_UI_URL" \
  "NATS monitor" "$NATS_MONITOR_URL" "Postgres" "$DATABASE_URL" "NATS" "$NATS_URL" "Temporal" "$TEMPORAL_ADDRESS"
printf '  %-14s %s\n' "Admin key" "$IRONCAGE_ADMIN_KEY   (IRONCAGE_ADMIN_KEY, kept in $(rel "$IC_DEMO_ENV"))"
# Every other demo credential the seed wrote (virtual key, org admin key, …).
while IFS='=' read -r name value; do
  [[ "$name" =~ ^IRONCAGE_[A-Z_]+$ && "$name" != IRONCAGE_ADMIN_KEY ]] || continue
  printf '  %-14s %s\n' "" "$name=$value"
done <"$IC_DEMO_ENV"
printf '  %-14s %s\n' "" "(source $(rel "$IC_DEMO_ENV") to use them)"
printf '  %-14s %s\n' "Logs" "$(rel "$IC_LOGS")/<name>.log"
echo
bash "$IC_LOCAL/services.sh" status || true
echo
echo "  Stop with 'npm run down'; wipe every local state with 'npm run reset'."
