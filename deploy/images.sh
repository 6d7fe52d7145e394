#!/usr/bin/env bash
# Builds every container image of the deployment into podman's local image store:
#
#   localhost/glint/debian:bookworm, localhost/glint/jre:17, localhost/glint/jre-qemu:17
#       the bases, from Debian's packages (scripts/debian-base-image.sh; built once, then reused)
#   localhost/glint/{image-api,upload-worker,import-worker,task-executor,scrubber}:<project version>
#       the services, built by Maven (quarkus-container-image-jib) on those bases
#   localhost/glint/{postgres:15,kafka:<kafka version>,s3proxy:<s3proxy version>}
#       the dev overlay's infrastructure (deploy/images/*), from Debian's packages and the Maven
#       artifacts the embedded launcher runs
#
#   deploy/images.sh              all of them
#   deploy/images.sh --services   only the bases and the five services
#   deploy/images.sh --infra      only the bases and the infrastructure images (then
#                                 `mvn verify -Dquarkus.container-image.build=true` builds the
#                                 services' images along with everything else, as CI does)
#
# Existing base and infrastructure images are reused (GLINT_REBUILD_IMAGES=true rebuilds them); the
# service images are rebuilt on every run, from the current sources. MAVEN_ARGS is passed to Maven.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/scripts/containers.conf}"
SERVICES=(image-api upload-worker import-worker task-executor scrubber)
BASE="$ROOT/scripts/debian-base-image.sh"

log() { echo "images: $*" >&2; }

maven() {
  # shellcheck disable=SC2086 # MAVEN_ARGS is a list of arguments.
  (cd "$ROOT" && mvn -B -ntp -q ${MAVEN_ARGS:-} "$@")
}

# project_property POM NAME: a property of that POM (the versions of the servers live in the POMs).
project_property() {
  sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$ROOT/$1" | head -n 1
}

# save_base IMAGE FILE: IMAGE as a docker-archive tar, Jib's base (quarkus.jib.base-jvm-image in
# quarkus-parent/pom.xml), written again only when the image changed.
save_base() {
  local image=$1 file="$ROOT/target/images/$2" id
  id="$(podman image inspect --format '{{.Id}}' "$image")"
  if [[ -f $file && -f $file.id && $(cat "$file.id") == "$id" ]]; then
    return
  fi
  mkdir -p "$(dirname "$file")"
  rm -f "$file"
  podman save --quiet --format docker-archive -o "$file" "$image"
  echo "$id" >"$file.id"
}

bases() {
  "$BASE" >/dev/null
  "$BASE" localhost/glint/jre:17 openjdk-17-jre-headless ca-certificates >/dev/null
  "$BASE" --from localhost/glint/jre:17 localhost/glint/jre-qemu:17 qemu-utils >/dev/null
  save_base localhost/glint/jre:17 jre-17.tar
  save_base localhost/glint/jre-qemu:17 jre-qemu-17.tar
}

services() {
  local modules started=$SECONDS
  modules="$(IFS=,; echo "${SERVICES[*]}")"
  log "building the service images with Maven (Jib on localhost/glint/jre:17, import-worker on jre-qemu)"
  maven -DskipTests -Dquarkus.container-image.build=true -pl "$modules" -am install
  log "service images built in $((SECONDS - started)) s"
}

# build_infra NAME TAG [RUNTIME_MODULE]: deploy/images/NAME as the build context, plus the jars of
# glint-infra/RUNTIME_MODULE (the server's dependencies and the module's own jar) in lib/.
build_infra() {
  local name=$1 tag=$2 module=${3:-} image context started=$SECONDS
  image="localhost/glint/$name:$tag"
  if [[ ${GLINT_REBUILD_IMAGES:-false} != true ]] && podman image exists "$image"; then
    echo "$image"
    return
  fi
  context="$(mktemp -d)"
  cp -r "$ROOT/deploy/images/$name/." "$context/"
  if [[ -n $module ]]; then
    maven -DskipTests -pl "glint-infra/$module" -am install
    maven -f "glint-infra/$module/pom.xml" dependency:copy-dependencies -DincludeScope=provided \
      -DoutputDirectory="$context/lib"
    cp "$ROOT/glint-infra/$module/target/"glint-infra-*.jar "$context/lib/"
  fi
  log "building $image"
  podman build --network host --pull=never -t "$image" "$context" >&2
  rm -rf "$context"
  log "built $image in $((SECONDS - started)) s"
  echo "$image"
}

infra() {
  build_infra postgres 15 >/dev/null
  build_infra kafka "$(project_property pom.xml kafka.version)" kafka-runtime >/dev/null
  build_infra s3proxy "$(project_property glint-infra/pom.xml s3proxy.version)" s3-runtime >/dev/null
}

main() {
  local what=${1:-all}
  case $what in
    all | --services | --infra) ;;
    *)
      echo "usage: deploy/images.sh [--services | --infra]" >&2
      exit 2
      ;;
  esac
  bases
  [[ $what == --infra ]] || services
  [[ $what == --services ]] || infra
  podman images --filter reference='localhost/glint/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
}

main "$@"
