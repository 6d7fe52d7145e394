#!/usr/bin/env bash
# Times a streamed 1 GiB put into the S3 store of a running ./glint up: the MinIO client's own
# putObject against Glint's ObjectStore.put (see docs/benchmarks.md for what the difference is).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="${1:-}"
if [[ -z $FILE ]]; then
  FILE="$(mktemp /tmp/glint-store-put.XXXXXX)"
  trap 'rm -f "$FILE"' EXIT
  head -c 1073741824 /dev/urandom >"$FILE"
fi
cd "$ROOT/glint-storage"
mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" dev.glint.storage.StorePutComparison "$FILE"
