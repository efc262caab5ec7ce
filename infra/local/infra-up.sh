#!/usr/bin/env bash
# Installs what is missing and starts PostgreSQL, NATS (JetStream), the Temporal dev server and
# the Docker engine; returns when all of them are ready. A second run is a fast no-op.
set -euo pipefail
IC_COMPONENT=infra
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0="$(now_ms)"
# Installs one at a time (apt and pip hold locks), then the starts in parallel.
for c in "${IC_INFRA_COMPONENTS[@]}"; do
  bash "$IC_LOCAL/$c.sh" install
done
run_components start "${IC_INFRA_COMPONENTS[@]}" || die "infrastructure did not come up (logs in $(rel "$IC_LOGS"))"
ok "infrastructure ready in $(since "$t0")"
