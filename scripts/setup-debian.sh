#!/usr/bin/env bash
# Installs what jtile needs on Debian 12 and skips what is already there:
#   scripts/setup-debian.sh build   what building and running needs (the demo)
#   scripts/setup-debian.sh         that, plus the real peers and tools the tests and benchmarks use
# Needs root; uses sudo (and says so first) when run as another user.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven     # build
  g++ libmapnik-dev                 # the Mapnik JNI binding
  curl                              # the demo waits for the frontend with it
  help2man                          # man pages for the .deb (built with everything else)
)
if [ "${1:-all}" != build ]; then
  packages+=(
    renderd libapache2-mod-tile apache2 memcached socat webp   # real peers for the interop tests
    chromium                        # the demo page test, headless
    wrk                             # the serving benchmark against Apache + mod_tile
    openssl                         # the TLS tests' traditional-format keys
    nginx-light nghttp2-client      # the edge benchmark: nginx to match, h2load for HTTP/2
    redis-server                    # the render farm's shared queue, started per test
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches the example map's data (scripts/demo-data.sh); images with nodesource's nodejs have it already
# (Debian's npm would conflict)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: installing ${missing[*]} with sudo apt-get (you may be asked for your password)" >&2
  sudo="sudo"
else
  echo "setup: installing ${missing[*]}" >&2
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
