#!/bin/bash
# Writes s3proxy.properties from the environment (the official image's variables and defaults) and
# runs S3Proxy in the foreground.
#
# `server DIR` as arguments takes MinIO's contract instead (the minio/minio image's command line,
# MINIO_ROOT_USER / MINIO_ROOT_PASSWORD, port 9000, objects in DIR), so that tests written for MinIO
# (Testcontainers, GLINT_TEST_INFRA=testcontainers) run against this image unchanged; any other
# command runs instead of S3Proxy.
set -euo pipefail
if [[ ${1:-} == server ]]; then
  : "${2:?usage: server DIR}"
  S3PROXY_IDENTITY="${S3PROXY_IDENTITY:-${MINIO_ROOT_USER:-minioadmin}}"
  S3PROXY_CREDENTIAL="${S3PROXY_CREDENTIAL:-${MINIO_ROOT_PASSWORD:-minioadmin}}"
  S3PROXY_ENDPOINT="${S3PROXY_ENDPOINT:-http://0.0.0.0:9000}"
  JCLOUDS_FILESYSTEM_BASEDIR="${JCLOUDS_FILESYSTEM_BASEDIR:-$2}"
  mkdir -p "$JCLOUDS_FILESYSTEM_BASEDIR"
elif [[ $# -gt 0 ]]; then
  exec "$@"
fi
: "${S3PROXY_IDENTITY:?S3PROXY_IDENTITY is required}"
: "${S3PROXY_CREDENTIAL:?S3PROXY_CREDENTIAL is required}"
config_dir="${S3PROXY_CONFIG_DIR:-/tmp/s3proxy-config}"
mkdir -p "$config_dir"
cat >"$config_dir/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=${S3PROXY_ENDPOINT:-http://0.0.0.0:80}
s3proxy.authorization=${S3PROXY_AUTHORIZATION:-aws-v2-or-v4}
s3proxy.identity=${S3PROXY_IDENTITY}
s3proxy.credential=${S3PROXY_CREDENTIAL}
s3proxy.ignore-unknown-headers=${S3PROXY_IGNORE_UNKNOWN_HEADERS:-false}
jclouds.provider=${JCLOUDS_PROVIDER:-filesystem}
jclouds.identity=${JCLOUDS_IDENTITY:-$S3PROXY_IDENTITY}
jclouds.credential=${JCLOUDS_CREDENTIAL:-$S3PROXY_CREDENTIAL}
jclouds.filesystem.basedir=${JCLOUDS_FILESYSTEM_BASEDIR:-/data}
PROPERTIES
exec java ${JAVA_OPTS:--XX:MaxRAMPercentage=50} -XX:+ExitOnOutOfMemoryError \
  -Dlogback.configurationFile=/opt/s3proxy/logback.xml \
  -cp '/opt/s3proxy/lib/*' org.gaul.s3proxy.Main --properties "$config_dir/s3proxy.properties"
