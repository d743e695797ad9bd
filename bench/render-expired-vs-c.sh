#!/usr/bin/env bash
# render-expired at planet-import scale, jtile's against Debian's render_expired, in one run:
#   bench/render-expired-vs-c.sh [LINES=1000000]
# Generates an osm2pgsql-style expire list of LINES z/x/y lines (z15-17 spread over a region of about
# 250x250 metatiles at z17, with repeats, as diffs produce them: 82 094 distinct metatiles for 1M lines)
# and a tile cache holding every metatile of that region (tiny metatiles). Then, for each scenario, runs
# both tools on the same input (the cache re-created before each touching run):
#   touch      --touch-from 15: reading, de-duplicating, stat and back-dating (no renderd)
#   render -n  every metatile re-rendered through a renderd that answers at once (testing's FakeRenderd, one
#              for the whole run, warmed up by an untimed run of each tool first), with 1, 4 and 16
#              requests in flight: the tools' request machinery; then jtile at -n 256
#              (one connection, no extra threads) against Debian's best of those
#   not cached the same list against an empty cache (most of a real expire list is never viewed); the
#              best render runs less these give what the 82k requests alone cost each tool
#   minutely   the list's first 3 000 lines (the size of a minutely diff's list, what cron feeds the tools
#              most often) rendered at -n 4: start-up is most of such a run
# Each run is repeated 3 times and the best printed: on a small VM a round trip costs ~10 us when client
# and renderd happen to share a CPU and ~40 us when they do not, so single runs at -n 1 vary up to 2x.
# Printed: wall time, lines/s, peak RSS and metatiles handled, and jtile's speed-up.
# Takes 5-10 minutes, most of it re-creating the cache. Needs: renderd (Debian's tools), GNU time, bc.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lines=${1:-1000000}
work=$(mktemp -d /tmp/jtile-expire-bench.XXXXXX)
instant=""
trap 'if [ -n "$instant" ]; then kill "$instant" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
(cd "$here" && mvn -B -q -DskipTests package)
bench_cp="$here/bench/target/classes:$(cat "$here/bench/target/classpath.txt")"

echo "# render-expired-vs-c $(date -u +%FT%TZ) $(nproc) cores, $lines lines"
java -cp "$bench_cp" org.jtile.bench.ExpireBenchData "$work/expire.list" "$work/tiles" "$lines"
mkdir -p "$work/empty"

# One renderd for the whole run, as a real one runs for weeks: its code compiled before the first timed run
# (a JVM started per run spent the run compiling itself, on the cores the tool being timed needs).
java -cp "$bench_cp" org.jtile.testing.FakeRenderd "$work/instant.sock" 2> "$work/instant.log" &
instant=$!
for _ in $(seq 1 100); do [ -S "$work/instant.sock" ] && break; sleep 0.1; done
[ -S "$work/instant.sock" ] || { echo "FakeRenderd did not start" >&2; exit 1; }

rendered_since() { # log-line -> render requests answered on the connections accepted since that line
  local accepted ended
  # The tool has exited, so its connections end at once and their lines follow. Each was accepted (its
  # line written) before its first answer, so no connection that rendered anything can be missed here.
  for _ in $(seq 1 50); do
    accepted=$(tail -n +"$1" "$work/instant.log" | grep -c ' accepted$' || true)
    ended=$(tail -n +"$1" "$work/instant.log" | grep -c ' ended: ' || true)
    [ "$accepted" = "$ended" ] && break
    sleep 0.1
  done
  tail -n +"$1" "$work/instant.log" | awk '/ ended: / { n += $NF } END { print n + 0 }'
}

