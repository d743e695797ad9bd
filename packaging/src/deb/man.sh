#!/bin/sh
# Man pages for the packaged commands, made by Debian's help2man from their own --help and --version.
#   man.sh LIB_DIR OUT_DIR VERSION
set -eu
lib=$1; out=$2; version=$3
mkdir -p "$out"
wrappers=$(mktemp -d)
trap 'rm -rf "$wrappers"' EXIT
command -v help2man > /dev/null || { echo "man.sh: help2man is needed: apt-get install help2man" >&2; exit 1; }
page() { # command class description
  printf '#!/bin/sh\nexec java -cp "%s/*" %s "$@"\n' "$lib" "$2" > "$wrappers/$1"
  chmod +x "$wrappers/$1"
  help2man --no-info --section=1 --name="$3" --version-string="$1 (jtile) $version" --output="$out/$1.1" "$wrappers/$1"
  gzip -9nf "$out/$1.1"
}
page jtile-renderd org.jtile.renderd.RenderdMain "render map tiles for mod_tile and jtile-frontend"
page jtile-frontend org.jtile.frontend.FrontendMain "serve map tiles with mod_tile's semantics"
page jtile org.jtile.tools.JtileMain "mod_tile's tools: render-list, render-expired, render-old, render-speedtest"
