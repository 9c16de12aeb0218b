#!/usr/bin/env bash
# Remakes the user guide's screenshots (docs/images/*.png) from the dev set, as docs/guide.md
# shows them: the 64 photos scanned, everyone worth a "Who is this?" given a made-up name, two of
# the questions answered, then every view rendered by the app itself (offscreen).
#   scripts/guide-screenshots.sh [BUILD_DIR] [OUT_DIR]     (defaults: build, docs/images)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-docs/images}
work=${TMPDIR:-/tmp}/kith-guide  # the status bar shows the library's path
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cli() { "$build/app/kith-cli/kith-cli" --library "$work/lib.db" --cache "$work/cache" "$@"; }

cli scan ../shared/data/faces-dev/images >/dev/null
# Everyone with three faces or more gets a name, in order of size.
names=(Ada Ben Clara Dan Eve Finn Gus Hana Ivo Jo Kai Lea)
mapfile -t ids < <(cli people --json | python3 -c \
    'import json,sys; print("\n".join(str(p["id"]) for p in json.load(sys.stdin) if p["faces"] >= 3))')
for i in "${!ids[@]}"; do cli name "${ids[$i]}" "${names[$i]}" >/dev/null; done
# Two answers, for the history: the last "same person?" question kept apart, one question skipped.
apart=$(cli review --json | python3 -c \
    'import json,sys; q=[i["id"] for i in json.load(sys.stdin) if i["kind"]=="same-person"]; print(q[-1])')
cli answer "$apart" no >/dev/null
skipped=$(cli review --json | python3 -c \
    'import json,sys; q=[i["id"] for i in json.load(sys.stdin) if i["kind"]=="is-this-person"]; print(q[0])')
cli answer "$skipped" skip >/dev/null

shots="$work/shots"
QT_QPA_PLATFORM=offscreen "$build/app/kith/kith" --library "$work/lib.db" --cache "$work/cache" \
    --screenshot-dir "$shots" >/dev/null
mkdir -p "$out"
for view in people photos review person photo history folders; do cp "$shots/$view.png" "$out/"; done
# The welcome page is an empty library's.
QT_QPA_PLATFORM=offscreen "$build/app/kith/kith" --library "$work/empty.db" --cache "$work/cache" \
    --screenshot-dir "$work/empty" >/dev/null
cp "$work/empty/welcome.png" "$out/"
echo "written to $out: people photos review person photo history folders welcome"
