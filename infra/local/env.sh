# shellcheck shell=bash
# Endpoints of the local stack. Source it (`source infra/local/env.sh`): every value that is
# already set in the environment wins, so CI or a developer can point elsewhere.
# Run it (`bash infra/local/env.sh`) to print the values as KEY=VALUE lines (dotenv), e.g. for a
# Jest global setup that cannot source bash.

# Where the local infrastructure listens (the scripts under infra/local start it there).
: "${IRONCAGE_PG_HOST:=127.0.0.1}"
: "${IRONCAGE_PG_PORT:=5432}"
: "${IRONCAGE_PG_USER:=ironcage}"
: "${IRONCAGE_PG_PASSWORD:=ironcage}"
: "${IRONCAGE_PG_DATABASE:=ironcage}"
: "${IRONCAGE_NATS_PORT:=4222}"
: "${IRONCAGE_NATS_MONITOR_PORT:=8222}"
: "${IRONCAGE_TEMPORAL_PORT:=7233}"
: "${IRONCAGE_TEMPORAL_UI_PORT:=8233}"
: "${IRONCAGE_DOCKER_SOCKET:=/var/run/docker.sock}"
# IRONCAGE_DOCKER=0 leaves the Docker engine out of the stack (for machines that cannot run it).
: "${IRONCAGE_DOCKER:=1}"
: "${IRONCAGE_VAULT_PORT:=8200}"

# What the services and the tests read.
: "${DATABASE_URL:=postgres://${IRONCAGE_PG_USER}:${IRONCAGE_PG_PASSWORD}@${IRONCAGE_PG_HOST}:${IRONCAGE_PG_PORT}/${IRONCAGE_PG_DATABASE}}"
: "${NATS_URL:=nats://127.0.0.1:${IRONCAGE_NATS_PORT}}"
: "${NATS_MONITOR_URL:=http://127.0.0.1:${IRONCAGE_NATS_MONITOR_PORT}}"
: "${TEMPORAL_ADDRESS:=127.0.0.1:${IRONCAGE_TEMPORAL_PORT}}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${TEMPORAL_UI_URL:=http://127.0.0.1:${IRONCAGE_TEMPORAL_UI_PORT}}"
: "${LOG_LEVEL:=info}"
# The Vault-API server (OpenBao dev mode) for the credentials service's Vault backend and its tests.
: "${VAULT_ADDR:=http://127.0.0.1:${IRONCAGE_VAULT_PORT}}"
: "${IRONCAGE_VAULT_TOKEN:=ironcage-dev-root}"

# The services, in port order: the first gets IRONCAGE_BASE_PORT, the next one more, and so on.
# One port can be moved with IRONCAGE_PORT_<NAME> (upper case, '-' as '_'), e.g. IRONCAGE_PORT_MCP_CATALOG.
: "${IRONCAGE_SERVICES:=gateway guardrails budget sandbox credentials mcp-catalog observability data-sync agent-runtime}"
: "${IRONCAGE_BASE_PORT:=8080}"
: "${IRONCAGE_GATEWAY_URL:=http://127.0.0.1:${IRONCAGE_PORT_GATEWAY:-${IRONCAGE_BASE_PORT}}}"

export IRONCAGE_PG_HOST IRONCAGE_PG_PORT IRONCAGE_PG_USER IRONCAGE_PG_PASSWORD IRONCAGE_PG_DATABASE \
  IRONCAGE_NATS_PORT IRONCAGE_NATS_MONITOR_PORT IRONCAGE_TEMPORAL_PORT IRONCAGE_TEMPORAL_UI_PORT \
  IRONCAGE_DOCKER_SOCKET IRONCAGE_DOCKER DATABASE_URL NATS_URL NATS_MONITOR_URL TEMPORAL_ADDRESS \
  TEMPORAL_NAMESPACE TEMPORAL_UI_URL LOG_LEVEL IRONCAGE_SERVICES IRONCAGE_BASE_PORT IRONCAGE_GATEWAY_URL \
  IRONCAGE_VAULT_PORT VAULT_ADDR IRONCAGE_VAULT_TOKEN

# The demo credentials that `npm run up` generated once (IRONCAGE_ADMIN_KEY), when there are any.
_ic_env_demo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/.data/demo.env"
if [[ -z "${IRONCAGE_ADMIN_KEY:-}" && -r "$_ic_env_demo" ]]; then
  # shellcheck disable=SC1090
  source "$_ic_env_demo"
  export IRONCAGE_ADMIN_KEY
fi
unset _ic_env_demo

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  for _ic_var in IRONCAGE_PG_HOST IRONCAGE_PG_PORT IRONCAGE_PG_USER IRONCAGE_PG_PASSWORD IRONCAGE_PG_DATABASE \
    IRONCAGE_NATS_PORT IRONCAGE_NATS_MONITOR_PORT IRONCAGE_TEMPORAL_PORT IRONCAGE_TEMPORAL_UI_PORT \
    IRONCAGE_DOCKER_SOCKET IRONCAGE_DOCKER DATABASE_URL NATS_URL NATS_MONITOR_URL TEMPORAL_ADDRESS \
    TEMPORAL_NAMESPACE TEMPORAL_UI_URL LOG_LEVEL IRONCAGE_SERVICES IRONCAGE_BASE_PORT IRONCAGE_GATEWAY_URL \
    IRONCAGE_VAULT_PORT VAULT_ADDR IRONCAGE_VAULT_TOKEN IRONCAGE_ADMIN_KEY; do
    [[ -n "${!_ic_var:-}" ]] && printf '%s=%s\n' "$_ic_var" "${!_ic_var}"
  done
  exit 0
fi
