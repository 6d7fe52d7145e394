#!/usr/bin/env bash
# A real Keystone (Debian's package, served by uwsgi, SQLite backend) on loopback, for tests and
# for trying Glint's keystone mode by hand. Everything it writes stays in <dir>.
#
#   scripts/keystone.sh start <dir> <port>   # bootstraps <dir> on first use, returns once it answers
#   scripts/keystone.sh stop <dir>
#
# The bootstrap admin is user "admin", password $KEYSTONE_ADMIN_PASSWORD (default "admin-secret"),
# in project "admin" of domain "Default", with the roles admin -> member -> reader that bootstrap
# creates. $KEYSTONE_TOKEN_EXPIRATION sets the token lifetime in seconds (default 3600).
# $KEYSTONE_PASSWORD_HASH_ROUNDS sets bcrypt's rounds (default 4, its minimum: this Keystone is
# throwaway, and on a small machine Keystone's default of 12 makes every password login cost a
# quarter of a second of CPU, which Tempest, creating users and logging in all the time, feels).
# $KEYSTONE_PROCESSES sets uwsgi's processes (default 4); 1 serializes every write to the SQLite
# database, which Tempest's RBAC runs need (see below).
# Needs: apt-get install -y keystone uwsgi uwsgi-plugin-python3
set -euo pipefail

usage() {
    echo "usage: $0 start <dir> <port> | stop <dir>" >&2
    exit 2
}

start() {
    local dir port url
    dir="$(mkdir -p "$1" && cd "$1" && pwd)"
    port="$2"
    url="http://127.0.0.1:$port"
    for tool in keystone-manage uwsgi; do
        command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y keystone uwsgi uwsgi-plugin-python3" >&2; exit 3; }
    done
    if [ -f "$dir/uwsgi.pid" ] && kill -0 "$(cat "$dir/uwsgi.pid")" 2>/dev/null; then
        echo "Keystone already runs from $dir" >&2
        return 0
    fi
    mkdir -p "$dir/fernet-keys" "$dir/credential-keys"
    cat >"$dir/keystone.conf" <<EOF
[DEFAULT]
log_file = $dir/keystone.log
[database]
connection = sqlite:///$dir/keystone.db
[identity]
password_hash_rounds = ${KEYSTONE_PASSWORD_HASH_ROUNDS:-4}
[token]
provider = fernet
expiration = ${KEYSTONE_TOKEN_EXPIRATION:-3600}
[fernet_tokens]
key_repository = $dir/fernet-keys
[fernet_receipts]
key_repository = $dir/fernet-keys
[credential]
key_repository = $dir/credential-keys
EOF
    local manage=(keystone-manage --config-file "$dir/keystone.conf")
    if [ ! -f "$dir/bootstrapped" ]; then
        "${manage[@]}" db_sync
        # WAL lets the uwsgi processes read while one writes; without it requests fail with
        # "database is locked". The mode is stored in the database file, so once is enough.
        python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("pragma journal_mode=wal")' "$dir/keystone.db"
        "${manage[@]}" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
        "${manage[@]}" credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
        "${manage[@]}" bootstrap --bootstrap-password "${KEYSTONE_ADMIN_PASSWORD:-admin-secret}" \
            --bootstrap-admin-url "$url/v3/" --bootstrap-public-url "$url/v3/" \
            --bootstrap-internal-url "$url/v3/" --bootstrap-region-id RegionOne
        touch "$dir/bootstrapped"
    fi
    # Processes with one thread each: Keystone's SQLite access is not safe across threads. Two
    # processes writing at once can fail one write with "database is locked" (a transaction that
    # read before another's commit cannot then write, whatever the busy timeout): Keystone answers
    # 500 after part of the change was made (a project deleted, its role assignments not), and
    # the client's retry gets 404. Tempest's RBAC tests, creating and deleting projects and users
    # two at a time, met it about once a run; they run with one process.
    cat >"$dir/uwsgi.ini" <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$port
wsgi-file = /usr/bin/keystone-wsgi-public
master = true
processes = ${KEYSTONE_PROCESSES:-4}
threads = 1
lazy-apps = true
die-on-term = true
buffer-size = 65535
# http-socket answers one request per connection; saying so keeps clients from reusing a closed one.
add-header = Connection: close
env = OS_KEYSTONE_CONFIG_FILES=$dir/keystone.conf
pidfile = $dir/uwsgi.pid
daemonize = $dir/uwsgi.log
EOF
    uwsgi --ini "$dir/uwsgi.ini"
    for _ in $(seq 1 120); do
        if curl -fsS -H 'Connection: close' "$url/v3" >/dev/null 2>&1; then
            echo "Keystone answers on $url/v3"
            return 0
        fi
        sleep 0.5
    done
    echo "Keystone did not answer on $url/v3 within 60s; see $dir/uwsgi.log and $dir/keystone.log" >&2
    stop "$dir"
    exit 1
}

stop() {
    local dir="$1" pid
    [ -f "$dir/uwsgi.pid" ] || return 0
    pid="$(cat "$dir/uwsgi.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$dir/uwsgi.pid"
}

case "${1:-}" in
    start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
    stop) [ $# -eq 2 ] || usage; stop "$2" ;;
    *) usage ;;
esac
