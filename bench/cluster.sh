#!/usr/bin/env bash
# Three replicas against one, through the same nginx balancer, on one PostgreSQL and one S3-compatible bucket
# (issue 12). See bench/README.md.
#
#   bench/cluster.sh [--java PATH] [--jar PATH] [--duration SECONDS]
#
# Starts a throwaway PostgreSQL cluster (as the postgres user when run as root), s3proxy (from the Maven
# repository, the filesystem backend), an nginx for the upstream and the balancers, and Pantry processes. Everything
# listens on 127.0.0.1, every step is bounded, and the trap stops what it started.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAVA_BIN=""
JAR=""
DURATION=10
while [ $# -gt 0 ]; do
  case "$1" in
    --java) JAVA_BIN=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -n "$JAVA_BIN" ] || JAVA_BIN=$(command -v java)
[ -n "$JAR" ] || JAR=$ROOT/target/pantry.jar
log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "$*"
  for f in "${W:-/nonexistent}"/r[0-3].log "${W:-/nonexistent}"/s3.log; do
    [ -s "$f" ] && { log "last lines of $f:"; tail -4 "$f" | cut -c1-300 >&2; }
  done
  exit 1
}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || die "Debian's postgresql is required (apt-get install postgresql)"
for tool in wrk nginx curl python3 sha256sum "$JAVA_BIN"; do command -v "$tool" >/dev/null || die "$tool is required"; done
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)

W=$(mktemp -d "${TMPDIR:-/tmp}/pantry-cluster.XXXXXX")
chmod 755 "$W"
PIDS=()
AS_PG=()
[ "$(id -u)" = 0 ] && AS_PG=(runuser -u postgres --)
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  if [ -d "$W/pg/data" ]; then "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$W/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  sleep 1
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {
  for _ in $(seq 1 120); do curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0; sleep 0.5; done
  die "$1 did not answer within 60 s"
}

# --- PostgreSQL -----------------------------------------------------------------------------------------------
log "starting PostgreSQL and s3proxy in $W"
PG_PORT=$(free_port)
PG_PASS=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
mkdir -p "$W/pg" && echo "$PG_PASS" > "$W/pg/pw"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$W/pg"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$W/pg/data" -U pantry -A scram-sha-256 --pwfile="$W/pg/pw" -E UTF8 >/dev/null
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$W/pg/data" -l "$W/pg/log" -w \
  -o "-p $PG_PORT -k $W/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
PGPASSWORD=$PG_PASS "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U pantry -d postgres -qc "CREATE DATABASE pantry"

# --- s3proxy: its filesystem backend takes a directory as a bucket --------------------------------------------
(cd "$ROOT" && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$W/cp" >/dev/null) \
  || die "cannot resolve s3proxy from the local Maven repository (run mvn -B verify once first)"
S3_PORT=$(free_port)
mkdir -p "$W/s3/pantry"
printf '%s\n' "s3proxy.endpoint=http://127.0.0.1:$S3_PORT" "s3proxy.authorization=aws-v2-or-v4" \
  "s3proxy.identity=pantry" "s3proxy.credential=bench-secret" "jclouds.provider=filesystem-nio2" \
  "jclouds.filesystem.basedir=$W/s3" > "$W/s3.properties"
# Pantry's own Jetty and logging stay off s3proxy's classpath (its Jetty is shaded); logback at WARN.
tr ':' '\n' < "$W/cp" | grep -v -E 'jetty-slf4j-impl|/org/eclipse/jetty/' | paste -sd: > "$W/cp.s3"
printf '%s\n' '<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder>' \
  '<pattern>%d %level %logger %msg%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="E"/>' \
  '</root></configuration>' > "$W/logback.xml"
"$JAVA_BIN" -Dlogback.configurationFile="$W/logback.xml" -cp "$(cat "$W/cp.s3")" org.gaul.s3proxy.Main \
  --properties "$W/s3.properties" > "$W/s3.log" 2>&1 &
PIDS+=($!)

# --- the upstream and the two balancers (3 replicas, 1 replica) ------------------------------------------------
python3 "$HERE/gen.py" "$W" 20 1000 >/dev/null
# shellcheck disable=SC1091
. "$W/names.env"
UP_PORT=$(free_port); LB3_PORT=$(free_port); LB1_PORT=$(free_port)
P=(); for _ in 1 2 3 4; do P+=("$(free_port)"); done
USER_LINE=""; [ "$(id -u)" = 0 ] && USER_LINE="user root;"
mkdir -p "$W/nginx/logs"
cat > "$W/nginx/nginx.conf" <<NGINX
$USER_LINE
worker_processes auto;
daemon off;
pid $W/nginx/nginx.pid;
error_log $W/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $W/nginx/body; proxy_temp_path $W/nginx/proxy; fastcgi_temp_path $W/nginx/fastcgi;
  uwsgi_temp_path $W/nginx/uwsgi; scgi_temp_path $W/nginx/scgi;
  upstream three { server 127.0.0.1:${P[0]}; server 127.0.0.1:${P[1]}; server 127.0.0.1:${P[2]}; keepalive 64; }
  upstream one { server 127.0.0.1:${P[3]}; keepalive 64; }
  server { listen 127.0.0.1:$UP_PORT; root $W/up; index index.html; access_log $W/nginx/logs/upstream.log;
           location /slow/ { limit_rate 512k; } }
  server { listen 127.0.0.1:$LB3_PORT; location / { proxy_pass http://three; proxy_http_version 1.1;
           proxy_set_header Connection ""; } }
  server { listen 127.0.0.1:$LB1_PORT; location / { proxy_pass http://one; proxy_http_version 1.1;
           proxy_set_header Connection ""; } }
}
NGINX
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" & PIDS+=($!)
wait_http "http://127.0.0.1:$UP_PORT/simple/"
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.5; done

