#!/usr/bin/env bash
# Pantry against nginx on the same machine and the same bytes, in one run (issue 3). See bench/README.md.
#
#   bench/run.sh [--java PATH] [--jar PATH] [--xmx SIZE] [--duration SECONDS] [--big-mb N] [--links N]
#                [--root-projects N] [--keep] [--jfr]
#
# Without --java it runs on the machine's default java, then again on Temurin 25 when that is installed.
#
# Everything listens on 127.0.0.1 only, every step is bounded, and the trap stops what it started.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAVA_BIN=""
JAR=""
XMX=""
DURATION=10
BIG_MB=200
LINKS=30000
ROOT_PROJECTS=740000
JAVA_GIVEN=0
ARGS=("$@")
KEEP=0
JFR=0
PIP_ACCEPT='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'

while [ $# -gt 0 ]; do
  case "$1" in
    --java) JAVA_BIN=$2; JAVA_GIVEN=1; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --xmx) XMX=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --big-mb) BIG_MB=$2; shift 2 ;;
    --links) LINKS=$2; shift 2 ;;
    --root-projects) ROOT_PROJECTS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --jfr) JFR=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

# The machine's default java and no heap flag, as the README starts Pantry; --java and --xmx for other runs. With no
# --java, the same run follows on Temurin 25 when it is installed, so both runtimes are measured.
[ -n "$JAVA_BIN" ] || JAVA_BIN=$(command -v java)
TEMURIN=$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1 || true)
if [ "$JAVA_GIVEN" = 0 ] && [ -n "$TEMURIN" ] && [ -x "$TEMURIN" ]; then
  "$0" "${ARGS[@]}" --java "$JAVA_BIN"
  echo
  exec "$0" "${ARGS[@]}" --java "$TEMURIN"
fi
XMX_OPT=()
[ -n "$XMX" ] && XMX_OPT=("-Xmx$XMX")
XMX_SHOWN=${XMX:-default heap}

# Every step's line also shows Pantry's RSS and its peak so far, so the step that raised the peak can be read off.
log() {
  local mem=""
  if [ -n "${PANTRY_PID:-}" ] && [ -r "/proc/$PANTRY_PID/status" ]; then
    mem=$(awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf " [rss %d MB, peak %d MB]", r/1024, h/1024}' \
      "/proc/$PANTRY_PID/status" 2>/dev/null || true)
  fi
  printf '[bench %s] %s%s\n' "$(date +%H:%M:%S)" "$*" "$mem" >&2
}
die() {
  log "FAILED: $*"
  if [ -n "${W:-}" ] && [ -s "$W/pantry.log" ]; then
    log "last lines of Pantry's log:"
    tail -20 "$W/pantry.log" >&2
  fi
  exit 1
}

# --- tools ------------------------------------------------------------------------------------------------------
for i in $(seq 1 36); do
  command -v wrk >/dev/null && command -v nginx >/dev/null && break
  [ "$i" = 1 ] && log "waiting up to 3 minutes for wrk and nginx to be installed"
  sleep 5
done
for tool in wrk nginx curl python3 sha256sum timeout "$JAVA_BIN"; do
  command -v "$tool" >/dev/null || die "$tool is required"
done

[ -n "$JAR" ] || JAR=$ROOT/target/pantry.jar
if [ ! -f "$JAR" ] && [ "$JAR" = "$ROOT/target/pantry.jar" ]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
[ -f "$JAR" ] || die "no jar at $JAR"

# --- workspace and cleanup ------------------------------------------------------------------------------------
W=$(mktemp -d "${TMPDIR:-/tmp}/pantry-bench.XXXXXX")
PANTRY_PID=""
NGINX_PID=""
stop() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$PANTRY_PID"
  stop "$NGINX_PID"
  if [ "$KEEP" = 1 ]; then log "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
UP_PORT=$(free_port)
STATIC_PORT=$(free_port)
PANTRY_PORT=$(free_port)
while [ "$STATIC_PORT" = "$UP_PORT" ]; do STATIC_PORT=$(free_port); done
while [ "$PANTRY_PORT" = "$UP_PORT" ] || [ "$PANTRY_PORT" = "$STATIC_PORT" ]; do PANTRY_PORT=$(free_port); done
UP=http://127.0.0.1:$UP_PORT
STATIC=http://127.0.0.1:$STATIC_PORT
PANTRY=http://127.0.0.1:$PANTRY_PORT
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

