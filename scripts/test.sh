#!/usr/bin/env bash
# Kith's tests, from a clean clone: installs what is missing, fetches the models, builds, and
# runs every test (unit, integration on the real models and ../shared data, GUI offscreen).
# Usage: scripts/test.sh [ctest options]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
kith_setup
cd "$KITH_BUILD"
exec ctest --output-on-failure --timeout 900 "$@"
