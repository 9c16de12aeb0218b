#!/usr/bin/env bash
# Kith's main job, from a clean clone: installs what is missing, fetches the models, builds, then
# scans a folder of photos into the default library (~/.local/share/kith/library.db): every face
# found and described, thumbnails made; a second run only looks at what changed. Prints the
# library's status at the end. Usage: scripts/run.sh [FOLDER...]
#   (default folder: the dev set beside the checkout, ../shared/data/faces-dev/images)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
kith_setup
if [ "$#" -eq 0 ]; then set -- "$KITH_ROOT/../shared/data/faces-dev/images"; fi
cli="$KITH_BUILD/app/kith-cli/kith-cli"
"$cli" scan "$@"
exec "$cli" status
