#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests and benchmarks (docs/scale-out.md).
#
#   scripts/postgres-cluster.sh start <folder> [port]   create and start; prints the
#                                                        environment to export (PG* variables)
#   scripts/postgres-cluster.sh restart <folder>         stop it as a crash would (immediate mode), start it again
#   scripts/postgres-cluster.sh stop <folder>            stop it (the folder can then be removed)
#
# Debian's postgresql-15 binaries (or PG_BIN). initdb refuses to run as root: as root,
# the cluster belongs to the `postgres` system user (runuser). Loopback only, trust
# authentication (a throw-away cluster), UTF-8 with the C.UTF-8 locale so that pg_trgm
# treats Han, Arabic and Cyrillic letters as word characters.
set -euo pipefail

command=${1:-}
folder=${2:-}
port=${3:-54329}
if [ -z "$command" ] || [ -z "$folder" ]; then
  echo "usage: $0 start|restart|stop <folder> [port]" >&2
  exit 2
fi
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ ! -x "$bin/pg_ctl" ]; then
  echo "$0: no PostgreSQL binaries (install postgresql-15 or set PG_BIN)" >&2
  exit 2
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
  mkdir -p "$folder"
  folder=$(cd "$folder" && pwd)
  [ "$(id -u)" = 0 ] && chown postgres: "$folder"
  as_owner "$bin/initdb" -D "$folder/data" -U apkwitness --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$folder/initdb.log"
  # Durability is not what a throw-away test cluster is for; fsync=off saves CI seconds.
  as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$folder' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U apkwitness apkwitness
  echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=apkwitness PGDATABASE=apkwitness"
  ;;
restart)
  folder=$(cd "$folder" && pwd)
  as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -m immediate -w restart >/dev/null
  ;;
stop)
  folder=$(cd "$folder" && pwd)
  as_owner "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null
  ;;
*)
  echo "usage: $0 start|restart|stop <folder> [port]" >&2
  exit 2
  ;;
esac
