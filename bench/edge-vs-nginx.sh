#!/usr/bin/env bash
# The frontend as the edge, against nginx and Apache + mod_tile, in one run, on the same tiles and the same
# certificate:
#   bench/edge-vs-nginx.sh [RUNS=3] [DURATION=10s] [CONNS=32] [H2_STREAMS=8]
# Starts the reference stack (../shared/tools/reference-stack: C renderd on loopback) and pre-renders z0-6
# of its png256 layer with Debian's render_list. Then, each in turn on the same 2 cores:
#   - jtile-frontend on that cache, HTTP/1.1 on one port, HTTPS (h2 + HTTP/1.1 by ALPN) on another;
#   - nginx serving the same 5461 tiles as plain files (copied out of the cache through the frontend),
#     `listen … ssl http2`, sendfile and open_file_cache on: nginx at its best;
#   - Jetty alone (bench/.../JettyFloor.java): the frontend's connectors and a handler answering those files
#     from memory with every header encoded once, no tile logic (HTTP/2 from the pool, as jtile): the most
#     any handler on Jetty can serve;
#   - Apache 2.4 + mod_tile 0.6.1 on the same cache with mod_ssl and mod_http2 (`Protocols h2 http/1.1`).
# Access logs are off in all three; nginx keeps connections for 10^6 requests, Apache has Debian's defaults. Each
# server gets an unmeasured warm-up, 5 s for HTTP/1.1 and 20 s for HTTP/2 over TLS (a JVM's TLS code is
# compiled later than its HTTP code: after 5 s both Java servers' first run was a third slower), then RUNS runs
# of wrk (HTTP/1.1 cleartext, every tile URL in turn, the reference script) and of h2load (HTTP/2 over TLS,
# CONNS connections with H2_STREAMS streams each, the same URLs). Prints req/s, p50/p99 and server CPU per
# run, the medians, and jtile's ratio to nginx and to Apache. Last, headless Chromium opens jtile's demo page
# at 1920x1080 (every tile cached) RUNS times over HTTP/2 and over HTTP/1.1, both over TLS: the time until
# the last tile arrived, from the page's own resource timing (bench/.../PageLoad.java).
# Needs: apache2, libapache2-mod-tile, renderd, nginx-light, wrk, nghttp2-client, openssl, curl, chromium
# (scripts/setup-debian.sh installs them) and a build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}; duration=${2:-10s}; conns=${3:-32}; streams=${4:-8}
ref=$(cd "$here/../shared/tools/reference-stack" && pwd)
work=$(mktemp -d /tmp/jtile-edge-bench.XXXXXX)
chmod 755 "$work" # Apache's and nginx's workers run as nobody and must reach the tiles
export REF_DIR=$work/ref REF_TCP=0 REF_PORT=${REF_PORT:-18081}
plain=${EDGE_PORT:-18180}; tls=${EDGE_TLS_PORT:-18443}
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    server_pid=""
  fi
}
cleanup() {
  stop_server
  "$ref/ref-down.sh" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
for tool in wrk h2load nginx apache2 openssl curl render_list; do
  command -v "$tool" > /dev/null || { echo "$tool missing: scripts/setup-debian.sh installs it" >&2; exit 1; }
done
[ -f "$here/bench/target/classpath.txt" ] || (cd "$here" && mvn -B -q -DskipTests package)

"$ref/ref-up.sh" > "$work/ref-up.log"
render_list -a -z 0 -Z 6 -n 2 -m png256 -s "$REF_DIR/run/renderd.sock" -t "$REF_DIR/tiles" > "$work/render_list.log" 2>&1
# the reference Apache is not measured here: this script starts its own with TLS
kill "$(cat "$REF_DIR/run/httpd.pid")" 2>/dev/null || true

# one certificate for all three: ECDSA P-256, as Let's Encrypt issues by default
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=127.0.0.1 \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$work/privkey.pem" -out "$work/fullchain.pem" \
  2> /dev/null
chmod 644 "$work/privkey.pem"

urls=$work/urls.txt
for ((z = 0; z <= 6; z++)); do n=$((1 << z)); for ((x = 0; x < n; x++)); do for ((y = 0; y < n; y++)); do
  echo "/tiles/png256/$z/$x/$y.png"; done; done; done > "$urls"

wait_for() { # url log
  for _ in $(seq 1 200); do curl -skf -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "no answer from $1:" >&2; tail -20 "$2" >&2; exit 1
}

start_jtile() { # [layers: the renderd.conf's unless given]
  cat > "$work/frontend.conf" <<CONF
jtile.frontend {
  http { host = "127.0.0.1", port = $plain }
  https { port = $tls, certificate = "$work/fullchain.pem", private_key = "$work/privkey.pem" }
  render.socket = "$REF_DIR/run/renderd.sock"
  tile_dir = "$REF_DIR/tiles"
  # as long as nginx trusts a file's metadata (open_file_cache_valid 60s)
  tiles.revalidate = 60s
  ${1:-}
}
CONF
  local classic=(--renderd-conf "$REF_DIR/conf/renderd.conf")
  [ -n "${1:-}" ] && classic=()
  "$here/bin/jtile-frontend" --config "$work/frontend.conf" "${classic[@]}" > "$work/jtile.log" 2>&1 &
  server_pid=$!
  wait_for "https://127.0.0.1:$tls/tiles/png256/0/0/0.png" "$work/jtile.log"
}

start_nginx() {
  mkdir -p "$work/nginx/logs" "$work/static"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  # h2load and wrk keep their connections: nginx would close each after 1000 requests (its default)
  keepalive_requests 1000000;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=10000 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  types { image/png png; }
  server {
    listen 127.0.0.1:$plain backlog=511;
    listen 127.0.0.1:$tls ssl http2 backlog=511;
    ssl_certificate $work/fullchain.pem;
    ssl_certificate_key $work/privkey.pem;
    root $work/static;
    expires 7d;
  }
}
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" > "$work/nginx.log" 2>&1 &
  server_pid=$!
  wait_for "https://127.0.0.1:$tls/tiles/png256/0/0/0.png" "$work/nginx.log"
}

