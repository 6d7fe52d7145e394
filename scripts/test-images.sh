#!/usr/bin/env bash
# The tests on containers (GLINT_TEST_INFRA=testcontainers) on a machine that reaches no container
# registry: local substitutes of the official images, podman's Docker-compatible API, and the
# environment Testcontainers needs there.
#
#   eval "$(scripts/test-images.sh)"    builds (or reuses) the images, starts the podman API, and
#                                       prints the environment to use, as `export` lines:
#                                       GLINT_TEST_INFRA, GLINT_TEST_{POSTGRES,KAFKA,S3}_IMAGE,
#                                       DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED, ...
#   scripts/test-images.sh --verify     the same, then CI's tests on containers: the image-api and
#                                       scrubber suites and the end-to-end client tests, each timed.
#                                       Run after `mvn verify` (as .ci/run does): it compiles nothing
#                                       new (mvn -o test) and runs the packaged services it built.
#
# The images are those of the deployment (deploy/images.sh --infra, from Debian's packages and the
# Maven artifacts of the embedded launcher): localhost/glint/postgres:15, localhost/glint/kafka:<kafka
# version>, localhost/glint/s3proxy:<s3proxy version>. Their entrypoints take the official images'
# contracts (postgres, apache/kafka, and MinIO's `server /data`), so Testcontainers' modules run them
# as substitutes. An image built before that contract existed is reused as it is: rebuild with
# GLINT_REBUILD_IMAGES=true.
#
# Ryuk (Testcontainers' reaper) would have to be pulled, so it is disabled; the tests' own shutdown
# removes the containers. The API is served on $GLINT_PODMAN_SOCKET (default
# /run/podman/podman.sock) and keeps running after this script; stop it with
# `kill "$(cat target/test-images/podman-service.pid)"`. Needs: apt-get install podman runc debootstrap curl.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/scripts/containers.conf}"
SOCKET="${GLINT_PODMAN_SOCKET:-/run/podman/podman.sock}"
WORK="$ROOT/target/test-images"

log() { echo "test-images: $*" >&2; }

# pom_version POM PROPERTY: the server versions live in the POMs, as deploy/images.sh reads them.
pom_version() {
  grep -m 1 -o "<$2>[^<]*</$2>" "$ROOT/$1" | sed 's/<[^>]*>//g'
}

build_images() {
  # Its listing of the images goes to stderr: stdout carries only the environment.
  "$ROOT/deploy/images.sh" --infra >&2
}

api_answers() {
  curl -fsS --max-time 2 --unix-socket "$SOCKET" http://podman/_ping >/dev/null 2>&1
}

start_api() {
  if api_answers; then
    log "the podman API already answers on $SOCKET"
    return
  fi
  mkdir -p "$(dirname "$SOCKET")" "$WORK"
  # setsid: the service outlives this script and the shell that ran it.
  setsid podman system service --time=0 "unix://$SOCKET" >"$WORK/podman-service.log" 2>&1 </dev/null &
  echo $! >"$WORK/podman-service.pid"
  local tries=0
  until api_answers; do
    ((++tries <= 100)) || { log "podman system service did not answer on $SOCKET:"; tail -n 20 "$WORK/podman-service.log" >&2; exit 1; }
    sleep 0.2
  done
  log "podman API serving on $SOCKET (pid $(cat "$WORK/podman-service.pid"))"
}

# The engine runs on this machine, so its published ports are on loopback: without the override
# Testcontainers, finding /.dockerenv (as on a CI machine that is itself a container), would use the
# bridge's gateway address instead.
environment() {
  cat <<ENV
export GLINT_TEST_INFRA=testcontainers
export GLINT_TEST_POSTGRES_IMAGE=localhost/glint/postgres:15
export GLINT_TEST_KAFKA_IMAGE=localhost/glint/kafka:$(pom_version pom.xml kafka.version)
export GLINT_TEST_S3_IMAGE=localhost/glint/s3proxy:$(pom_version glint-infra/pom.xml s3proxy.version)
export DOCKER_HOST=unix://$SOCKET
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
ENV
}

# timed NAME COMMAND...: runs it and says how long it took, as .ci/run's steps do.
timed() {
  local name=$1 started=$SECONDS
  shift
  "$@"
  log "$name took $((SECONDS - started)) s"
}

# mvn -o test: offline, and the classes mvn verify compiled are up to date, so this only runs the
# tests. -Dtest selects the classes of the named modules (-am builds their dependencies' classpath
# without running their tests).
maven_tests() {
  local modules=$1 tests=$2
  (cd "$ROOT" && mvn -B -ntp -o test -pl "$modules" -am -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false)
}

verify() {
  eval "$(environment)"
  timed "image-api tests on containers" maven_tests image-api 'dev/glint/api/**/*Test'
  timed "scrubber tests on containers" maven_tests scrubber 'dev/glint/scrubber/**/*Test'
  timed "end-to-end client tests on containers" maven_tests glint-e2e 'OpenstackClientE2ETest,PythonClientsE2ETest'
}

main() {
  case ${1:-} in
    '' | --verify) ;;
    *)
      echo "usage: scripts/test-images.sh [--verify]" >&2
      exit 2
      ;;
  esac
  timed "image build" build_images
  start_api
  if [[ ${1:-} == --verify ]]; then
    verify
  else
    environment
  fi
}

main "$@"
