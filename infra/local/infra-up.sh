#!/usr/bin/env bash
# Installs what is missing and starts PostgreSQL, NATS (JetStream), the Temporal dev server, OpenBao and
# the Docker engine; returns when all of them are ready. A second run is a fast no-op.
set -euo pipefail
IC_COMPONENT=infra
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0="$(now_ms)"
# Installs one at a time (apt and pip hold locks), then the starts in parallel.
# OpenBao (Vault API) is the credentials service's second secret backend.
components=("${IC_INFRA_COMPONENTS[@]}" openbao)
for c in "${components[@]}"; do
  bash "$IC_LOCAL/$c.sh" install
done
run_components start "${components[@]}" || die "infrastructure did not come up (logs in $(rel "$IC_LOGS"))"
ok "infrastructure ready in $(since "$t0")"