start_floor() { # Jetty alone: the frontend's connectors, every tile and header ready in memory
  java -cp "$here/bench/target/classes:$(cat "$here/bench/target/classpath.txt")" org.jtile.bench.JettyFloor \
    "$work/static" "$plain" "$tls" "$work/fullchain.pem" "$work/privkey.pem" h2-on-pool > "$work/floor.log" 2>&1 &
  server_pid=$!
  wait_for "https://127.0.0.1:$tls/tiles/png256/0/0/0.png" "$work/floor.log"
}

start_apache() {
  local mods=/usr/lib/apache2/modules
  mkdir -p "$work/apache"
  cat > "$work/apache/httpd.conf" <<CONF
ServerRoot "$work/apache"
ServerName localhost
PidFile $work/apache/httpd.pid
DefaultRuntimeDir $work/apache
Mutex file:$work/apache default
User nobody
Group nogroup
Listen 127.0.0.1:$plain
Listen 127.0.0.1:$tls
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule socache_shmcb_module $mods/mod_socache_shmcb.so
LoadModule ssl_module $mods/mod_ssl.so
LoadModule http2_module $mods/mod_http2.so
LoadModule tile_module $mods/mod_tile.so
# Debian's defaults (apache2.conf, mpm_event.conf, ssl.conf)
KeepAlive On
MaxKeepAliveRequests 100
KeepAliveTimeout 5
StartServers 2
MinSpareThreads 25
MaxSpareThreads 75
ThreadLimit 64
ThreadsPerChild 25
MaxRequestWorkers 150
SSLSessionCache shmcb:$work/apache/ssl_scache(512000)
ErrorLog $work/apache/error.log
<VirtualHost 127.0.0.1:$plain>
  LoadTileConfigFile $REF_DIR/conf/renderd.conf
  ModTileTileDir $REF_DIR/tiles
  ModTileRenderdSocketName $REF_DIR/run/renderd.sock
</VirtualHost>
<VirtualHost 127.0.0.1:$tls>
  Protocols h2 http/1.1
  SSLEngine on
  SSLCertificateFile $work/fullchain.pem
  SSLCertificateKeyFile $work/privkey.pem
  LoadTileConfigFile $REF_DIR/conf/renderd.conf
  ModTileTileDir $REF_DIR/tiles
  ModTileRenderdSocketName $REF_DIR/run/renderd.sock
</VirtualHost>
CONF
  apache2 -f "$work/apache/httpd.conf" -DFOREGROUND > "$work/apache.log" 2>&1 &
  server_pid=$!
  wait_for "https://127.0.0.1:$tls/tiles/png256/0/0/0.png" "$work/apache/error.log"
}

cpu_ticks() { # utime+stime of a process and its children
  local t=0 c
  for c in $1 $(pgrep -P "$1" 2> /dev/null); do
    [ -r "/proc/$c/stat" ] && t=$((t + $(awk '{print $14+$15}' "/proc/$c/stat")))
  done
  echo $t
}

h2_run() { # seconds log -> "rps p50_us p99_us errors"
  h2load -t 2 -c "$conns" -m "$streams" -D "$1" --log-file="$2" \
    -i <(sed "s|^|https://127.0.0.1:$tls|" "$urls") > "$2.out" 2>&1 || true
  local done_rps errors
  done_rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$2.out")
  errors=$(sed -n 's/^requests: .* \([0-9]*\) errored.*/\1/p' "$2.out")
  sort -n -k3 "$2" | awk -v rps="${done_rps:-0}" -v e="${errors:-NA}" '
    { d[NR] = $3; if ($2 != 200) bad++ }
    END { printf "%s %d %d %d\n", rps, d[int(NR * 0.5) + 1], d[int(NR * 0.99) + 1], e + bad }'
}

