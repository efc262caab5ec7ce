#!/usr/bin/env bash
# Hook run by up.sh after migrations and before the services start, with env.sh's variables and
# IRONCAGE_ADMIN_KEY exported. Idempotent demo seeding (it runs on every `npm run up`): the
# gateway's seed creates the demo organisation, team, project and user when missing, and keeps
# IRONCAGE_API_KEY (a virtual key allowed the mock models) and IRONCAGE_ORG_ADMIN_KEY (an admin
# key of the demo org) in .data/demo.env while they still work, issuing new ones otherwise.
set -euo pipefail
IC_COMPONENT=seed
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IC_ROOT"

seed="services/gateway/dist/admin/seed/seed.main.js"
if [[ ! -f "$seed" ]]; then
  warn "gateway is not built ($seed missing): no demo data"
  exit 0
fi
ensure_demo_env
out="$(node "$seed" "$IC_DEMO_ENV")" || die "gateway demo seed failed"
ok "$out"
ok "IRONCAGE_API_KEY and IRONCAGE_ORG_ADMIN_KEY in $(rel "$IC_DEMO_ENV")"
