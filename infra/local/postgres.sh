#!/usr/bin/env bash
# PostgreSQL from Debian's packages, one cluster per checkout, on 127.0.0.1:$IRONCAGE_PG_PORT.
# Usage: postgres.sh [start|stop|status|install]   (default: start; every command is idempotent)
#
# initdb and postgres refuse to run as root, so as root the cluster belongs to the `postgres`
# system user. That user must be able to reach the cluster directory: when it cannot traverse the
# checkout (e.g. a clone under /root, mode 700), the cluster lives in
# /var/lib/ironcage/<hash of the checkout path>/pg and .data/pg is a symlink to it.
# Without root the cluster simply belongs to the current user, in .data/pg.
set -euo pipefail
IC_COMPONENT=postgres
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_LINK="$IC_DATA/pg"
PG_LOG="$IC_LOGS/postgres.log"
PG_OUT_OF_TREE_BASE=/var/lib/ironcage

pg_owner() { if is_root; then echo postgres; else id -un; fi; }
as_pg() { as_user "$(pg_owner)" "$@"; }

# The newest installed server, or the one matching an existing cluster.
pg_bindir() {
  local want="${1:-}" dir
  if [[ -n "$want" && -x "/usr/lib/postgresql/$want/bin/pg_ctl" ]]; then
    echo "/usr/lib/postgresql/$want/bin"
    return 0
  fi
  [[ -n "$want" ]] && return 1
  dir="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$dir" ]] || return 1
  dirname "$dir"
}

cmd_install() {
  if ! pg_bindir >/dev/null; then
    apt_install postgresql
    pg_bindir >/dev/null || die "postgresql installed but no /usr/lib/postgresql/*/bin/pg_ctl found"
  fi
  is_root && ! id postgres >/dev/null 2>&1 && die "the 'postgres' system user is missing (reinstall the postgresql package)"
  return 0
}

repo_hash() { printf '%s' "$IC_ROOT" | sha256sum | cut -c1-12; }

# Resolves (and with "create", makes) the directory that holds data/, run/ and initdb.log.
pg_home() {
  local mode="${1:-}"
  if [[ -L "$PG_LINK" ]]; then
    readlink -f "$PG_LINK"
    return 0
  fi
  if [[ -d "$PG_LINK" ]]; then
    echo "$PG_LINK"
    return 0
  fi
  [[ "$mode" == create ]] || return 1
  mkdir -p "$IC_DATA"
  local owner
  owner="$(pg_owner)"
  if is_root && ! as_user "$owner" test -x "$IC_DATA"; then
    local home
    home="$PG_OUT_OF_TREE_BASE/$(repo_hash)/pg"
    if [[ -e "$home" ]]; then
      # Left over from an earlier checkout at this path whose .data was deleted: .data is the
      # source of truth, so start afresh unless that cluster still runs.
      if [[ -f "$home/data/postmaster.pid" ]] && kill -0 "$(head -n1 "$home/data/postmaster.pid")" 2>/dev/null; then
        warn "reusing the running cluster in $home"
      else
        rm -rf "$home"
      fi
    fi
    mkdir -p "$home"
    chmod 755 "$PG_OUT_OF_TREE_BASE" "$(dirname "$home")"
    printf '%s\n' "$IC_ROOT" >"$(dirname "$home")/checkout"
    chown "$owner:" "$home"
    chmod 700 "$home"
    ln -sfn "$home" "$PG_LINK"
    log "$(rel "$IC_DATA") is not reachable by the '$owner' user: cluster kept in $home (symlinked from $(rel "$PG_LINK"))" >&2
    echo "$home"
  else
    mkdir -p "$PG_LINK"
    chown "$owner:" "$PG_LINK"
    chmod 700 "$PG_LINK"
    echo "$PG_LINK"
  fi
}

