#!/usr/bin/env bash
# Fetches the demo map's data through the npm registry (@geo-maps/earth-lands-10km@0.6.0: land
# polygons derived from OpenStreetMap, ODbL) into .cache/demo/ (ignored by git) and lays the demo
# style beside it. Prints the style's path. Fetches nothing when the data is already there.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache="$here/.cache/demo"
package=@geo-maps/earth-lands-10km@0.6.0
data="$cache/earth-lands-10km.geo.json"
mkdir -p "$cache"
if [ ! -f "$data" ]; then
  command -v npm >/dev/null || { echo "demo-data: npm is needed (apt-get install npm)" >&2; exit 1; }
  tarball=$(cd "$cache" && npm pack --silent "$package" 2>/dev/null | tail -n 1)
  tar -xzf "$cache/$tarball" -C "$cache" package/map.geo.json package/LICENSE package/README.md
  mv "$cache/package/map.geo.json" "$data.tmp" && mv "$data.tmp" "$data"
  mv "$cache/package/LICENSE" "$cache/package/README.md" "$cache/" && rmdir "$cache/package"
  rm -f "$cache/$tarball"
fi
cp "$here/conf/demo/world.xml" "$cache/world.xml"
echo "$cache/world.xml"
