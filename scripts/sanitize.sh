#!/usr/bin/env bash
# Builds Kith with AddressSanitizer and UndefinedBehaviorSanitizer (KITH_SANITIZE=ON) in
# build-asan/ and runs the tests under them. Not part of CI (it doubles the build time); run it
# before landing changes to core/.  Usage: scripts/sanitize.sh [ctest options]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set -euo pipefail
kith_install_packages
kith_fetch_models
build="$KITH_ROOT/build-asan"
cmake -S "$KITH_ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKITH_SANITIZE=ON \
  -DKITH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)"
# use_tls=0: LeakSanitizer crashes scanning glibc 2.36's dynamic TLS blocks otherwise (its own
# bug); objects reachable only from thread-local storage are then not counted as roots.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export LSAN_OPTIONS="use_tls=0:suppressions=$KITH_ROOT/tests/sanitizers/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build"
exec ctest --output-on-failure --timeout 1500 "$@"
