#!/usr/bin/env bash
# Builds Debian 12 (bookworm) container images from Debian's packages alone, for machines that reach
# no container registry, and leaves them in podman's local image store.
#
#   scripts/debian-base-image.sh                      # localhost/glint/debian:bookworm (debootstrap minbase)
#   scripts/debian-base-image.sh IMAGE PACKAGE...     # IMAGE = that base + the given Debian packages
#   scripts/debian-base-image.sh --from BASE IMAGE PACKAGE...   # the same on top of another image of ours
#
# An image that already exists is left alone (a second run costs a podman look-up), unless
# GLINT_REBUILD_IMAGES=true. The name of the image is printed on the last line of output. The base
# comes from `debootstrap --variant=minbase bookworm` against the Debian mirror that apt on this
# machine uses (or $DEBIAN_MIRROR); the package layers come from `apt-get install` in a build
# container on the host network, against the same mirror. Needs: apt-get install podman runc debootstrap.
#
# Podman runs with this directory's containers.conf (runc, no raised rlimits) unless CONTAINERS_CONF
# is set already.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$SCRIPTS/containers.conf}"
BASE_IMAGE=localhost/glint/debian:bookworm
SUITE=bookworm

usage() {
  echo "usage: $0 [[--from BASE] IMAGE PACKAGE...]" >&2
  exit 2
}

log() { echo "debian-base-image: $*" >&2; }

exists() {
  [[ ${GLINT_REBUILD_IMAGES:-false} != true ]] && podman image exists "$1"
}

# The mirror apt uses here, so a machine behind a local mirror or proxy needs no extra setting.
debian_mirror() {
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  local uri
  uri="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  if [[ -z $uri ]]; then
    uri="$(awk '$1 == "deb" && $3 ~ /^bookworm$/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)"
  fi
  [[ -n $uri ]] || { log "no Debian mirror found in apt's sources; set DEBIAN_MIRROR"; exit 1; }
  echo "$uri"
}

build_base() {
  command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 3; }
  local mirror work started
  mirror="$(debian_mirror)"
  work="$(mktemp -d)"
  started=$SECONDS
  log "debootstrap --variant=minbase $SUITE from $mirror (about a minute)"
  debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    rm -rf "$work"
    exit 1
  }
  # apt inside the image uses the same mirror, for the package layers below.
  printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$SUITE" "$mirror" "$SUITE" \
    >"$work/rootfs/etc/apt/sources.list"
  # Small images: no package lists, caches, logs or docs that nothing reads at run time.
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\npath-include /usr/share/locale/locale.alias\n' \
    >"$work/rootfs/etc/dpkg/dpkg.cfg.d/01-glint-nodoc"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
    >"$work/rootfs/etc/apt/apt.conf.d/01-glint-norecommends"
  rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin \
    "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/log/"* \
    "$work/rootfs/usr/share/doc/"* "$work/rootfs/usr/share/man/"*
  # update-alternatives (run by openjdk's postinst, for one) links man pages into these.
  mkdir -p "$work/rootfs/usr/share/man/man1" "$work/rootfs/usr/share/man/man7"
  tar --numeric-owner -C "$work/rootfs" -c . \
    | podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$BASE_IMAGE" >/dev/null
  rm -rf "$work"
  log "built $BASE_IMAGE in $((SECONDS - started)) s"
}

build_layer() {
  local from=$1 image=$2 started
  shift 2
  started=$SECONDS
  log "building $image: $from + $*"
  # --network host: the build container reaches the mirror exactly as apt on the host does.
  podman build --network host --pull=never -t "$image" -f - <<EOF >&2
FROM $from
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $* >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log
EOF
  log "built $image in $((SECONDS - started)) s"
}

main() {
  local from=$BASE_IMAGE
  if [[ ${1:-} == --from ]]; then
    (($# >= 2)) || usage
    from=$2
    shift 2
  fi
  if (($# == 0)); then
    exists "$BASE_IMAGE" || build_base
    echo "$BASE_IMAGE"
    return
  fi
  (($# >= 2)) || usage
  local image=$1
  shift
  if ! exists "$image"; then
    if [[ $from == "$BASE_IMAGE" ]]; then
      exists "$BASE_IMAGE" || build_base
    else
      podman image exists "$from" || { log "base image $from is missing"; exit 1; }
    fi
    build_layer "$from" "$image" "$@"
  fi
  echo "$image"
}

main "$@"
