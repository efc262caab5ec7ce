#!/usr/bin/env bash
# What runs where: infrastructure, services, tools, data. Exit 0 when everything installed runs.
set -euo pipefail
IC_COMPONENT=status
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=0
printf '%s\n' "$(bold 'Infrastructure')"
for c in "${IC_INFRA_COMPONENTS[@]}"; do
  bash "$IC_LOCAL/$c.sh" status || rc=1
done
printf '\n%s\n' "$(bold 'Services')"
bash "$IC_LOCAL/services.sh" status || rc=1
printf '\n%s\n' "$(bold 'Endpoints')"
printf '  %-15s %s\n' DATABASE_URL "$DATABASE_URL" NATS_URL "$NATS_URL" TEMPORAL_ADDRESS "$TEMPORAL_ADDRESS" \
  "Temporal UI" "$TEMPORAL_UI_URL" "NATS monitor" "$NATS_MONITOR_URL" "Docker" "unix://$IRONCAGE_DOCKER_SOCKET"
printf '\n%s\n' "$(bold 'Local state')"
node_bin="$IC_NODE_PREFIX/node_modules/.bin/node"
printf '  %-15s %s\n' "Node" "$({ [[ -x "$node_bin" ]] && "$node_bin" --version; } || echo 'not installed')"
printf '  %-15s %s\n' "data" "$IC_DATA ($(du -sh "$IC_DATA" 2>/dev/null | cut -f1))"
[[ -L "$IC_DATA/pg" ]] && printf '  %-15s %s\n' "postgres data" "$(readlink -f "$IC_DATA/pg") (out of tree)"
printf '  %-15s %s\n' "logs" "$IC_LOGS"
exit "$rc"
