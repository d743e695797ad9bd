#!/usr/bin/env bash
# Fetches the example map's data through the npm registry (@geo-maps/earth-lands-10km@0.6.0: land
# polygons derived from OpenStreetMap, ODbL) into .cache/demo/ (ignored by git) and lays the example
# style conf/example/world.xml beside it. Prints the style's path. Fetches nothing when the data is
# already there. The demo and the tests both take their map from here.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache="$here/.cache/demo"
package=@geo-maps/earth-lands-10km@0.6.0
data="$cache/earth-lands-10km.geo.json"
mkdir -p "$cache"
if [ ! -f "$data" ]; then
  command -v npm >/dev/null || { echo "demo-data: npm is needed (apt-get install npm)" >&2; exit 1; }
  # a folder of this run's own, so two runs at once (two test modules) cannot mix their files
  work=$(mktemp -d "$cache/fetch.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  tarball=$(cd "$work" && npm pack --silent "$package" 2>"$work/npm.log" | tail -n 1) || true
  if [ -z "$tarball" ] || [ ! -f "$work/$tarball" ]; then
    echo "demo-data: npm could not fetch $package:" >&2
    cat "$work/npm.log" >&2
    exit 1
  fi
  tar -xzf "$work/$tarball" -C "$work" package/map.geo.json package/LICENSE package/README.md
  mv "$work/package/LICENSE" "$cache/LICENSE"
  mv "$work/package/README.md" "$cache/README.md"
  mv "$work/package/map.geo.json" "$data"
fi
cp "$here/conf/example/world.xml" "$cache/world.xml.$$" && mv "$cache/world.xml.$$" "$cache/world.xml"
echo "$cache/world.xml"
