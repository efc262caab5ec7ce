#!/usr/bin/env bash
# `npm run down`: stops the services, then the infrastructure. Data stays in .data/.
set -euo pipefail
IC_COMPONENT=down
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$IC_LOCAL/services.sh" stop
bash "$IC_LOCAL/infra-down.sh"
