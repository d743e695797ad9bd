#!/usr/bin/env bash
# What the operations page costs the frontend, side by side in one run:
#   bench/admin-cost.sh [RUNS=5] [DURATION=10s] [CONNS=32]
# Starts jtile-renderd (test renderer, metrics on) and renders z0-6 with jtile render-list, then serves that
# cache with jtile-frontend twice over, admin off and admin on (sampling every 2 s, renderd's metrics
# scraped), RUNS wrk runs of each (in turns, which first alternating) over every one of the 5461 tile URLs,
# each after an 8 s warm-up. In both arms a watcher reads /admin/data and a cached tile five times a second
# each (curl's time to the first byte, connect included): with the page on, the medians are the page's
# answer time under load and, for scale, a tile's. Prints req/s per run, the medians, the ratio, and /admin/data's latency.
# Needs: wrk (scripts/setup-debian.sh installs it) and a build (mvn -DskipTests package).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}; duration=${2:-10s}; conns=${3:-32}
work=$(mktemp -d /tmp/jtile-admin-bench.XXXXXX)
port=${JTILE_PORT:-18095}; metrics=${JTILE_METRICS_PORT:-18096}
renderd_pid=""; frontend_pid=""
cleanup() {
  [ -n "$frontend_pid" ] && kill "$frontend_pid" 2>/dev/null && wait "$frontend_pid" 2>/dev/null
  [ -n "$renderd_pid" ] && kill "$renderd_pid" 2>/dev/null && wait "$renderd_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
command -v wrk > /dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
[ -f "$here/tile-frontend/target/classpath.txt" ] || (cd "$here" && mvn -B -q -DskipTests package)

mkdir -p "$work/tiles"
cat > "$work/renderd.conf" <<CONF
jtile.renderd {
  socket = "$work/renderd.sock", metrics_port = $metrics, tile_dir = "$work/tiles"
  maps.default { renderer = test }
}
CONF
"$here/bin/jtile-renderd" -c "$work/renderd.conf" > "$work/renderd.log" 2>&1 &
renderd_pid=$!
for _ in $(seq 1 100); do grep -q "ready: listening" "$work/renderd.log" && break; sleep 0.1; done
"$here/bin/jtile" render-list -a -z 0 -Z 6 -n 16 -s "$work/renderd.sock" -t "$work/tiles" --no-progress \
  > "$work/render-list.log" 2>&1

cat > "$work/cycle.lua" <<'LUA'
local urls = {}
for z = 0, 6 do for x = 0, 2 ^ z - 1 do for y = 0, 2 ^ z - 1 do
  urls[#urls + 1] = "/default/" .. z .. "/" .. x .. "/" .. y .. ".png"
end end end
local idx = 0
function setup(thread) idx = math.random(#urls) end
function init(args) idx = math.random(#urls) end
function request() idx = idx % #urls + 1; return wrk.format("GET", urls[idx]) end
LUA

launch_frontend() { # enabled sample_interval
  cat > "$work/frontend.conf" <<CONF
jtile.frontend {
  http { host = "127.0.0.1", port = $port }
  render.socket = "$work/renderd.sock"
  admin { enabled = $1, sample_interval = $2, renderd_metrics = "http://127.0.0.1:$metrics/metrics" }
  layers.default.tile_dir = "$work/tiles"
}
CONF
  "$here/bin/jtile-frontend" -c "$work/frontend.conf" > "$work/frontend.log" 2>&1 &
  frontend_pid=$!
  for _ in $(seq 1 100); do grep -q "ready: serving" "$work/frontend.log" && break; sleep 0.1; done
}
start_frontend() { # enabled
  launch_frontend "$1" 2s
  # warm up: the JIT, the hot-tile cache
  wrk -t2 -c"$conns" -d8s -s "$work/cycle.lua" "http://127.0.0.1:$port" > /dev/null 2>&1
}
stop_frontend() { kill "$frontend_pid"; wait "$frontend_pid" || true; frontend_pid=""; }
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "# admin-cost $(date -u +%FT%TZ) $(nproc) cores, runs=$runs duration=$duration conns=$conns"
: > "$work/off.rps"; : > "$work/on.rps"; : > "$work/data.p50"; : > "$work/tile.p50"
measure() { # enabled -> appends req/s to $work/<off|on>.rps; with the page on, the answer times too
  local arm=off; [ "$1" = true ] && arm=on
  start_frontend "$1"
  # a watcher in both arms, as the page polls, 5 times a second, timing /admin/data and a cached tile by
  # turns (curl's time to the first byte, connect included): the same outside load on both arms
  ( end=$((SECONDS + ${duration%s})); while [ "$SECONDS" -lt "$end" ]; do
      curl -s -o /dev/null -w 'data %{time_starttransfer}\n' "http://127.0.0.1:$port/admin/data"
      curl -s -o /dev/null -w 'tile %{time_starttransfer}\n' "http://127.0.0.1:$port/default/6/33/22.png"
      sleep 0.2; done
  ) > "$work/times" &
  local watcher=$!
  wrk -t2 -c"$conns" -d"$duration" -s "$work/cycle.lua" "http://127.0.0.1:$port" > "$work/$arm.out" 2>&1
  wait "$watcher"
  rps "$work/$arm.out" >> "$work/$arm.rps"
  if [ "$arm" = on ]; then
    awk '$1 == "data" { print $2 * 1000 }' "$work/times" | median >> "$work/data.p50"
    awk '$1 == "tile" { print $2 * 1000 }' "$work/times" | median >> "$work/tile.p50"
  fi
  stop_frontend
}
for run in $(seq 1 "$runs"); do
  if [ $((run % 2)) = 1 ]; then measure false; measure true; else measure true; measure false; fi
  echo "run $run: off $(tail -1 "$work/off.rps") req/s, on $(tail -1 "$work/on.rps") req/s;" \
    "page on: /admin/data p50 $(tail -1 "$work/data.p50") ms, a cached tile p50 $(tail -1 "$work/tile.p50") ms"
done
# and with nothing else to do, on one keep-alive connection: the endpoint's own answer time, its ring of
# samples full (a minute of load sampled every 200 ms fills it), beside a cached tile's
launch_frontend true 200ms
wrk -t2 -c"$conns" -d62s -s "$work/cycle.lua" "http://127.0.0.1:$port" > /dev/null 2>&1
size=$(curl -s "http://127.0.0.1:$port/admin/data" | wc -c)
wrk -t1 -c1 -d5s --latency "http://127.0.0.1:$port/admin/data" > "$work/idle-data.out" 2>&1
wrk -t1 -c1 -d5s --latency "http://127.0.0.1:$port/default/6/33/22.png" > "$work/idle-tile.out" 2>&1
stop_frontend
p50() { awk '$1 == "50%" { print $2 }' "$1"; }
echo "idle, one keep-alive connection: /admin/data p50 $(p50 "$work/idle-data.out") ($size bytes, after a" \
  "minute of load), a cached tile p50 $(p50 "$work/idle-tile.out")"

off=$(median < "$work/off.rps"); on=$(median < "$work/on.rps")
p50=$(median < "$work/data.p50"); tile=$(median < "$work/tile.p50")
awk -v off="$off" -v on="$on" -v p50="$p50" -v tile="$tile" 'BEGIN {
  printf "MEDIAN off=%.0f req/s on=%.0f req/s cost=%.1f%% admin_data_p50=%.3f ms cached_tile_p50=%.3f ms\n",
    off, on, 100 * (off - on) / off, p50, tile }'