echo "bench-secret" > "$W/s3secret"
printf '%s\n' "upstream.main.url = http://127.0.0.1:$UP_PORT/simple/" \
  "metadata.url = jdbc:postgresql://127.0.0.1:$PG_PORT/pantry" "metadata.username = pantry" \
  "metadata.password-file = $W/pg/pw" "storage.url = s3://pantry/bench/" "storage.endpoint = http://127.0.0.1:$S3_PORT" \
  "storage.access-key = pantry" "storage.secret-key-file = $W/s3secret" "access-log = off" > "$W/cluster.properties"
log "starting 4 Pantry replicas ($("$JAVA_BIN" -version 2>&1 | head -1))"
for i in 0 1 2 3; do
  "$JAVA_BIN" -jar "$JAR" serve --config "$W/cluster.properties" --listen "127.0.0.1:${P[$i]}" --data "$W/r$i" \
    > "$W/r$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 0 1 2 3; do wait_http "http://127.0.0.1:${P[$i]}/healthz"; done
LB3=http://127.0.0.1:$LB3_PORT; LB1=http://127.0.0.1:$LB1_PORT
WHEEL_PATH=/files/main/$WHEEL_PROJECT/$WHEEL
WHEEL_KB=$(( $(stat -c %s "$W/up/files/$WHEEL") / 1024 ))
curl -fsS -o /dev/null "$LB3/simple/$WHEEL_PROJECT/"
for i in 0 1 2 3; do curl -fsS -o /dev/null "http://127.0.0.1:${P[$i]}$WHEEL_PATH"; done
FETCHES=$(grep -c "GET /files/$WHEEL " "$W/nginx/logs/upstream.log" || true)

rps() { wrk -t2 -c32 -d"${DURATION}s" "$1" 2>/dev/null | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
log "warming up"; rps "$LB3$WHEEL_PATH" >/dev/null; rps "$LB1$WHEEL_PATH" >/dev/null
log "hits through the balancer, alternating: 2 x ${DURATION}s each"
A1=$(rps "$LB3$WHEEL_PATH"); B1=$(rps "$LB1$WHEEL_PATH"); A2=$(rps "$LB3$WHEEL_PATH"); B2=$(rps "$LB1$WHEEL_PATH")
THREE=$(( (A1 + A2) / 2 )); ONE=$(( (B1 + B2) / 2 ))
DIRECT=$(rps "http://127.0.0.1:${P[3]}$WHEEL_PATH")

# A follower on another replica: replica 0 starts the rate-limited 2 MiB download, replica 1 asks 0.3 s later,
# waits for replica 0's claim, then serves the committed copy from the bucket.
log "time to first byte for a follower on another replica"
curl -fsS -o /dev/null "http://127.0.0.1:${P[0]}/simple/slowpkg/"
curl -s -o /dev/null -w '%{time_starttransfer} %{time_total}\n' "http://127.0.0.1:${P[0]}/files/main/slowpkg/$SLOW" \
  > "$W/leader.t" &
LEADER=$!
sleep 0.3
read -r F_TTFB F_TOTAL < <(curl -s -o "$W/follower.out" -w '%{time_starttransfer} %{time_total}\n' \
  "http://127.0.0.1:${P[1]}/files/main/slowpkg/$SLOW")
wait "$LEADER"
read -r L_TTFB L_TOTAL < "$W/leader.t"
[ "$(sha256sum < "$W/follower.out" | cut -d' ' -f1)" = "$SLOW_SHA" ] || die "the follower got the wrong bytes"
SLOW_FETCHES=$(grep -c "GET /slow/$SLOW " "$W/nginx/logs/upstream.log" || true)

echo
echo "Pantry cluster — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; $("$JAVA_BIN" -version 2>&1 | head -1)"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), s3proxy (filesystem), nginx round-robin, wrk -t2 -c32"
row() { printf '| %-56s | %15s |\n' "$1" "$2"; }
row "measure" "value"
row "--------------------------------------------------------" "---------------"
row "cached $WHEEL_KB KiB wheel through nginx, 3 replicas, req/s" "$THREE"
row "the same, 1 replica behind the same nginx, req/s" "$ONE"
row "the same replica asked directly, no balancer, req/s" "$DIRECT"
row "upstream fetches of that wheel (4 replicas asked)" "$FETCHES"
row "slow 2 MiB file: leader TTFB / total, s" "$L_TTFB / $L_TOTAL"
row "follower on another replica: TTFB / total, s" "$F_TTFB / $F_TOTAL"
row "upstream fetches of the slow file" "$SLOW_FETCHES"
echo "(every process shares the same $(nproc) cores here: 3 replicas cannot beat 1 on throughput, and the balancer's"
echo " own proxying is most of the difference between the rows through nginx and the direct one)"