log "generating files in $W (a ${BIG_MB} MiB file, two ${LINKS}-link pages, a ${ROOT_PROJECTS}-project root)"
python3 "$HERE/gen.py" "$W" "$BIG_MB" "$LINKS" "$ROOT_PROJECTS"
# shellcheck disable=SC1091
. "$W/names.env"
mkdir -p "$W/static/files" "$W/nginx/logs"
ln "$W/up/files/$WHEEL" "$W/up/files/$BIG" "$W/up/files/$MID" "$W/static/files/"

# --- nginx: the upstream (access log counts fetches; /slow/ is rate-limited) and the static reference ----------
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$W/nginx/nginx.conf" <<EOF
$USER_LINE
worker_processes auto;
daemon off;
pid $W/nginx/nginx.pid;
error_log $W/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  types {
    text/html html;
    application/vnd.pypi.simple.v1+json json;
    application/octet-stream whl gz;
  }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $W/nginx/body;
  proxy_temp_path $W/nginx/proxy;
  fastcgi_temp_path $W/nginx/fastcgi;
  uwsgi_temp_path $W/nginx/uwsgi;
  scgi_temp_path $W/nginx/scgi;
  server {
    listen 127.0.0.1:$UP_PORT;
    root $W/up;
    index index.html;
    access_log $W/nginx/logs/upstream.log;
    location /slow/ { limit_rate 512k; }
  }
  server {
    listen 127.0.0.1:$STATIC_PORT;
    root $W/static;
    access_log off;
  }
}
EOF
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" &
NGINX_PID=$!

wait_http() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  die "$1 did not answer within 60 s"
}
wait_http "$UP/simple/"

# --- Pantry ---------------------------------------------------------------------------------------------------
JAVA_VERSION=$("$JAVA_BIN" -version 2>&1 | head -1)
JFR_OPT=()
[ "$JFR" = 1 ] && JFR_OPT=("-XX:StartFlightRecording=filename=$W/pantry.jfr,settings=profile")
# As a production mirror runs: the access log on (the default, to standard output), rate limits configured (high
# enough that wrk is never refused, so every request still pays for the check) and statistics recorded.
printf 'access-log = ncsa\nrate-limit.rate = 1000000\nrate-limit.burst = 1000000\n' > "$W/pantry.properties"
start_pantry() {
  "$JAVA_BIN" "${XMX_OPT[@]}" "${JFR_OPT[@]}" -jar "$JAR" serve --config "$W/pantry.properties" \
    --listen "127.0.0.1:$PANTRY_PORT" --data "$W/data" --upstream "$UP/simple/" >> "$W/pantry.log" 2>&1 &
  PANTRY_PID=$!
}
log "starting Pantry on $PANTRY ($JAVA_VERSION, $XMX_SHOWN)"
start_pantry
wait_http "$PANTRY/healthz"

fetch() { curl -fsS --max-time 120 -H "Accept: $PIP_ACCEPT" "$@"; }
sha_of() { curl -fsS --max-time 120 "$1" | sha256sum | cut -d' ' -f1; }

WHEEL_PATH=/files/main/$WHEEL_PROJECT/$WHEEL
BIG_PATH=/files/main/bigfile/$BIG
MID_PATH=/files/main/midpkg/$MID
PAGE_PATH=/simple/$WHEEL_PROJECT/

log "warming the cache through Pantry"
fetch -o "$W/static/page.json" "$PANTRY$PAGE_PATH"
[ "$(sha_of "$PANTRY$WHEEL_PATH")" = "$(sha256sum < "$W/up/files/$WHEEL" | cut -d' ' -f1)" ] \
  || die "Pantry served wrong bytes for $WHEEL"
