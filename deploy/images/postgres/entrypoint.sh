#!/bin/bash
# First start: initdb with POSTGRES_USER as superuser and POSTGRES_DB created for it; every start:
# postgres in the foreground, listening on all addresses with password (SCRAM) authentication.
# Arguments as the official image takes them, which is how Testcontainers' PostgreSQL module runs it
# (`postgres -c fsync=off`): options alone ("-c ...") go to postgres, another command runs instead.
set -euo pipefail
if [[ $# -eq 0 || $1 == -* ]]; then
  set -- postgres "$@"
fi
if [[ $1 != postgres ]]; then
  exec "$@"
fi
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"

if [[ ! -s $PGDATA/PG_VERSION ]]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  {
    echo "listen_addresses = '*'"
    # No unix socket: the root filesystem is read-only and clients come over TCP.
    echo "unix_socket_directories = ''"
  } >>"$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [[ $db != postgres ]]; then
    echo "CREATE DATABASE \"$db\" OWNER \"$user\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "glint-postgres: initialised $PGDATA (database $db, owner $user)"
fi
# postgres finds its data directory in PGDATA.
exec "$@"
