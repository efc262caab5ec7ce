#!/usr/bin/env bash
# Stops OpenBao, the Docker engine, the Temporal dev server, NATS and PostgreSQL started by infra-up.sh.
# Their data stays in .data/ (npm run reset wipes it).
set -euo pipefail
IC_COMPONENT=infra
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0="$(now_ms)"
run_components stop "${IC_INFRA_COMPONENTS[@]}" openbao || die "some infrastructure did not stop cleanly (logs in $(rel "$IC_LOGS"))"
ok "infrastructure stopped in $(since "$t0")"
