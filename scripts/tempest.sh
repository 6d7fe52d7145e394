#!/usr/bin/env bash
# Runs the real Tempest image API suite and glance-tempest-plugin's RBAC tests against Glint, as an
# operator would: a real Keystone (scripts/keystone.sh), Glint in keystone mode through ./glint up
# (its fixed ports: image-api on 9292) with two stores, every import method, web-download allowed to
# a local HTTP server that serves Tempest's http_image, and scope enforcement on.
#
#   scripts/tempest.sh [--tolerate-known] [--keep] [--suite core|rbac|all] [--regex REGEX]
#
#   --tolerate-known  failures named in scripts/tempest/known-failures.txt (features other work
#                     builds) do not fail the run; any other failure does. Without it every failure
#                     fails the run.
#   --keep            leave Keystone, Glint and the HTTP server running afterwards (stop them with
#                     scripts/tempest.sh --stop); the work directory is kept either way
#   --suite           core: tempest.api.image; rbac: the plugin's RBAC tests; all (default): both
#   --regex           run only the tests matching REGEX (instead of the suites' own regexes)
#   --stop            stop what an earlier --keep left running
#
# Prints passed / failed / skipped per suite and a closing "N passed, N failed, N skipped" line;
# exits non-zero when a test failed (see --tolerate-known). The work directory is
# $TEMPEST_WORK_DIR (default target/tempest in the repository): Keystone, Glint's data and logs,
# the Tempest workspace (etc/tempest.conf, tempest.log) and each suite's results (*.csv).
#
# Needs the Debian packages tempest, glance-tempest-plugin, keystone, uwsgi, uwsgi-plugin-python3,
# python3-openstacksdk, plus the JDK 17 and Maven of ./glint up (it builds what is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/scripts/tempest"
WORK="$(realpath -m "${TEMPEST_WORK_DIR:-$ROOT/target/tempest}")"
# Debian's Python, where tempest, its plugins and the OpenStack libraries are installed.
PYTHON=/usr/bin/python3
export PATH="/usr/bin:/bin:$PATH"
ADMIN_PASSWORD=tempest-admin-secret
SERVICE_PASSWORD=tempest-glint-secret
GLINT_URL=http://127.0.0.1:9292
CORE_REGEX='^tempest\.api\.image'
RBAC_REGEX='^glance_tempest_plugin\.tests\.rbac'

tolerate=false keep=false suite=all regex=""
while (($#)); do
    case $1 in
        --tolerate-known) tolerate=true ;;
        --keep) keep=true ;;
        --suite) suite=${2:?--suite needs core, rbac or all}; shift ;;
        --regex) regex=${2:?--regex needs a value}; shift ;;
        --stop) stop_only=true ;;
        *) sed -n '2,22p' "$0" >&2; exit 2 ;;
    esac
    shift
done
case $suite in core | rbac | all) ;; *) echo "--suite is core, rbac or all" >&2; exit 2 ;; esac

log() { echo "tempest.sh: $*"; }

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_all() {
    if [[ -f $WORK/http.pid ]]; then
        kill "$(cat "$WORK/http.pid")" 2>/dev/null || true
        rm -f "$WORK/http.pid"
    fi
    GLINT_DATA_DIR="$WORK/glint-data" "$ROOT/glint" down >/dev/null 2>&1 || true
    "$ROOT/scripts/keystone.sh" stop "$WORK/keystone" || true
}

if [[ ${stop_only:-false} == true ]]; then
    stop_all
    log "stopped"
    exit 0
fi

for tool in tempest keystone-manage uwsgi; do
    command -v "$tool" >/dev/null || {
        echo "$tool is missing: apt-get install -y tempest glance-tempest-plugin keystone uwsgi uwsgi-plugin-python3" >&2
        exit 3
    }
done
"$PYTHON" -c 'import glance_tempest_plugin, openstack' 2>/dev/null || {
    echo "glance-tempest-plugin or openstacksdk is missing: apt-get install -y glance-tempest-plugin python3-openstacksdk" >&2
    exit 3
}
if curl -s -o /dev/null "$GLINT_URL/versions"; then
    echo "Something already answers on $GLINT_URL (a ./glint up?); stop it first" >&2
    exit 1
fi

stop_all
rm -rf "$WORK"
mkdir -p "$WORK"
if [[ $keep == false ]]; then
    trap stop_all EXIT
fi

# 1. Keystone, with the service user and the image service in its catalog.
keystone_port="$(free_port)"
auth_url="http://127.0.0.1:$keystone_port/v3"
KEYSTONE_PROCESSES=1 KEYSTONE_ADMIN_PASSWORD=$ADMIN_PASSWORD "$ROOT/scripts/keystone.sh" start "$WORK/keystone" "$keystone_port"
"$PYTHON" "$HERE/keystone_setup.py" "$auth_url" "$ADMIN_PASSWORD" "$GLINT_URL" "$SERVICE_PASSWORD"

# 2. The HTTP server web-download imports from (Tempest's http_image; also used as a location URL).
http_port="$(free_port)"
mkdir -p "$WORK/http"
head -c 1048576 /dev/urandom >"$WORK/http/tempest-image.img"
"$PYTHON" -m http.server --bind 127.0.0.1 --directory "$WORK/http" "$http_port" >"$WORK/http.log" 2>&1 &
echo $! >"$WORK/http.pid"

