#!/usr/bin/env bash
# Kith's main job, from a clean clone: installs what is missing, fetches the models, builds, then
# finds every face in a folder of photos (default: the dev set beside the checkout) and prints
# them.  Usage: scripts/run.sh [FOLDER...]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
kith_setup
if [ "$#" -eq 0 ]; then set -- "$KITH_ROOT/../shared/data/faces-dev/images"; fi
exec "$KITH_BUILD/app/kith-cli/kith-cli" detect "$@"
