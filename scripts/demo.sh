#!/usr/bin/env bash
# The demo: installs what a fresh Debian 12 machine lacks (apt, with sudo when not root), builds jtile,
# and runs jtile-renderd and jtile-frontend in the foreground on the example world map, printing the
# slippy map's URL. Ctrl-C stops both.
#   scripts/demo.sh [--no-build]
# Writes only inside the checkout: the build's target/ folders and the state folder (tiles, socket,
# logs), .cache/demo-state unless JTILE_STATE names another. JTILE_PORT picks the port (default 8080).
# The map's land polygons come from the npm registry, fetched once into .cache/demo (scripts/demo-data.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export JTILE_STATE=${JTILE_STATE:-$here/.cache/demo-state}
export JTILE_PORT=${JTILE_PORT:-8080}

if [ "${1:-}" != --no-build ]; then
  "$here/scripts/setup-debian.sh" build
  echo "demo: building (mvn package, tests skipped)"
  (cd "$here" && mvn -B -q -ntp -DskipTests package)
fi

mkdir -p "$JTILE_STATE/tiles"
JTILE_STYLE=$("$here/scripts/demo-data.sh")
export JTILE_STYLE

renderd_pid=""; frontend_pid=""
stop() {
  trap - INT TERM
  echo "demo: stopping"
  [ -n "$frontend_pid" ] && kill -TERM "$frontend_pid" 2>/dev/null
  [ -n "$renderd_pid" ] && kill -TERM "$renderd_pid" 2>/dev/null
  wait 2>/dev/null || true
  exit 0
}
trap stop INT TERM

"$here/bin/jtile-renderd" --config "$here/conf/example/renderd.conf" > >(sed -u 's/^/renderd  | /') 2>&1 &
renderd_pid=$!
for _ in $(seq 1 600); do
  [ -S "$JTILE_STATE/renderd.sock" ] && break
  kill -0 "$renderd_pid" 2>/dev/null || { echo "demo: renderd did not start (see above)" >&2; exit 1; }
  sleep 0.1
done
"$here/bin/jtile-frontend" --config "$here/conf/example/frontend.conf" > >(sed -u 's/^/frontend | /') 2>&1 &
frontend_pid=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$JTILE_PORT/" 2>/dev/null && break
  kill -0 "$frontend_pid" 2>/dev/null || { echo "demo: the frontend did not start (see above)" >&2; stop; }
  sleep 0.1
done
echo
echo "demo: the slippy map is at http://127.0.0.1:$JTILE_PORT/  (state in $JTILE_STATE; Ctrl-C stops both)"
echo
wait
