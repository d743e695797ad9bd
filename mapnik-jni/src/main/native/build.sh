#!/usr/bin/env bash
# Compiles libjtilemapnik.so against Debian's libmapnik 3.1: build.sh JAVA_HOME HEADER_DIR OUT_DIR
# Uses mapnik-config --cflags for the ABI defines (-DBIGINT, -DMAPNIK_THREADSAFE, ...), which must match
# the library's; links only -lmapnik (mapnik-config --ldflags carries dead build paths). Skips the
# compile when the library is newer than its sources.
set -euo pipefail
java_home=$1 headers=$2 out=$3
src=$(cd "$(dirname "$0")" && pwd)
lib="$out/libjtilemapnik.so"
mkdir -p "$out"
if [ -f "$lib" ] && [ "$lib" -nt "$src/mapnik_jni.cpp" ] && [ "$lib" -nt "$headers/org_jtile_mapnik_MapnikNative.h" ]; then
  exit 0
fi
# shellcheck disable=SC2046
g++ -shared -fPIC $(mapnik-config --cflags) -Wall -Wno-unused-parameter \
  -I"$java_home/include" -I"$java_home/include/linux" -I"$headers" \
  "$src/mapnik_jni.cpp" -o "$lib" -L/usr/lib -lmapnik -Wl,--no-undefined
echo "built $lib"