# 3. Glint in keystone mode, two stores, every import method; web-download may reach loopback, on
#    the usual ports and the HTTP server's (any host: a bad host fails the import's task, as Glance).
#    glance-download's URLs pass the same filter, and Tempest's tests download from the region they
#    talk to, so Glint from itself: its own port 9292 is allowed too (docs/import.md).
#    Image locations as tempest.conf's manage_locations expects (docs/locations.md, "Running
#    Tempest's ImageLocationsTest"): shown, an http store for http_image, and the policy line that
#    lets the owning project's members remove a location, as test_delete_locations does.
#    The image cache on (docs/cache.md), as tempest.conf's image_caching_enabled says.
cat >"$WORK/policy.yaml" <<'POLICY'
"delete_image_location": "role:admin or (role:member and project_id:%(project_id)s)"
POLICY
log "starting Glint (./glint up, data in $WORK/glint-data)"
GLINT_DATA_DIR="$WORK/glint-data" \
    GLINT_POLICY_FILE="$WORK/policy.yaml" \
    GLINT_IMAGES_SHOW_MULTIPLE_LOCATIONS=true \
    GLINT_IMAGES_SHOW_IMAGE_DIRECT_URL=true \
    GLINT_STORAGE_HTTP_STORE=http \
    GLINT_CACHE_ENABLED=true \
    GLINT_CACHE_DIR="$WORK/glint-data/image-cache" \
    GLINT_UP_TIMEOUT="${GLINT_UP_TIMEOUT:-900}" \
    QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT="${QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT:-120S}" \
    GLINT_AUTH_MODE=keystone \
    GLINT_AUTH_KEYSTONE_URL="$auth_url" \
    GLINT_AUTH_KEYSTONE_USERNAME=glint \
    GLINT_AUTH_KEYSTONE_PASSWORD="$SERVICE_PASSWORD" \
    GLINT_AUTH_KEYSTONE_PROJECT_NAME=service \
    GLINT_STORAGE_STORES="cheap=glint-images,fast=glint-images-fast" \
    GLINT_STORAGE_DEFAULT_STORE=cheap \
    GLINT_IMPORT_METHODS=glance-direct,web-download,copy-image,glance-download \
    GLINT_IMPORT_WEB_DOWNLOAD_DENY_PRIVATE_NETWORKS=false \
    GLINT_IMPORT_WEB_DOWNLOAD_ALLOWED_PORTS="80,443,9292,$http_port" \
    "$ROOT/glint" up --detach

# 4. Tempest's workspace and configuration.
workspace="$WORK/workspace"
# tempest init may exit non-zero after doing its work (eventlet's noise at interpreter exit, or a
# workspace of that name already registered in ~/.tempest): what counts is the workspace it wrote.
(cd "$WORK" && tempest init workspace >/dev/null 2>&1) || true
[[ -d $workspace/etc ]] || { echo "tempest.sh: tempest init wrote no $workspace" >&2; exit 1; }
cat >"$workspace/etc/tempest.conf" <<EOF
[DEFAULT]
log_file = $workspace/tempest.log

[auth]
use_dynamic_credentials = true
create_isolated_networks = false
admin_username = admin
admin_password = $ADMIN_PASSWORD
admin_project_name = admin
admin_domain_name = Default
admin_system = all

[identity]
uri_v3 = $auth_url
auth_version = v3
region = RegionOne

[service_available]
glance = true
nova = false
cinder = false
neutron = false
swift = false
horizon = false

[image]
http_image = http://127.0.0.1:$http_port/tempest-image.img
image_caching_enabled = true

[image-feature-enabled]
import_image = true
os_glance_reserved = true
manage_locations = true

[enforce_scope]
glance = true
EOF

# 5. The suites.
total_passed=0 total_failed=0 total_skipped=0 status=0
run_suite() {
    local name=$1 suite_regex=$2 csv="$WORK/$1.csv" known="$HERE/known-failures.txt" rc=0
    log "running $name: tempest run --regex '$suite_regex'"
    (cd "$workspace" && tempest run --regex "$suite_regex" --concurrency 2) >"$WORK/$name.out" 2>&1 || true
    (cd "$workspace" && stestr last --subunit | subunit2csv) >"$csv" 2>/dev/null || true
    [[ $tolerate == true ]] || known=/dev/null
    "$PYTHON" "$HERE/summarize.py" "$name" "$csv" "$known" | tee "$WORK/$name.summary" || rc=$?
    local counts
    counts="$(head -n 1 "$WORK/$name.summary" | grep -oE '[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped')" || {
        echo "tempest.sh: $name produced no results; see $WORK/$name.out" >&2
        tail -n 30 "$WORK/$name.out" >&2
        status=1
        return
    }
    read -r p _ f _ s _ <<<"${counts//,/}"
    total_passed=$((total_passed + p)) total_failed=$((total_failed + f)) total_skipped=$((total_skipped + s))
    ((rc == 0)) || status=1
}

if [[ -n $regex ]]; then
    run_suite selected "$regex"
else
    [[ $suite == rbac ]] || run_suite core "$CORE_REGEX"
    [[ $suite == core ]] || run_suite rbac "$RBAC_REGEX"
fi

log "work directory $WORK (tempest.conf, tempest.log, Glint's logs in glint-data/logs)"
if [[ $keep == true ]]; then
    log "Keystone ($auth_url), Glint ($GLINT_URL) and the HTTP server still run; stop them with $0 --stop"
fi
echo "tempest: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit $status
