#!/usr/bin/env bash
# Fuzzes the code that reads untrusted files: image sniffing, header checks and decoding
# (fuzz_image), EXIF through exiv2 (fuzz_exif), and XMP face regions, read and rewritten
# (fuzz_xmp). Builds the libFuzzer targets of tests/fuzz with clang, ASan and UBSan in
# build-fuzz/, seeds them from a few dev photos (shrunk, in every format, made at run time) and
# tests/fuzz/corpus/, and runs each for a bounded time. Not part of CI: run it before landing
# changes to core/image or core/metadata.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default 60 s; targets: image exif xmp
#
# Exits non-zero when a target crashes, leaks, hangs (10 s on one input) or runs out of memory;
# the input that did it is kept as build-fuzz/crashes/<target>-crash-<sha1> (or leak-, timeout-,
# oom-). Reproduce with build-fuzz/tests/fuzz/fuzz_<target> FILE. What each run found is added
# to build-fuzz/corpus/<target>, which later runs start from.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set -euo pipefail
seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(image exif xmp)

KITH_PACKAGES+=(clang libclang-rt-14-dev)  # clang 14 and its libFuzzer
kith_install_packages
build="$KITH_ROOT/build-fuzz"
cmake -S "$KITH_ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DKITH_FUZZ=ON -DKITH_BUILD_TESTS=OFF -DKITH_BUILD_BENCH=OFF \
  >/dev/null
cmake --build "$build" --parallel "${KITH_JOBS:-$(nproc)}" \
  --target fuzz_seeds "${targets[@]/#/fuzz_}"

# Seeds: small photos of the dev set, progressive and baseline JPEG, one with EXIF and XMP from
# a camera and an app, the WebP one.
dev="$KITH_ROOT/../shared/data/faces-dev/images"
seeds="$build/seeds"
if [ ! -d "$seeds" ]; then
  "$build/tests/fuzz/fuzz_seeds" "$seeds/image" "$seeds/xmp" \
    "$dev"/{img12,img25,img55,img61,img27,img47}.jpg
fi

export ASAN_OPTIONS="detect_leaks=1"
export LSAN_OPTIONS="use_tls=0:suppressions=$KITH_ROOT/tests/sanitizers/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OPENCV_LOG_LEVEL=SILENT  # a warning per damaged TIFF would slow the runs down
mkdir -p "$build/crashes"
failed=()
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  inputs=("$seeds/image")
  options=()
  if [ "$target" = xmp ]; then
    inputs=("$seeds/xmp" "$KITH_ROOT/tests/fuzz/corpus/xmp")
    options=(-dict="$KITH_ROOT/tests/fuzz/xmp.dict")
  fi
  kith_log "fuzzing $target for $seconds s"
  if ! "$build/tests/fuzz/fuzz_$target" "$corpus" "${inputs[@]}" "${options[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$target-" \
    2>"$build/fuzz-$target.log"; then
    failed+=("$target")
    tail -n 60 "$build/fuzz-$target.log" >&2
  fi
  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|cov:' "$build/fuzz-$target.log" |
    tail -n 4 >&2 || true
done
if [ "${#failed[@]}" -gt 0 ]; then
  kith_log "found problems in: ${failed[*]} (inputs in $build/crashes, logs in $build/fuzz-*.log)"
  exit 1
fi
kith_log "no problem found in ${targets[*]}"
