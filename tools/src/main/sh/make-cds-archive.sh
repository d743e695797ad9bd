#!/bin/sh
# The class-data-sharing archive jtile's tools start from: picocli, jtile's classes and the JDK classes the
# tools use, parsed and verified once instead of at every run: start-up is most of the run of a tool fed a
# minutely diff's expire list from cron (figures: docs/performance/2026-11-24-tools-start-up.md).
#   make-cds-archive.sh ARCHIVE CLASSPATH [CLASSPATH_FILE]
# The classpath, CLASSPATH then the one in CLASSPATH_FILE if given, must be the launcher's to the letter, and
# only jars (the JVM archives nothing from directories).
# The classes are the ones three short training runs load: a touching render-expired (reading, de-duplicating,
# the store), a render-list whose renderd is not there (options, the socket client) and --help (the other
# tools' commands: a run makes only the one it names). The archive is
# written beside ARCHIVE, checked by a run that must map it, then renamed over ARCHIVE, so a run never maps
# a half-written archive (the JVM dies of SIGBUS on one). Launchers use it only while it is newer than the
# jars and the JVM: a stale archive would switch class sharing off altogether (the JDK's own too).
set -eu
archive=$1
classpath=$2${3:+:$(cat "$3")}
main=org.jtile.tools.JtileMain
work=$(mktemp -d "${TMPDIR:-/tmp}/jtile-cds.XXXXXX")
partial="$archive.$$.partial"
trap 'rm -rf "$work" "$partial"' EXIT
mkdir -p "$work/tiles"

printf '10/511/340\n12/2047/1362\nnot a line\n' |
  java -Xshare:off -XX:DumpLoadedClassList="$work/touch.classes" -cp "$classpath" $main \
    render-expired -t "$work/tiles" -z 10 -Z 12 -T 3 -N > /dev/null
# exit 2, "cannot connect to renderd": the point is the classes it loads on the way
java -Xshare:off -XX:DumpLoadedClassList="$work/connect.classes" -cp "$classpath" $main \
  render-list -a -z 0 -Z 0 -s "$work/no-renderd.sock" -t "$work/tiles" -N > /dev/null 2>&1 || true
java -Xshare:off -XX:DumpLoadedClassList="$work/help.classes" -cp "$classpath" $main --help > /dev/null
awk '!seen[$0]++' "$work/touch.classes" "$work/connect.classes" "$work/help.classes" > "$work/classes"

if ! java -Xshare:dump -XX:SharedClassListFile="$work/classes" -XX:SharedArchiveFile="$partial" \
    -cp "$classpath" > "$work/dump.log" 2>&1; then
  echo "make-cds-archive: the JVM could not write $archive:" >&2
  grep -v '\[warning\]\[cds' "$work/dump.log" >&2
  exit 1
fi
if ! java -Xshare:on -XX:SharedArchiveFile="$partial" -cp "$classpath" $main --version > /dev/null; then
  echo "make-cds-archive: the JVM cannot map the archive it wrote for $archive" >&2
  exit 1
fi
mv -f "$partial" "$archive"
