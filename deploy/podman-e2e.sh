#!/usr/bin/env bash
# End-to-end test of the deployment: `deploy/podman.sh up` brings the dev overlay up from the
# manifests, Debian's openstack CLI uploads, lists, downloads (byte for byte the same) and deletes an
# image against it, and `deploy/podman.sh down` must leave no pod, container, volume, secret or
# network of the run behind. CI runs it after `mvn verify` (.ci/run).
#
#   deploy/podman-e2e.sh [--port PORT] [--name NAME] [--no-build]    (defaults: 19292, glint-e2e)
#
# Needs what deploy/podman.sh needs and python3-openstackclient. Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/scripts/containers.conf}"
port=19292
name=glint-e2e
up_args=()
while (($#)); do
  case $1 in
    --port) port=${2:?}; shift 2 ;;
    --name) name=${2:?}; shift 2 ;;
    --no-build) up_args+=(--no-build); shift ;;
    *) echo "usage: deploy/podman-e2e.sh [--port PORT] [--name NAME] [--no-build]" >&2; exit 2 ;;
  esac
done

passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@"; then
    echo "PASS $what"
    passed=$((passed + 1))
  else
    echo "FAIL $what"
    failed=$((failed + 1))
  fi
}

work="$(mktemp -d)"
cleanup() {
  "$ROOT/deploy/podman.sh" down --name "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

command -v openstack >/dev/null || { echo "openstack is missing: apt-get install -y python3-openstackclient" >&2; exit 3; }

started=$SECONDS
if url="$("$ROOT/deploy/podman.sh" up --port "$port" --name "$name" "${up_args[@]}")"; then
  echo "PASS up: $url after $((SECONDS - started)) s"
  passed=$((passed + 1))
else
  echo "FAIL up"
  echo "0 passed, 1 failed"
  exit 1
fi

os() { openstack --os-auth-type none --os-endpoint "$url" "$@"; }

head -c 3145728 /dev/urandom >"$work/upload.img"
image_name="podman-e2e-$RANDOM"
image_id=""
created() {
  image_id="$(os image create --disk-format raw --container-format bare --file "$work/upload.img" \
    -f value -c id "$image_name")" && [[ -n $image_id ]]
}
active() { [[ "$(os image show -f value -c status "$image_id")" == active ]]; }
listed() { os image list -f value -c ID | grep -qx "$image_id"; }
downloaded() { os image save --file "$work/download.img" "$image_id" && cmp -s "$work/upload.img" "$work/download.img"; }
deleted() { os image delete "$image_id" && ! os image list -f value -c ID | grep -qx "$image_id"; }

check "openstack image create (3 MiB)" created
check "the image is active" active
check "openstack image list shows it" listed
check "openstack image save returns the same bytes" downloaded
check "openstack image delete removes it" deleted

started=$SECONDS
check "down" "$ROOT/deploy/podman.sh" down --name "$name"
echo "down took $((SECONDS - started)) s"
leftovers() {
  local left
  left="$({
    podman pod ls --format '{{.Name}}'
    podman ps -a --format '{{.Names}}'
    podman volume ls --format '{{.Name}}'
    podman secret ls --format '{{.Name}}'
    podman network ls --format '{{.Name}}'
  } | grep -E "^$name(-|$)" || true)"
  [[ -z $left ]] || { echo "left behind: $left" >&2; return 1; }
}
check "down leaves no pod, container, volume, secret or network of $name" leftovers

echo "$passed passed, $failed failed"
((failed == 0))
