#!/usr/bin/env bash
# Compiles libjtilemapnik.so against Debian's libmapnik 3.1: build.sh JAVA_HOME HEADER_DIR OUT_DIR
# Uses mapnik-config --cflags for the ABI defines (-DBIGINT, -DMAPNIK_THREADSAFE, ...), which must match
# the library's; links only -lmapnik (mapnik-config --ldflags carries dead build paths). Skips the
# compile when the sources and flags are what the library was built from (javac -h rewrites the header
# on every compile, so times do not tell).
set -euo pipefail
java_home=$1 headers=$2 out=$3
src=$(cd "$(dirname "$0")" && pwd)
lib="$out/libjtilemapnik.so"
mkdir -p "$out"
stamp="$out/.build-stamp"
sum=$(cat "$src/mapnik_jni.cpp" "$headers/org_jtile_mapnik_MapnikNative.h" "$0" <(mapnik-config --cflags) | sha256sum)
if [ -f "$lib" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
  exit 0
fi
# shellcheck disable=SC2046
g++ -shared -fPIC $(mapnik-config --cflags) -Wall -Wno-unused-parameter \
  -I"$java_home/include" -I"$java_home/include/linux" -I"$headers" \
  "$src/mapnik_jni.cpp" -o "$lib" -L/usr/lib -lmapnik -Wl,--no-undefined
echo "$sum" > "$stamp"
echo "built $lib"