BIG_SHA=$(sha256sum < "$W/up/files/$BIG" | cut -d' ' -f1)
fetch -o /dev/null "$PANTRY/simple/bigfile/"
BIG_COLD=$(curl -fsS --max-time 120 -o "$W/big.out" -w '%{speed_download}' "$PANTRY$BIG_PATH")
[ "$(sha256sum < "$W/big.out" | cut -d' ' -f1)" = "$BIG_SHA" ] || die "Pantry served wrong bytes for $BIG"
rm -f "$W/big.out"
[ "$(sha_of "$PANTRY$BIG_PATH")" = "$BIG_SHA" ] || die "Pantry served wrong cached bytes for $BIG"
cache_header() { curl -sS --max-time 10 -o /dev/null -D - -H "Accept: $PIP_ACCEPT" "$1" | tr -d '\r' \
  | awk -v h="$(echo "$2" | tr 'A-Z' 'a-z')" -F': ' 'tolower($1)==h {print $2}'; }
[ "$(cache_header "$PANTRY$WHEEL_PATH" X-Pantry-Cache)" = HIT ] || die "the wheel is not a cache HIT"
fetch -o /dev/null "$PANTRY/simple/midpkg/"
[ "$(sha_of "$PANTRY$MID_PATH")" = "$(sha256sum < "$W/up/files/$MID" | cut -d' ' -f1)" ] \
  || die "Pantry served wrong bytes for $MID"
[ "$(cache_header "$PANTRY$MID_PATH" X-Pantry-Cache)" = HIT ] || die "the 5 MiB wheel is not a cache HIT"
PAGE_ETAG=$(cache_header "$PANTRY$PAGE_PATH" ETag)
NGINX_ETAG=$(cache_header "$STATIC/page.json" ETag)
[ -n "$PAGE_ETAG" ] || die "Pantry's page has no ETag"
[ "$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -H "Accept: $PIP_ACCEPT" -H "If-None-Match: $PAGE_ETAG" \
  "$PANTRY$PAGE_PATH")" = 304 ] || die "Pantry does not answer 304 to its own ETag"

# --- wrk ------------------------------------------------------------------------------------------------------
# Pantry and nginx alternate in two halves of DURATION each, so a burst of load from other processes hits both.
HALF=$(( (DURATION + 1) / 2 ))

# wrk_once NAME CONNECTIONS THREADS URL ACCEPT IF-NONE-MATCH; adds to the totals REQ_/BYTES_/US_<NAME>.
wrk_once() {
  local name=$1 conns=$2 threads=$3 url=$4 line req bytes us err
  line=$(BENCH_ACCEPT=$5 BENCH_INM=$6 timeout $((HALF + 30)) \
    wrk -t"$threads" -c"$conns" -d"${HALF}s" --timeout 10s -s "$HERE/wrk.lua" "$url" | grep '^BENCH ') \
    || die "wrk failed against $url"
  echo "$name $line" >> "$W/wrk.txt"
  req=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$line")
  bytes=$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<< "$line")
  us=$(sed -E 's/.*micros=([0-9]+).*/\1/' <<< "$line")
  err=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<< "$line")
  [ "$err" = 0 ] || log "WARNING: $name had $err errors ($line)"
  printf -v "REQ_$name" '%s' $(( ${!REQ_name:-0} + req ))
  printf -v "BYTES_$name" '%s' $(( ${!BYTES_name:-0} + bytes ))
  printf -v "US_$name" '%s' $(( ${!US_name:-0} + us ))
}

# compare NAME CONNECTIONS THREADS PANTRY-URL NGINX-URL [ACCEPT] [PANTRY-INM] [NGINX-INM];
# sets RPS_/MBS_<NAME>_pantry and _nginx.
compare() {
  local name=$1 conns=$2 threads=$3 side
  local REQ_name BYTES_name US_name
  for _ in 1 2; do
    for side in pantry nginx; do
      REQ_name=REQ_${name}_$side BYTES_name=BYTES_${name}_$side US_name=US_${name}_$side
      if [ "$side" = pantry ]; then
        wrk_once "${name}_$side" "$conns" "$threads" "$4" "${6:-}" "${7:-}"
      else
        wrk_once "${name}_$side" "$conns" "$threads" "$5" "${6:-}" "${8:-}"
      fi
    done
  done
  for side in pantry nginx; do
    local r="REQ_${name}_$side" b="BYTES_${name}_$side" u="US_${name}_$side"
    printf -v "RPS_${name}_$side" '%s' "$(awk -v r="${!r}" -v u="${!u}" 'BEGIN {printf "%.0f", r * 1e6 / u}')"
    printf -v "MBS_${name}_$side" '%s' "$(awk -v b="${!b}" -v u="${!u}" 'BEGIN {printf "%.0f", b / u}')"
  done
  local rp="RPS_${name}_pantry" rn="RPS_${name}_nginx" mp="MBS_${name}_pantry" mn="MBS_${name}_nginx"
  log "$name: Pantry ${!rp} req/s ${!mp} MB/s; nginx ${!rn} req/s ${!mn} MB/s"
}