# Unix sockets have a ~107-byte path limit: fall back to /tmp for deep checkouts.
pg_sockdir() {
  local home="$1"
  if ((${#home} <= 80)); then echo "$home/run"; else echo "/tmp/ironcage-pg-$(repo_hash)"; fi
}

local_url() { echo "postgres://${IRONCAGE_PG_USER}:${IRONCAGE_PG_PASSWORD}@127.0.0.1:${IRONCAGE_PG_PORT}/${IRONCAGE_PG_DATABASE}"; }

# pg_ctl start in a subshell: the postmaster must not inherit our descriptors beyond 0-2.
pg_ctl_start() {
  cd /
  if is_root; then
    exec_closing_fds runuser -u postgres -- "$BIN/pg_ctl" "$@"
  else
    exec_closing_fds "$BIN/pg_ctl" "$@"
  fi
}

pg_running() { as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }
app_login_ok() { PGCONNECT_TIMEOUT=3 "$BIN/psql" "$(local_url)" -XqtAc 'select 1' >/dev/null 2>&1; }

# Sets BIN, HOME_DIR, PGDATA, SOCKDIR for an existing or (with "create") new cluster.
resolve() {
  HOME_DIR="$(pg_home "${1:-}")" || return 1
  PGDATA="$HOME_DIR/data"
  SOCKDIR="$(pg_sockdir "$HOME_DIR")"
  if [[ -f "$PGDATA/PG_VERSION" ]]; then
    local v
    v="$(<"$PGDATA/PG_VERSION")"
    BIN="$(pg_bindir "$v")" || die "the cluster in $PGDATA was made by PostgreSQL $v, which is not installed: apt-get install postgresql-$v, or wipe it with npm run reset"
  else
    BIN="$(pg_bindir)" || die "PostgreSQL is not installed (run: $0 install)"
  fi
}

write_config() {
  local owner
  owner="$(pg_owner)"
  mkdir -p "$SOCKDIR"
  chown "$owner:" "$SOCKDIR"
  chmod 700 "$SOCKDIR"
  # Local development settings: durability traded for speed (a crash of the machine may lose
  # the last transactions), generous connections for nine services plus tests.
  cat >"$PGDATA/ironcage.conf" <<EOF
# Written by infra/local/postgres.sh at every start: edit that script, not this file.
listen_addresses = '127.0.0.1'
port = ${IRONCAGE_PG_PORT}
unix_socket_directories = '${SOCKDIR}'
max_connections = 300
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
EOF
  chown "$owner:" "$PGDATA/ironcage.conf"
  grep -q "^include_if_exists = 'ironcage.conf'" "$PGDATA/postgresql.conf" ||
    printf "\ninclude_if_exists = 'ironcage.conf'\n" >>"$PGDATA/postgresql.conf"
}

init_cluster() {
  local logfile="$IC_LOGS/postgres-initdb.log"
  log "initdb $PGDATA (log: $(rel "$logfile"))"
  mkdir -p "$PGDATA"
  chown "$(pg_owner):" "$PGDATA"
  chmod 700 "$PGDATA"
  if ! as_pg "$BIN/initdb" -D "$PGDATA" -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 >>"$logfile" 2>&1; then
    # Older servers or machines without the C.UTF-8 locale.
    rm -rf "${PGDATA:?}"/*
    as_pg "$BIN/initdb" -D "$PGDATA" -E UTF8 --no-locale --auth-local=peer --auth-host=scram-sha-256 >>"$logfile" 2>&1 || {
      show_log_tail "$logfile" 20
      die "initdb failed (log: $(rel "$logfile"))"
    }
  fi
}

# Role and database of the application (superuser: tests create and drop their own schemas).
ensure_app_db() {
  as_pg "$BIN/psql" -h "$SOCKDIR" -p "$IRONCAGE_PG_PORT" -d postgres -Xq -v ON_ERROR_STOP=1 \
    -v user="$IRONCAGE_PG_USER" -v pass="$IRONCAGE_PG_PASSWORD" -v db="$IRONCAGE_PG_DATABASE" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN SUPERUSER', :'user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN SUPERUSER PASSWORD %L', :'user', :'pass') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

report() { ok "ready on 127.0.0.1:${IRONCAGE_PG_PORT} — DATABASE_URL=$(local_url) (data: $PGDATA, log: $(rel "$PG_LOG"))"; }

cmd_start() {
  cmd_install
  resolve create
  if pg_running; then
    app_login_ok || ensure_app_db
    report
    return 0
  fi
  if port_open 127.0.0.1 "$IRONCAGE_PG_PORT"; then
    die "port $IRONCAGE_PG_PORT is taken by another process ($(port_owner "$IRONCAGE_PG_PORT")): stop it (a Debian cluster: pg_lsclusters; pg_ctlcluster <ver> main stop) or set IRONCAGE_PG_PORT"
  fi
  [[ -f "$PGDATA/PG_VERSION" ]] || init_cluster
  write_config
  log "starting PostgreSQL $(basename "$(dirname "$BIN")") (data: $PGDATA)"
  printf '\n===== %s pg_ctl start\n' "$(date -u +%FT%TZ)" >>"$PG_LOG"
  # The log is opened here, by this shell, so it works even where the postgres user cannot write.
  if ! (pg_ctl_start -D "$PGDATA" -w -t "${IRONCAGE_PG_TIMEOUT:-60}" start) </dev/null >>"$PG_LOG" 2>&1; then
    show_log_tail "$PG_LOG" 30
    die "PostgreSQL did not start (log: $(rel "$PG_LOG"))"
  fi
  if ! wait_until 30 "" "$BIN/pg_isready" -q -h 127.0.0.1 -p "$IRONCAGE_PG_PORT"; then
    show_log_tail "$PG_LOG" 30
    die "PostgreSQL is not accepting TCP connections on 127.0.0.1:$IRONCAGE_PG_PORT (log: $(rel "$PG_LOG"))"
  fi
  ensure_app_db || die "could not create role/database $IRONCAGE_PG_USER/$IRONCAGE_PG_DATABASE (log: $(rel "$PG_LOG"))"
  app_login_ok || die "cannot log in with $(local_url)"
  report
}

cmd_stop() {
  if ! resolve 2>/dev/null || [[ ! -f "$PGDATA/PG_VERSION" ]]; then
    log "no cluster"
    return 0
  fi
  if pg_running; then
    as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >>"$PG_LOG" 2>&1 || die "pg_ctl stop failed (log: $(rel "$PG_LOG"))"
    ok "stopped"
  else
    log "not running"
  fi
}

cmd_status() {
  if ! resolve 2>/dev/null || [[ ! -f "$PGDATA/PG_VERSION" ]]; then
    log "not initialised"
    return 3
  fi
  if pg_running; then
    local pid
    pid="$(head -n1 "$PGDATA/postmaster.pid" 2>/dev/null || echo '?')"
    if app_login_ok; then
      ok "running (pid $pid) on 127.0.0.1:${IRONCAGE_PG_PORT}, data $PGDATA"
    else
      warn "running (pid $pid) but $(local_url) does not log in"
      return 1
    fi
  else
    log "stopped (data $PGDATA)"
    return 3
  fi
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  install) cmd_install ;;
  *) die "usage: $0 [start|stop|status|install]" ;;
esac
