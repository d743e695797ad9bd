#!/usr/bin/env bash
# Runs one of jtile's load/measurement programs: bench/run.sh QueueMemory | RenderdThroughput [args]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
main="$1"; shift
exec java -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "org.jtile.bench.$main" "$@"
