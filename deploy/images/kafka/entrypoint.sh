#!/bin/bash
# Writes server.properties from the environment as the official apache/kafka image does: every
# KAFKA_<NAME> variable becomes a property (prefix dropped, lower case, "_" -> ".", "__" -> "_",
# "___" -> "-"); KAFKA_LOG_DIRS defaults to /var/lib/kafka/data. Then runs the node; its log
# directory is formatted with CLUSTER_ID on first start (dev.glint.infra.kafka.KafkaNodeMain).
# As in the official image, this script is also /etc/kafka/docker/run, and a command given to the
# container runs instead of it: Testcontainers' Kafka module runs a script of its own that sets
# KAFKA_ADVERTISED_LISTENERS to the mapped port and then calls /etc/kafka/docker/run.
set -euo pipefail
if [[ $# -gt 0 ]]; then
  exec "$@"
fi
: "${CLUSTER_ID:?CLUSTER_ID is required}"
config_dir="${KAFKA_CONFIG_DIR:-/tmp/kafka-config}"
mkdir -p "$config_dir"
properties="$config_dir/server.properties"
: >"$properties"
[[ -n ${KAFKA_LOG_DIRS:-} ]] || echo "log.dirs=/var/lib/kafka/data" >>"$properties"
while IFS='=' read -r name value; do
  case $name in
    KAFKA_CONFIG_DIR | KAFKA_HEAP_OPTS | KAFKA_OPTS) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key="${name#KAFKA_}"
  key="${key//___/-}"
  key="${key//__/@}"
  key="${key//_/.}"
  key="${key//@/_}"
  echo "${key,,}=${value}" >>"$properties"
done < <(env)
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS and KAFKA_OPTS are lists of JVM flags.
exec java ${KAFKA_HEAP_OPTS:--XX:MaxRAMPercentage=50} ${KAFKA_OPTS:-} -XX:+ExitOnOutOfMemoryError \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties \
  -cp '/opt/kafka/libs/*' dev.glint.infra.kafka.KafkaNodeMain "$properties" "$CLUSTER_ID"
