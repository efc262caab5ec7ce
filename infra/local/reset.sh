#!/usr/bin/env bash
# `npm run reset`: down, then delete .data/ (databases, JetStream store, Temporal history, Docker
# images, installed tools, logs, demo credentials), including a PostgreSQL cluster that lives
# outside the checkout (see postgres.sh).
set -euo pipefail
IC_COMPONENT=reset
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$IC_LOCAL/down.sh"

if [[ -L "$IC_DATA/pg" ]]; then
  target="$(readlink -f "$IC_DATA/pg")"
  # Only ever a directory this project made: /var/lib/ironcage/<hash>/pg.
  if [[ "$target" == /var/lib/ironcage/*/pg ]]; then
    log "deleting the out-of-tree PostgreSQL cluster $(dirname "$target")"
    as_root rm -rf -- "$(dirname "$target")"
  fi
fi
log "deleting $(rel "$IC_DATA")"
as_root rm -rf -- "$IC_DATA"
ok "reset: the next 'npm run up' starts from scratch"
