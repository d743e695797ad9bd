#!/usr/bin/env bash
# render-expired at planet-import scale, jtile's against Debian's render_expired, in one run:
#   bench/render-expired-vs-c.sh [LINES=1000000]
# Generates an osm2pgsql-style expire list of LINES z/x/y lines (z15-17 spread over a region of about
# 250x250 metatiles at z17, with repeats, as diffs produce them) and a tile cache holding every metatile of
# that region at z15-17 (tiny metatiles). Both tools then expire the list with --touch-from 15 (no renders:
# the tools' own work — reading, de-duplicating, stat'ing and touching — is what is measured), the cache
# re-created in between. Prints wall time, lines/s and peak RSS of each, and the ratio.
# Needs: renderd (Debian's tools), GNU time, and a build (mvn -B -DskipTests package).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lines=${1:-1000000}
work=$(mktemp -d /tmp/jtile-expire-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -B -q -DskipTests package)
bench_cp="$here/bench/target/classes:$(cat "$here/bench/target/classpath.txt")"

echo "# render-expired-vs-c $(date -u +%FT%TZ) $(nproc) cores, $lines lines"
java -cp "$bench_cp" org.jtile.bench.ExpireBenchData "$work/expire.list" "$work/tiles" "$lines"

run() { # name command...
  java -cp "$bench_cp" org.jtile.bench.ExpireBenchData --cache-only "$work/expire.list" "$work/tiles" "$lines"
  sync
  /usr/bin/time -f "%e %M" -o "$work/$1.time" "${@:2}" < "$work/expire.list" > "$work/$1.out" 2>&1
  read -r seconds rss_kb < "$work/$1.time"
  touched=$(find "$work/tiles" -name '*.meta' -mmin +1000000 | wc -l)
  printf '%-28s %6.2f s  %9.0f lines/s  peak RSS %4d MB  metatiles touched %d\n' "$1" "$seconds" \
    "$(echo "$lines / $seconds" | bc -l)" $((rss_kb / 1024)) "$touched"
  echo "$seconds" > "$work/$1.seconds"
}
run "render_expired (Debian)" render_expired -t "$work/tiles" -z 15 -Z 17 -T 15 -s "$work/none.sock"
run "jtile render-expired" "$here/bin/jtile" render-expired -t "$work/tiles" -z 15 -Z 17 -T 15 -N
echo "RATIO jtile/Debian speed: $(echo "$(cat "$work/render_expired (Debian).seconds") / $(cat "$work/jtile render-expired.seconds")" | bc -l | cut -c1-5)x"