med() { sort -n | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

measure() { # name
  local name=$1 secs=${duration%s} r c0 c1 t0 t1
  # HTTP/1.1 cleartext: the reference wrk script over every tile URL (its first run is the warm-up)
  "$ref/bench-cached.sh" "http://127.0.0.1:$plain" png256 0 6 1 5s "$conns" > /dev/null
  "$ref/bench-cached.sh" "http://127.0.0.1:$plain" png256 0 6 "$runs" "$duration" "$conns" "$server_pid" \
    > "$work/$name-h1.out"
  sed "s/^/$name h1 /" "$work/$name-h1.out" | grep -v "^$name h1 #"
  eval "${name}_h1=\"\$(sed -n 's/^MEDIAN //p' \"\$work/\$name-h1.out\")\""
  # HTTP/2 over TLS
  h2_run 20 "$work/$name-h2-warm.log" > /dev/null
  : > "$work/$name-h2.res"
  for ((r = 1; r <= runs; r++)); do
    c0=$(cpu_ticks "$server_pid"); t0=$(date +%s.%N)
    read -r rps p50 p99 errors < <(h2_run "$secs" "$work/$name-h2-$r.log")
    t1=$(date +%s.%N); c1=$(cpu_ticks "$server_pid")
    cores=$(awk -v a="$c0" -v b="$c1" -v hz="$(getconf CLK_TCK)" -v t0="$t0" -v t1="$t1" \
      'BEGIN {printf "%.2f", (b - a) / hz / (t1 - t0)}')
    echo "$name h2 run $r: rps=$rps p50_us=$p50 p99_us=$p99 errors=$errors server_cores=$cores"
    echo "$rps $p50 $p99 $cores" >> "$work/$name-h2.res"
    sleep 2
  done
  eval "${name}_h2=\"rps=\$(cut -d' ' -f1 \"\$work/\$name-h2.res\" | med) p50_us=\$(cut -d' ' -f2 \"\$work/\$name-h2.res\" | med) p99_us=\$(cut -d' ' -f3 \"\$work/\$name-h2.res\" | med) server_cores=\$(cut -d' ' -f4 \"\$work/\$name-h2.res\" | med)\""
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "# edge-vs-nginx $(date -u +%FT%TZ) $(nproc) cores, runs=$runs duration=$duration conns=$conns h2_streams=$streams"
start_jtile
measure jtile
# nginx's files: the very bytes the frontend serves
sed "s|.*|url = \"http://127.0.0.1:$plain&\"\noutput = \"$work/static&\"|" "$urls" > "$work/fetch.cfg"
curl -sf --no-progress-meter --create-dirs --parallel --parallel-max 16 -K "$work/fetch.cfg"
[ "$(find "$work/static" -name '*.png' | wc -l)" = "$(wc -l < "$urls")" ] || { echo "tiles missing for nginx" >&2; exit 1; }
chmod -R a+rX "$work/static"
stop_server

# A browser on the demo page (the pre-rendered layer only, zoom 6 over Europe): HTTP/2, then HTTP/1.1
start_jtile 'layers.png256 { uri = "/tiles/png256/", max_zoom = 6 }'
for flag in "" --disable-http2; do
  java -Djava.io.tmpdir="$work" -cp "$here/bench/target/classes:$(cat "$here/bench/target/classpath.txt")" org.jtile.bench.PageLoad \
    "https://127.0.0.1:$tls/#6/48.0/10.0" "$runs" $flag | sed "s/^/jtile page${flag:+ $flag} /"
done
stop_server
start_nginx
measure nginx
stop_server

start_floor
measure floor
stop_server

start_apache
measure apache
stop_server

for proto in h1 h2; do
  eval "j=\$jtile_$proto n=\$nginx_$proto a=\$apache_$proto f=\$floor_$proto"
  echo "MEDIAN $proto jtile: $j"
  echo "MEDIAN $proto nginx: $n"
  echo "MEDIAN $proto apache: $a"
  echo "MEDIAN $proto jetty-floor: $f"
  awk -v j="$(field "$j" rps)" -v n="$(field "$n" rps)" -v a="$(field "$a" rps)" -v f="$(field "$f" rps)" \
    -v jp="$(field "$j" p99_us)" -v np="$(field "$n" p99_us)" -v fp="$(field "$f" p99_us)" -v proto="$proto" 'BEGIN {
    printf "RATIO %s jtile/nginx=%.2f jtile/apache=%.2f p99 jtile/nginx=%.2f", proto, j / n, j / a, jp / np
    printf " jetty-floor/nginx=%.2f p99 floor/nginx=%.2f jtile/floor=%.2f\n", f / n, fp / np, j / f }'
done
