#!/usr/bin/env bash
# A render farm's scaling with 1-4 hosts and its cost in Redis, on loopback:
#   bench/farm-throughput.sh [RENDER_MS=50] [BURST=1000000]
# Needs Debian's redis-server (scripts/setup-debian.sh installs it); takes about a minute.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
command -v redis-server > /dev/null || { echo "redis-server missing: scripts/setup-debian.sh installs it" >&2; exit 1; }
echo "# farm-throughput $(date -u +%FT%TZ) $(nproc) cores, $(redis-server --version | cut -d' ' -f1-3)"
"$here/bench/run.sh" FarmThroughput "${1:-50}" "${2:-1000000}" 2>&1 | grep -v -e '^WARN' -e '^INFO'
