#!/usr/bin/env bash
# The Debian package, as a user gets it: builds it (`cmake --build BUILD --target package`),
# checks what it holds and declares, validates its desktop entry and AppStream metainfo, then
# extracts it into a temporary root (dpkg -x) and runs the programs from there: kith-cli
# --version, a scan of a few dev photos with only the shipped models to find, and the app's
# screenshots, offscreen.
# Usage: tests/packaging/package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1" source="$2"
dev="$source/../shared/data/faces-dev/images"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { printf '== %s (%ss)\n' "$*" "$SECONDS"; }
for tool in dpkg-deb appstreamcli desktop-file-validate; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup.sh installs it)"
done
[ -d "$dev" ] || fail "the dev set is expected at $dev (../shared beside the checkout)"

step "building the package"
rm -f "$build"/kith_*.deb
cmake --build "$build" --target package >"$build/package_test.log" 2>&1 ||
  { tail -n 30 "$build/package_test.log"; fail "the package target failed"; }
debs=("$build"/kith_*_amd64.deb)
[ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || fail "no single kith_<version>_amd64.deb in $build"
deb="${debs[0]}"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

step "contents"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for path in /usr/bin/kith /usr/bin/kith-cli \
  /usr/share/applications/io.github.kith.Kith.desktop \
  /usr/share/metainfo/io.github.kith.Kith.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/io.github.kith.Kith.svg \
  /usr/share/icons/hicolor/48x48/apps/io.github.kith.Kith.png \
  /usr/share/icons/hicolor/256x256/apps/io.github.kith.Kith.png \
  /usr/share/man/man1/kith-cli.1.gz /usr/share/man/man1/kith.1.gz \
  /usr/share/doc/kith/guide.md /usr/share/doc/kith/copyright \
  /usr/share/kith/models/LICENSE \
  /usr/share/kith/models/ssd_mobilenetv1_model.bin \
  /usr/share/kith/models/ssd_mobilenetv1_model-weights_manifest.json \
  /usr/share/kith/models/face_landmark_68_model.bin \
  /usr/share/kith/models/face_landmark_68_model-weights_manifest.json \
  /usr/share/kith/models/face_recognition_model.bin \
  /usr/share/kith/models/face_recognition_model-weights_manifest.json; do
  grep -qxF "$path" <<<"$contents" || fail "the package lacks $path"
done
extra=$(grep '^/usr/lib/\|^/usr/include/\|^/usr/bin/.' <<<"$contents" |
  grep -vxF -e /usr/bin/kith -e /usr/bin/kith-cli || true)
[ -z "$extra" ] || fail "the package holds files it should not: $extra"

step "control"
info=$(dpkg-deb -I "$deb")
depends=$(sed -n 's/^ Depends: //p' <<<"$info")
echo "Depends: $depends"
# (FAISS is linked statically: Debian 12 ships only libfaiss.a.)
for needed in libqt6widgets6 libopencv-dnn406 liblapack3 libsqlite3-0 libexiv2-27 \
  qt6-image-formats-plugins libopenblas0-pthread; do
  grep -q "$needed" <<<"$depends" || fail "Depends does not name $needed"
done
grep -q '^ Package: kith$' <<<"$info" || fail "the package is not called kith"
grep -q '^ Architecture: amd64$' <<<"$info" || fail "the package is not amd64"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root/usr-root"
installed="$root/usr-root/usr"

step "desktop entry and metainfo"
desktop-file-validate "$installed/share/applications/io.github.kith.Kith.desktop" ||
  fail "desktop-file-validate"
appstreamcli validate --no-net "$installed/share/metainfo/io.github.kith.Kith.metainfo.xml" ||
  fail "appstreamcli validate"
grep -q "^Icon=io.github.kith.Kith$" "$installed/share/applications/io.github.kith.Kith.desktop" ||
  fail "the desktop entry names another icon"
# The man pages are the programs' --help: each command's summary is in kith-cli.1.
man_text=$(zcat "$installed/share/man/man1/kith-cli.1.gz" | sed 's/\\-/-/g')
for command in scan status people review export-xmp eval; do
  grep -q "^\.SS \"kith-cli $command\"" <<<"$man_text" || fail "kith-cli.1 lacks $command"
done
grep -q -- '--screenshot-dir' <(zcat "$installed/share/man/man1/kith.1.gz" | sed 's/\\-/-/g') ||
  fail "kith.1 lacks --screenshot-dir"

step "the installed kith-cli"
cli="$installed/bin/kith-cli"
version=$("$cli" --version)
echo "$version"
[[ "$version" == "kith-cli "[0-9]* ]] || fail "kith-cli --version printed '$version'"
# Only the shipped models can be found: an empty cache, no KITH_MODELS_DIR.
mkdir -p "$root/cache" "$root/photos"
for photo in img1.jpg img2.jpg couple.jpg; do cp "$dev/$photo" "$root/photos/"; done
export XDG_CACHE_HOME="$root/cache" XDG_DATA_HOME="$root/data" XDG_CONFIG_HOME="$root/config"
unset KITH_MODELS_DIR
"$cli" --library "$root/lib.db" scan --jobs 1 "$root/photos" >"$root/scan.log" 2>&1 ||
  { cat "$root/scan.log"; fail "the installed kith-cli could not scan"; }
status=$("$cli" --library "$root/lib.db" status --json)
echo "$status"
grep -q '"faces": *[1-9]' <<<"$status" || fail "the scan found no faces"

step "the installed app, offscreen"
QT_QPA_PLATFORM=offscreen "$installed/bin/kith" --library "$root/lib.db" \
  --screenshot-dir "$root/shots" >"$root/shots.log" 2>&1 ||
  { cat "$root/shots.log"; fail "kith --screenshot-dir failed"; }
for view in people review person photo welcome; do
  [ -s "$root/shots/$view.png" ] || fail "kith made no $view.png"
  [ "$(head -c 8 "$root/shots/$view.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "$view.png is not a PNG"
done
step "done"