run() { # label tile-dir command... -> prints the best of 3 runs; leaves its seconds in $work/last
  local label=$1 tiles=$2 best="" best_rss=0 touched=0 rendered=0 from
  for _ in 1 2 3; do
    if [ "$touching" = 1 ]; then # back-dated by the last run: re-create it, and settle its writes first
      java -cp "$bench_cp" org.jtile.bench.ExpireBenchData --cache-only "$work/expire.list" "$work/tiles" "$lines"
      sync
    fi
    from=$(($(wc -l < "$work/instant.log") + 1))
    /usr/bin/time -f "%e %M" -o "$work/time" "${@:3}" < "$input" > "$work/out" 2>&1 \
      || { cat "$work/out" >&2; exit 1; }
    rendered=$(rendered_since "$from")
    read -r seconds rss_kb < "$work/time"
    touched=$(find "$tiles" -name '*.meta' -mmin +1000000 | wc -l)
    if [ -z "$best" ] || [ "$(echo "$seconds < $best" | bc)" = 1 ]; then best=$seconds; best_rss=$rss_kb; fi
  done
  printf '  %-24s %6.2f s %10.0f lines/s  peak RSS %4d MB  touched %6d  rendered %6d\n' "$label" "$best" \
    "$(echo "$(wc -l < "$input") / $best" | bc -l)" $((best_rss / 1024)) "$touched" "$rendered"
  echo "$best" > "$work/last"
}

scenario() { # name tile-dir debian-options jtile-options
  echo "$1"
  run "render_expired (Debian)" "$2" render_expired -t "$2" -z 15 -Z 17 -s "$work/instant.sock" $3
  local c; c=$(cat "$work/last"); cp "$work/last" "$work/c_last"
  run "jtile render-expired" "$2" "$here/bin/jtile" render-expired -t "$2" -z 15 -Z 17 -s "$work/instant.sock" -N $4
  echo "  RATIO jtile/Debian speed: $(echo "$c / $(cat "$work/last")" | bc -l | cut -c1-4)x"
}

input=$work/expire.list
touching=0
echo "warming up the renderd (not timed)"
for _ in 1 2; do
  render_expired -t "$work/tiles" -z 15 -Z 17 -s "$work/instant.sock" -n 4 < "$input" > /dev/null 2>&1
  "$here/bin/jtile" render-expired -t "$work/tiles" -z 15 -Z 17 -s "$work/instant.sock" -N -n 16 < "$input" > /dev/null
done
best_c="" best_j=""
for n in 1 4 16; do
  scenario "render, -n $n in flight" "$work/tiles" "-n $n" "-n $n"
  c=$(cat "$work/c_last"); if [ -z "$best_c" ] || [ "$(echo "$c < $best_c" | bc)" = 1 ]; then best_c=$c; fi
done
echo "render, jtile -n 256 (a window wider than Debian's tool can keep with threads)"
run "jtile render-expired" "$work/tiles" "$here/bin/jtile" render-expired -t "$work/tiles" -z 15 -Z 17 \
  -s "$work/instant.sock" -N -n 256
best_j=$(cat "$work/last")
echo "  RATIO jtile at -n 256 vs Debian at its best -n: $(echo "$best_c / $best_j" | bc -l | cut -c1-4)x"
scenario "not cached (render, -n 1)" "$work/empty" "" ""
# What the requests themselves cost each tool, without the fixed costs both runs share (start-up, reading
# and de-duplicating the list, a stat per metatile): each tool's best render run less its not-cached run.
c_req=$(echo "$best_c - $(cat "$work/c_last")" | bc -l)
j_req=$(echo "$best_j - $(cat "$work/last")" | bc -l)
printf '  requests alone (best render run less not cached): Debian %.2f s, jtile %.2f s\n' "$c_req" "$j_req"
echo "  RATIO jtile/Debian speed on the requests alone: $(echo "$c_req / $j_req" | bc -l | cut -c1-4)x"
touching=1
scenario "touch (--touch-from 15)" "$work/tiles" "-T 15" "-T 15"
touching=0 # render runs leave the cache as they find it: one fresh copy for all of them
java -cp "$bench_cp" org.jtile.bench.ExpireBenchData --cache-only "$work/expire.list" "$work/tiles" "$lines"
head -n 3000 "$work/expire.list" > "$work/minutely.list"
input=$work/minutely.list
scenario "minutely diff (3 000 lines), render, -n 4" "$work/tiles" "-n 4" "-n 4"
