#!/usr/bin/env bash
# A map user beside bulk downloaders, Apache + mod_tile 0.6.1 and jtile in one run on this machine:
#   bench/fair-share-vs-modtile.sh [SECONDS=45] [DOWNLOADERS=1] [CONCURRENCY=16]
# Starts the reference stack (../shared/tools/reference-stack: Apache + mod_tile + C renderd with 2 threads,
# the example land map, mod_tile's shipped settings), runs FairShareBench against its png256 layer, stops
# it, then runs jtile-renderd (2 threads) and jtile-frontend with their shipped defaults on a copy of the same
# renderd.conf (own socket and tile cache) and runs the same load. The user is 127.0.0.3, one downloader
# 127.0.0.2 keeping CONCURRENCY missing z16 tiles asked (several: 127.0.1.x). Prints the user's missing
# tiles' p50/p90/p99 against a render measured idle, cached tiles' p99, and the downloaders' renders/s.
# Needs: apache2, libapache2-mod-tile, renderd, curl (scripts/setup-debian.sh) and ../shared beside the checkout.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-45}; downloaders=${2:-1}; concurrency=${3:-16}
ref=$(cd "$here/../shared/tools/reference-stack" && pwd)
work=$(mktemp -d /tmp/jtile-fair-bench.XXXXXX)
chmod 755 "$work" # Apache's children run as nobody and must reach the tiles
export REF_DIR=$work/ref REF_TCP=0 REF_PORT=${REF_PORT:-18081}
port=${JTILE_PORT:-18090}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  "$ref/ref-down.sh" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
(cd "$here" && mvn -B -q -DskipTests package)
load() { # base_url run
  (cd "$here" && bench/run.sh FairShareBench "$1" /tiles/png256 "$seconds" "$downloaders" "$concurrency" "$2")
}

echo "# fair-share-vs-modtile $(date -u +%FT%TZ) $(nproc) cores, ${seconds}s, $downloaders downloader(s) x $concurrency"
"$ref/ref-up.sh" > "$work/ref-up.log"
echo "== Apache + mod_tile 0.6.1, C renderd 0.6.1 (2 threads)"
load "http://127.0.0.1:$REF_PORT" 1 | tee "$work/apache.out"
"$ref/ref-down.sh" > /dev/null

mkdir -p "$work/jtile/tiles"
sed -e "s|^socketname=.*|socketname=$work/jtile/renderd.sock|" -e "s|^tile_dir=.*|tile_dir=$work/jtile/tiles|" \
    -e "s|^TILEDIR=.*|TILEDIR=$work/jtile/tiles|" "$REF_DIR/conf/renderd.conf" > "$work/jtile/renderd.conf"
"$here/bin/jtile-renderd" -c "$work/jtile/renderd.conf" > "$work/jtile/renderd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do [ -S "$work/jtile/renderd.sock" ] && break; sleep 0.1; done
echo "jtile.frontend.http { host = \"127.0.0.1\", port = $port }" > "$work/jtile/frontend.conf"
"$here/bin/jtile-frontend" --config "$work/jtile/frontend.conf" --renderd-conf "$work/jtile/renderd.conf" \
    > "$work/jtile/frontend.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "ready: serving" "$work/jtile/frontend.log" && break; sleep 0.1; done
echo "== jtile-frontend + jtile-renderd (2 threads), shipped defaults"
load "http://127.0.0.1:$port" 2 | tee "$work/jtile.out"
