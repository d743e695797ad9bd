#!/usr/bin/env bash
# The one command that runs every test: installs what a fresh Debian 12 machine lacks, builds, and runs
# all unit and integration tests (real peers included: a missing peer fails instead of skipping).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/demo-data.sh >/dev/null     # the example map the tests render, as the demo does
export JTILE_REQUIRE_PEERS=1
exec mvn -B -ntp verify "$@"
