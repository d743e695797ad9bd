#!/usr/bin/env bash
# Cached-tile req/s of the frontend at another commit against this checkout, alternating, on one machine:
#   bench/cached-ab.sh COMMIT [ROUNDS=2] [CONNS=32]
# Builds COMMIT in a temporary git worktree, renders z0-6 of the test renderer once (jtile-renderd +
# Debian's render_list), then for each round starts the COMMIT frontend and this one in turn on that cache:
# a 5 s unmeasured wrk warm-up, then 3 x 10 s of wrk cycling every tile URL. Prints req/s and p99 per run.
# Needs: wrk, renderd (render_list), curl and a build of this checkout.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
commit=$1; rounds=${2:-2}; conns=${3:-32}
work=$(mktemp -d /tmp/jtile-cached-ab.XXXXXX)
port=${AB_PORT:-18200}
trap 'pkill -f "$work" 2>/dev/null || true; git -C "$here" worktree remove --force "$work/old" 2>/dev/null || true; rm -rf "$work"' EXIT
git -C "$here" worktree add -q --detach "$work/old" "$commit"
(cd "$work/old" && mvn -B -q -ntp package -DskipTests -pl tile-frontend -am)
mkdir -p "$work/tiles"
cat > "$work/renderd.conf" <<CONF
jtile.renderd { socket = "$work/r.sock", num_threads = 2, tile_dir = "$work/tiles", maps.default.renderer = test }
CONF
cat > "$work/frontend.conf" <<CONF
jtile.frontend {
  http { host = "127.0.0.1", port = $port }
  layers.default { uri = "/tiles/", style = default, tile_dir = "$work/tiles" }
}
CONF
"$here/bin/jtile-renderd" -f -c "$work/renderd.conf" > "$work/renderd.log" 2>&1 &
renderd=$!
for _ in $(seq 1 100); do [ -S "$work/r.sock" ] && break; sleep 0.1; done
render_list -a -z 0 -Z 6 -n 2 -m default -s "$work/r.sock" -t "$work/tiles" > /dev/null 2>&1
kill "$renderd"; wait "$renderd" 2>/dev/null || true
cat > "$work/urls.lua" <<'LUA'
local urls = {}
for z = 0, 6 do
  for x = 0, 2 ^ z - 1 do
    for y = 0, 2 ^ z - 1 do urls[#urls + 1] = "/tiles/" .. z .. "/" .. x .. "/" .. y .. ".png" end
  end
end
local i = 0
request = function() i = i % #urls + 1; return wrk.format("GET", urls[i]) end
LUA
run() { # launcher label
  "$1" --config "$work/frontend.conf" > "$work/frontend-$2.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/tiles/0/0/0.png" && break; sleep 0.2; done
  wrk -t1 -c"$conns" -d5s -s "$work/urls.lua" "http://127.0.0.1:$port" > /dev/null
  for r in 1 2 3; do
    wrk -t1 -c"$conns" -d10s --latency -s "$work/urls.lua" "http://127.0.0.1:$port" \
      | awk -v l="$2" '/Requests\/sec/ {rps = $2} /99%/ {p99 = $2} END {print l, rps, "req/s, p99", p99}'
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
echo "# cached-ab $(date -u +%FT%TZ) $(nproc) cores: $commit against $(git -C "$here" rev-parse --short HEAD)"
for ((round = 1; round <= rounds; round++)); do
  run "$work/old/bin/jtile-frontend" "$commit"
  run "$here/bin/jtile-frontend" this
done
