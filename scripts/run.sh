#!/usr/bin/env bash
# Kith's main job, from a clean clone: installs what is missing, fetches the models, builds, then
# opens the app on the default library (~/.local/share/kith/library.db), scanning the folders
# given in the background while you browse. Without a display (a server, a CI machine) the
# folders are scanned from the command line instead and the library's status printed.
# Usage: scripts/run.sh [FOLDER...]
#   (with no display and no folder: the dev set beside the checkout, ../shared/data/faces-dev/images)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
kith_setup
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "${QT_QPA_PLATFORM:-}" = offscreen ]; then
  exec "$KITH_BUILD/app/kith/kith" "$@"
fi
if [ "$#" -eq 0 ]; then set -- "$KITH_ROOT/../shared/data/faces-dev/images"; fi
cli="$KITH_BUILD/app/kith-cli/kith-cli"
"$cli" scan "$@"
exec "$cli" status