# warm SECONDS URL [ACCEPT] [IF-NONE-MATCH]: a freshly started JVM needs 15-20 s of load before C2 has compiled the
# hot paths (a cached-wheel run measured 1.9k, 5.3k, 10.8k, then 12-14k req/s in consecutive 5 s runs).
warm() { BENCH_ACCEPT=${3:-} BENCH_INM=${4:-} timeout 60 wrk -t2 -c32 -d"$1s" -s "$HERE/wrk.lua" "$2" > /dev/null; }

log "warming Pantry's JIT: 24 s of wheel, page and 304 requests"
warm 12 "$PANTRY$WHEEL_PATH"
warm 4 "$PANTRY$MID_PATH"
warm 4 "$PANTRY$PAGE_PATH" "$PIP_ACCEPT"
warm 4 "$PANTRY$PAGE_PATH" "$PIP_ACCEPT" "$PAGE_ETAG"

log "artifact: 2 x ${HALF}s each, alternating, wrk -t2 -c32"
compare art 32 2 "$PANTRY$WHEEL_PATH" "$STATIC/files/$WHEEL"
log "5 MiB wheel: 2 x ${HALF}s each, alternating, wrk -t2 -c32"
compare mid 32 2 "$PANTRY$MID_PATH" "$STATIC/files/$MID"

log "index page and 304s: 2 x ${HALF}s each, alternating, wrk -t2 -c32, pip's Accept"
compare page 32 2 "$PANTRY$PAGE_PATH" "$STATIC/page.json" "$PIP_ACCEPT"
compare nm 32 2 "$PANTRY$PAGE_PATH" "$STATIC/page.json" "$PIP_ACCEPT" "$PAGE_ETAG" "$NGINX_ETAG"

log "large file: 2 x ${HALF}s each, alternating, wrk -t1 -c1"
compare big 1 1 "$PANTRY$BIG_PATH" "$STATIC/files/$BIG"

# --- the 30k-link page ----------------------------------------------------------------------------------------
ms() { curl -fsS --max-time 60 -o /dev/null -H "Accept: $PIP_ACCEPT" -w '%{time_total}' "$1" \
  | awk '{printf "%.1f", $1 * 1000}'; }
log "${LINKS}-link page: cold, then cached"
HUGE_COLD=$(ms "$PANTRY/simple/huge-a/")
HUGE_COLD_B=$(ms "$PANTRY/simple/huge-b/")
for _ in $(seq 1 15); do ms "$PANTRY/simple/huge-a/"; echo; done > "$W/huge.txt"
HUGE_CACHED=$(sort -n "$W/huge.txt" | sed -n 8p)
HUGE_BYTES=$(fetch "$PANTRY/simple/huge-a/" | wc -c)
# On the wire: what pip gets (it sends Accept-Encoding: gzip), and zstd; the page is written behind its first answer,
# so wait (bounded) until its compressed renderings are in place.
wire() { fetch -o /dev/null -H "Accept-Encoding: $2" -w '%{size_download}' "$1"; }
for _ in $(seq 1 100); do
  [ "$(wire "$PANTRY/simple/huge-a/" gzip)" -lt "$HUGE_BYTES" ] && break
  sleep 0.2
done
HUGE_GZIP=$(wire "$PANTRY/simple/huge-a/" gzip)
HUGE_ZSTD=$(wire "$PANTRY/simple/huge-a/" zstd)

# --- HEAD on a file not cached yet, its upstream slow (2 MiB at 512 KB/s) ------------------------------------
fetch -o /dev/null "$PANTRY/simple/slowhead/"
HEAD_MS=$(curl -fsS --max-time 60 -I -o /dev/null -w '%{time_total}' "$PANTRY/files/main/slowhead/$SLOW_HEAD" \
  | awk '{printf "%.0f", $1 * 1000}')

