#!/usr/bin/env bash
# Render throughput, jtile's renderd against Debian's C renderd in one run on this machine:
#   bench/render-vs-c.sh [MAX_ZOOM=7] [CLIENTS=4]
# Renders z0..MAX_ZOOM of the example world map (scripts/demo-data.sh) from an empty cache with 1 and
# 2 render threads. Both daemons run as their own processes on the same renderd.conf (only socket and
# tile directory differ) and are driven the same way, by Debian's render_list -a -n CLIENTS.
# Prints metatiles/s and the ratio. Needs: renderd, libmapnik-dev (scripts/setup-debian.sh) and a build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
max_zoom=${1:-7}; clients=${2:-4}
work=$(mktemp -d /tmp/jtile-render-bench.XXXXXX)
trap 'pkill -f "renderd.*$work" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$here" && mvn -B -q -DskipTests package)
style=$("$here/scripts/demo-data.sh")
metatiles=0
for ((z = 0; z <= max_zoom; z++)); do n=$(( (1 << z) > 8 ? (1 << z) / 8 : 1 )); metatiles=$((metatiles + n * n)); done

run() { # side threads -> seconds
  local side=$1 threads=$2 dir="$work/$1-$2"
  mkdir -p "$dir/tiles"
  cat > "$dir/renderd.conf" <<CONF
[renderd]
socketname=$dir/r.sock
num_threads=$threads
tile_dir=$dir/tiles
[mapnik]
plugins_dir=/usr/lib/mapnik/3.1/input
font_dir=/usr/share/fonts
font_dir_recurse=true
[default]
URI=/default/
XML=$style
HOST=localhost
CONF
  if [ "$side" = c ]; then
    renderd -f -c "$dir/renderd.conf" > "$dir/daemon.log" 2>&1 &
  else
    "$here/bin/jtile-renderd" -c "$dir/renderd.conf" > "$dir/daemon.log" 2>&1 &
  fi
  local pid=$!
  for _ in $(seq 1 300); do [ -S "$dir/r.sock" ] && break; sleep 0.1; done
  local t0 t1
  t0=$(date +%s.%N)
  render_list -a -z 0 -Z "$max_zoom" -n "$clients" -s "$dir/r.sock" -t "$dir/tiles" > "$dir/render_list.log" 2>&1
  t1=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local written; written=$(find "$dir/tiles" -name '*.meta' | wc -l)
  [ "$written" = "$metatiles" ] || { echo "$side $threads: $written of $metatiles metatiles written" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

echo "render z0-z$max_zoom ($metatiles metatiles) of the example land style, render_list -n $clients, $(nproc) cores"
for threads in 1 2; do
  c=$(run c "$threads"); j=$(run jtile "$threads")
  awk -v m="$metatiles" -v c="$c" -v j="$j" -v t="$threads" 'BEGIN {
    printf "%d thread(s): C renderd %.2f metatiles/s (%.1f s), jtile %.2f metatiles/s (%.1f s): %.2fx\n",
      t, m / c, c, m / j, j, c / j }'
done
