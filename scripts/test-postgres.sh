#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test run and the benchmarks: made in a temporary folder, owned
# by the unprivileged `postgres` user (or by you, when not root), listening on a free loopback port only.
#
#   scripts/test-postgres.sh run COMMAND...   start a cluster, run COMMAND with SUPPORTPLAN_TEST_POSTGRES
#                                             set to its URL, stop the cluster however COMMAND ends
#   scripts/test-postgres.sh start DIR        start a cluster in DIR (new) and print its URL
#   scripts/test-postgres.sh stop DIR         stop the cluster in DIR by its own pid and remove DIR
#
# PostgreSQL is installed from Debian's `postgresql` package when missing. Where a cluster cannot be
# started, `run` says why and runs COMMAND without the URL: the PostgreSQL tests then fail under
# CI=true and are reported as not run elsewhere. PG_DURABLE=1 keeps fsync on (for benchmarks).
set -euo pipefail

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_postgres() {
  [ -n "$(bindir)" ] && [ -x "$(bindir)/initdb" ] && return 0
  echo "Installing PostgreSQL (Debian's postgresql package) ..." >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq postgresql >&2 || { $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq postgresql >&2; }
}

# Runs a command as the cluster's owner: `postgres` when we are root (PostgreSQL refuses to run as root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    # Nothing answers on it: free.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

start() {
  local dir=$1
  install_postgres
  local bin; bin=$(bindir)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL's initdb was not found under /usr/lib/postgresql" >&2; return 1; }
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  local port; port=$(free_port) || { echo "no free loopback port found" >&2; return 1; }
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = 1 ] && durability=""
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 $durability" \
    start >&2 || { cat "$dir/server.log" >&2; return 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres supportplan_test
  echo "postgres://postgres@127.0.0.1:$port/supportplan_test?sslmode=disable" | tee "$dir/url"
}

stop() {
  local dir=$1
  local pidfile="$dir/data/postmaster.pid"
  if [ -f "$pidfile" ]; then
    local pid; pid=$(head -n 1 "$pidfile")
    # The postmaster's own pid: a fast shutdown, then wait for that process (and only it) to go.
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  run)
    shift
    dir=$(mktemp -d "${TMPDIR:-/tmp}/supportplan-pg.XXXXXX")
    trap 'stop "$dir"' EXIT
    if url=$(start "$dir"); then
      echo "PostgreSQL test cluster: $url" >&2
      export SUPPORTPLAN_TEST_POSTGRES="$url"
    else
      echo "PostgreSQL could not be started for this run; the PostgreSQL tests will say so (and fail when CI=true)." >&2
    fi
    "$@"
    ;;
  *) echo "usage: $0 run COMMAND... | start DIR | stop DIR" >&2; exit 2 ;;
esac
