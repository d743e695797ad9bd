#!/usr/bin/env bash
# Runs jtile's JMH benchmarks: bench/jmh.sh [JMH args, e.g. a benchmark name regex or -h]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main "$@"
