#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benchmarks, from
# Debian's postgresql-15: made in DIR (under /tmp: the socket's path must be
# short, and the unprivileged user must reach it), run by an unprivileged user,
# listening on a Unix socket in DIR only (or on loopback with --port), and
# removed whole by `stop`.
#
#   scripts/pg_cluster.sh start DIR [--port N] [--durable]
#       initdb, start, and write the base URL to DIR/url
#       (postgresql://portsafe@/postgres?host=DIR/sock[&port=N]).
#       Without --durable the cluster skips fsync (tests: nothing in it must
#       survive a power cut); benchmarks pass --durable.
#   scripts/pg_cluster.sh stop DIR      stop the server and delete DIR
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
if [[ -z "$cmd" || -z "$dir" || ( "$cmd" != start && "$cmd" != stop ) ]]; then
  echo "usage: scripts/pg_cluster.sh start|stop DIR [--port N] [--durable]" >&2
  exit 2
fi
shift 2
port=""
durable=0
while (($#)); do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --durable) durable=1; shift ;;
    *) echo "pg_cluster: unknown option $1" >&2; exit 2 ;;
  esac
done

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "pg_cluster: PostgreSQL server not installed (scripts/install_deps.sh test)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: as root, an unprivileged system user
# owns and runs the cluster.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u portsafe-pg -- "$@"
  else
    "$@"
  fi
}

if [[ "$cmd" == stop ]]; then
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit 0
fi

if [[ -f "$dir/data/postmaster.pid" ]]; then  # a cluster left by an earlier run
  "$0" stop "$dir"
fi
rm -rf "$dir"
mkdir -p "$dir/sock"
dir=$(cd "$dir" && pwd)
if [[ $(id -u) -eq 0 ]]; then
  if ! id portsafe-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin portsafe-pg
  fi
  chown -R portsafe-pg "$dir"
  if ! runuser -u portsafe-pg -- test -w "$dir"; then
    echo "pg_cluster: $dir cannot be reached by the unprivileged user portsafe-pg; use a" \
      "directory under /tmp" >&2
    exit 1
  fi
fi
as_owner "$bin/initdb" -D "$dir/data" -U portsafe --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
opts="-c unix_socket_directories=$dir/sock -c listen_addresses="
if [[ -n "$port" ]]; then opts="-c unix_socket_directories=$dir/sock -c listen_addresses=127.0.0.1 -p $port"; fi
if ((durable == 0)); then opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
opts+=" -c max_connections=200 -c shared_buffers=128MB"
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w -t 60 start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
url="postgresql://portsafe@/postgres?host=$dir/sock"
if [[ -n "$port" ]]; then url+="&port=$port"; fi
echo "$url" >"$dir/url"
echo "$url"
