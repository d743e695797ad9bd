#!/usr/bin/env bash
# After an import, the share of views served fresh over time, three strategies in one run on this machine:
#   bench/popularity-replay.sh [REQUESTS=1000000] [RATE=6000] [RENDER_MS=20] [THREADS=2] [PNG]
# Generates a region's cache (zooms 0-16) and a Zipf-skewed, spatially clustered trace, then for each of
# "on view only", "mod_tile: on view + Debian's render_old" and "jtile: popularity refresh" starts jtile's
# renderd (test renderer, RENDER_MS a metatile, THREADS threads) and frontend, touches the import and
# replays the trace at RATE. Prints when each reached 50 % and 90 % fresh views and the latencies, and
# draws the curves to PNG (default docs/performance/popularity-replay.png).
# Needs: renderd (Debian's render_old), a build; takes about 4 + 3 x REQUESTS/RATE seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
command -v render_old > /dev/null || { echo "render_old missing: scripts/setup-debian.sh installs it" >&2; exit 1; }
png=${5:-$here/docs/performance/popularity-replay.png}
echo "# popularity-replay $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1)"
"$here/bench/run.sh" PopularityReplay "${1:-1000000}" "${2:-6000}" "${3:-20}" "${4:-2}" "$png" 2>&1 \
  | grep -v -e '^WARN' -e '^INFO'
