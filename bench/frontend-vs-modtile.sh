#!/usr/bin/env bash
# Cached-tile serving, jtile's frontend against Debian's Apache + mod_tile on the same cache, in one run:
#   bench/frontend-vs-modtile.sh [RUNS=3] [DURATION=10s] [CONNS=32]
# Starts the reference stack (../shared/tools/reference-stack: Apache + mod_tile 0.6.1 + C renderd on
# loopback), pre-renders z0-6 of its png256 layer with Debian's render_list, starts bin/jtile-frontend on
# the very same renderd.conf and tile cache, then drives both with the reference wrk script (every one of
# the 5461 tile URLs, 32 connections, 2 wrk threads on the same 2 cores). Prints req/s, p50/p99, server
# CPU and the frontend's peak RSS, and the ratio. Apache logs every request (the reference config); jtile
# is measured with its access log off (the default) and on, so both figures are fair.
# Needs: apache2, libapache2-mod-tile, renderd, wrk, curl (scripts/setup-debian.sh installs them) and a build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}; duration=${2:-10s}; conns=${3:-32}
ref=$(cd "$here/../shared/tools/reference-stack" && pwd)
work=$(mktemp -d /tmp/jtile-serve-bench.XXXXXX)
chmod 755 "$work" # Apache's children run as nobody and must reach the tiles
export REF_DIR=$work/ref REF_TCP=0 REF_PORT=${REF_PORT:-18081}
port=${JTILE_PORT:-18090}
frontend_pid=""
cleanup() {
  [ -n "$frontend_pid" ] && kill "$frontend_pid" 2>/dev/null && wait "$frontend_pid" 2>/dev/null
  "$ref/ref-down.sh" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v wrk > /dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
[ -f "$here/tile-frontend/target/classpath.txt" ] || (cd "$here" && mvn -B -q -DskipTests package)

"$ref/ref-up.sh" > "$work/ref-up.log"
render_list -a -z 0 -Z 6 -n 2 -m png256 -s "$REF_DIR/run/renderd.sock" -t "$REF_DIR/tiles" > "$work/render_list.log" 2>&1

start_frontend() { # access_log
  cat > "$work/frontend.conf" <<CONF
jtile.frontend {
  http { host = "127.0.0.1", port = $port, access_log = "$1" }
  render.socket = "$REF_DIR/run/renderd.sock"
}
CONF
  "$here/bin/jtile-frontend" --config "$work/frontend.conf" --renderd-conf "$REF_DIR/conf/renderd.conf" \
    > "$work/frontend.log" 2>&1 &
  frontend_pid=$!
  for _ in $(seq 1 100); do grep -q "ready: serving" "$work/frontend.log" && return 0; sleep 0.1; done
  echo "frontend did not start:" >&2; tail -20 "$work/frontend.log" >&2; exit 1
}
stop_frontend() {
  kill "$frontend_pid"; wait "$frontend_pid" || true; frontend_pid=""
}
bench() { # base_url server_pid name -> prints the runs, returns the median line in $result
  "$ref/bench-cached.sh" "$1" png256 0 6 "$runs" "$duration" "$conns" "$2" > "$work/$3.out"
  cat "$work/$3.out"
  result=$(sed -n 's/^MEDIAN //p' "$work/$3.out")
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "# frontend-vs-modtile $(date -u +%FT%TZ) $(nproc) cores, runs=$runs duration=$duration conns=$conns"
bench "http://127.0.0.1:$REF_PORT" "$(cat "$REF_DIR/run/httpd.pid")" apache
apache=$result
echo "apache+mod_tile: $apache"

start_frontend ""
bench "http://127.0.0.1:$port" "$frontend_pid" jtile
jtile=$result
rss_kb=$(awk '/VmHWM/{print $2}' "/proc/$frontend_pid/status")
stop_frontend
echo "jtile-frontend: $jtile peak_rss_mb=$((rss_kb / 1024))"

start_frontend "$work/access.log"
bench "http://127.0.0.1:$port" "$frontend_pid" logged
logged=$result
rss_logged_kb=$(awk '/VmHWM/{print $2}' "/proc/$frontend_pid/status")
stop_frontend
echo "jtile-frontend with access log: $logged peak_rss_mb=$((rss_logged_kb / 1024))"

awk -v a="$(field "$apache" rps)" -v j="$(field "$jtile" rps)" -v l="$(field "$logged" rps)" 'BEGIN {
  printf "RATIO jtile/apache=%.2f (with access log %.2f)\n", j / a, l / a }'