# --- single flight --------------------------------------------------------------------------------------------
log "single flight: 50 concurrent cold requests of one file (upstream sends its 2 MiB at 512 KB/s)"
fetch -o /dev/null "$PANTRY/simple/slowpkg/"
read -r SF_OK SF_STATUSES < <(timeout 150 python3 "$HERE/flight.py" "$PANTRY/files/main/slowpkg/$SLOW" 50 "$SLOW_SHA") || { SF_OK=0; SF_STATUSES=none; }
SF_FETCHES=$(grep -c "GET /slow/$SLOW " "$W/nginx/logs/upstream.log" || true)

# --- memory ---------------------------------------------------------------------------------------------------
RSS_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$PANTRY_PID/status")
RSS_MB=$((RSS_KB / 1024))

# --- the pypi.org-sized root ----------------------------------------------------------------------------------
log "project list of $ROOT_PROJECTS projects: first, then cached"
ROOT_FIRST=$(ms "$PANTRY/simple/")
for _ in $(seq 1 7); do ms "$PANTRY/simple/"; echo; done > "$W/root.txt"
ROOT_CACHED=$(sort -n "$W/root.txt" | sed -n 4p)
ROOT_COUNT=$(fetch "$PANTRY/simple/" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["projects"]))')
[ "$ROOT_COUNT" = "$ROOT_PROJECTS" ] || die "the root lists $ROOT_COUNT projects, not $ROOT_PROJECTS"
# Afterwards: idle for 20 s, in which an idle server gives back the heap the list needed (G1's periodic collection).
sleep 20
ROOT_RSS_MB=$(( $(awk '/^VmRSS:/ {print $2}' "/proc/$PANTRY_PID/status") / 1024 ))
ROOT_HWM_MB=$(( $(awk '/^VmHWM:/ {print $2}' "/proc/$PANTRY_PID/status") / 1024 ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$JFR" = 1 ]; then
  jcmd_bin=$(dirname "$JAVA_BIN")/jcmd
  "$jcmd_bin" "$PANTRY_PID" JFR.dump filename="$W/pantry.jfr" > /dev/null && cp "$W/pantry.jfr" "$ROOT/target/bench.jfr" \
    && log "JFR recording: target/bench.jfr"
fi

# --- cold start: from java -jar to the first cached hit, on the same data directory ---------------------------
stop "$PANTRY_PID"
START_NS=$(date +%s%N)
start_pantry
for _ in $(seq 1 3000); do
  [ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$PANTRY$WHEEL_PATH" 2>/dev/null)" = 200 ] && break
  sleep 0.01
done
START_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
[ "$(cache_header "$PANTRY$WHEEL_PATH" X-Pantry-Cache)" = HIT ] || die "after a restart the wheel is not a HIT"

# --- report ---------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
  ok = (op == ">=" ? v >= t : op == "<=" ? v <= t : v == t); print (ok ? "PASS" : "MISS") }'; }
row() { printf '| %-36s | %12s | %12s | %6s | %-12s | %-4s |\n' "$@"; }

R_ART=$(ratio "$RPS_art_pantry" "$RPS_art_nginx")
R_MID=$(ratio "$RPS_mid_pantry" "$RPS_mid_nginx")
R_GZIP=$(ratio "$HUGE_GZIP" "$HUGE_BYTES")
R_ZSTD=$(ratio "$HUGE_ZSTD" "$HUGE_BYTES")
R_PAGE=$(ratio "$RPS_page_pantry" "$RPS_page_nginx")
R_NM=$(ratio "$RPS_nm_pantry" "$RPS_nm_nginx")
R_BIG=$(ratio "$MBS_big_pantry" "$MBS_big_nginx")
WHEEL_KB=$(( $(stat -c %s "$W/up/files/$WHEEL") / 1024 ))
PAGE_KB=$(( $(stat -c %s "$W/static/page.json") / 1024 ))
BIG_COLD_MBS=$(awk -v s="$BIG_COLD" 'BEGIN {printf "%.0f", s / 1e6}')

echo
echo "Pantry vs nginx — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average before $LOAD_BEFORE, after $LOAD_AFTER"
echo "pantry: $JAR ($(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "not a git checkout"))"
echo "java: $JAVA_VERSION ($XMX_SHOWN); $(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "artifact: $WHEEL ($WHEEL_KB KiB, from $WHEEL_SRC); page: $PAGE_PATH as JSON ($PAGE_KB KiB, 100 links)"
echo
row "measure" "Pantry" "nginx" "ratio" "target" "    "
row "------------------------------------" "------------" "------------" "------" "------------" "----"
row "artifact ${WHEEL_KB} KiB, req/s (c32)" "$RPS_art_pantry" "$RPS_art_nginx" "$R_ART" ">= 0.8x" "$(verdict "$R_ART" ">=" 0.8)"
row "5 MiB wheel, req/s (c32)" "$RPS_mid_pantry" "$RPS_mid_nginx" "$R_MID" ">= 0.8x" "$(verdict "$R_MID" ">=" 0.8)"
row "index page, req/s (c32)" "$RPS_page_pantry" "$RPS_page_nginx" "$R_PAGE" ">= 0.8x" "$(verdict "$R_PAGE" ">=" 0.8)"
row "304 revalidation, req/s (c32)" "$RPS_nm_pantry" "$RPS_nm_nginx" "$R_NM" ">= 0.8x" "$(verdict "$R_NM" ">=" 0.8)"
row "${BIG_MB} MiB file, MB/s (c1)" "$MBS_big_pantry" "$MBS_big_nginx" "$R_BIG" ">= 0.9x" "$(verdict "$R_BIG" ">=" 0.9)"
row "${BIG_MB} MiB file cold (tee), MB/s" "$BIG_COLD_MBS" "" "" "(info)" ""
row "${LINKS}-link page cold, ms" "$HUGE_COLD" "" "" "<= 500 ms" "$(verdict "$HUGE_COLD" "<=" 500)"
row "${LINKS}-link page cold, 2nd page, ms" "$HUGE_COLD_B" "" "" "(info)" ""
row "${LINKS}-link page cached, ms (median)" "$HUGE_CACHED" "" "" "<= 20 ms" "$(verdict "$HUGE_CACHED" "<=" 20)"
row "${LINKS}-link page gzip on the wire" "$HUGE_GZIP B" "" "$R_GZIP" "<= 0.2x" "$(verdict "$R_GZIP" "<=" 0.2)"
row "${LINKS}-link page zstd on the wire" "$HUGE_ZSTD B" "" "$R_ZSTD" "<= 0.2x" "$(verdict "$R_ZSTD" "<=" 0.2)"
row "HEAD of an uncached file, ms (slow up)" "$HEAD_MS" "" "" "<= 500 ms" "$(verdict "$HEAD_MS" "<=" 500)"
row "upstream fetches, 50 cold requests" "$SF_FETCHES" "" "" "== 1" "$(verdict "$SF_FETCHES" "==" 1)"
row "peak RSS (VmHWM) before the root, MB" "$RSS_MB" "" "" "<= 512 MB" "$(verdict "$RSS_MB" "<=" 512)"
row "${ROOT_PROJECTS}-project root, first, ms" "$ROOT_FIRST" "" "" "<= 5000 ms" "$(verdict "$ROOT_FIRST" "<=" 5000)"
row "${ROOT_PROJECTS}-project root, cached, ms" "$ROOT_CACHED" "" "" "<= 300 ms" "$(verdict "$ROOT_CACHED" "<=" 300)"
row "RSS 20 s after the root (VmRSS), MB" "$ROOT_RSS_MB" "" "" "<= 512 MB" "$(verdict "$ROOT_RSS_MB" "<=" 512)"
row "peak RSS of the whole run (VmHWM), MB" "$ROOT_HWM_MB" "" "" "<= 512 MB" "$(verdict "$ROOT_HWM_MB" "<=" 512)"
row "java -jar to the first cached hit, ms" "$START_MS" "" "" "(info)" ""
echo
echo "single flight: $SF_OK of 50 clients got the right bytes (statuses $SF_STATUSES); ${LINKS}-link page is $((HUGE_BYTES / 1024)) KiB as JSON"
if grep -qE ' (ERROR|WARN) ' "$W/pantry.log"; then
  echo "Pantry logged warnings or errors (first 5):"
  grep -E ' (ERROR|WARN) ' "$W/pantry.log" | head -5
fi
