#!/usr/bin/env bash
# Soak: mixed load with random kill -9s and restarts, then every file ever acknowledged must still be served
# byte-identical (issue 13). About --minutes plus a minute; not part of CI. See bench/README.md.
#
#   bench/soak.sh [--minutes 10] [--clients 16] [--seed 1] [--java PATH] [--jar PATH] [--keep]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAVA_BIN=$(command -v java)
JAR=$ROOT/target/pantry.jar
KEEP=0
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --java) JAVA_BIN=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --minutes|--clients|--seed) ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
W=$(mktemp -d /tmp/pantry-soak.XXXXXX)
cleanup() { if [ "$KEEP" = 1 ]; then echo "kept $W"; else rm -rf "$W"; fi; }
trap cleanup EXIT
python3 "$HERE/soak.py" --jar "$JAR" --java "$JAVA_BIN" --work "$W" "${ARGS[@]}"
