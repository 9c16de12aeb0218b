#!/usr/bin/env bash
# Builds Kith under a sanitizer and runs the tests under it. Not part of CI (it doubles the build
# time, and the tests run several times slower); run it before landing changes to core/ or to the
# app's threads (docs/app.md, "Sanitizers").
#
#   scripts/sanitize.sh [address|thread] [ctest options]
#
# address (the default): AddressSanitizer and UndefinedBehaviorSanitizer, in build-asan/.
# thread: ThreadSanitizer, in build-tsan/. Either way -O1 -g, so reports point at lines.
# KITH_SANITIZE_TARGETS="gui_spine unit_store ..." builds only those targets (on a small machine).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set -euo pipefail
kind=address
if [ "${1:-}" = address ] || [ "${1:-}" = thread ]; then
  kind="$1"
  shift
fi
kith_install_packages
kith_fetch_models
if [ "$kind" = thread ]; then build="$KITH_ROOT/build-tsan"; else build="$KITH_ROOT/build-asan"; fi
cmake -S "$KITH_ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DKITH_SANITIZE="$kind" -DKITH_BUILD_BENCH=OFF >/dev/null
# shellcheck disable=SC2086  # a list of target names
cmake --build "$build" --parallel "$(nproc)" ${KITH_SANITIZE_TARGETS:+--target $KITH_SANITIZE_TARGETS}
supp="$KITH_ROOT/tests/sanitizers"
# use_tls=0: LeakSanitizer crashes scanning glibc 2.36's dynamic TLS blocks otherwise (its own
# bug); objects reachable only from thread-local storage are then not counted as roots.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
# print_suppressions=0: the list of suppressions used would land on stderr, which the kith-cli
# tests read together with stdout (a JSON answer followed by it no longer parses).
export LSAN_OPTIONS="use_tls=0:print_suppressions=0:suppressions=$supp/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Every report fails the test (exit code 66) but the run goes on, so one run lists them all.
# ignore_noninstrumented_modules: nothing is reported from inside the uninstrumented libraries
# (Qt, OpenCV, FAISS, SQLite), whose own locks TSan cannot see (tests/sanitizers/tsan.supp).
export TSAN_OPTIONS="ignore_noninstrumented_modules=1:suppressions=$supp/tsan.supp:second_deadlock_stack=1:history_size=4"
cd "$build"
exec ctest --output-on-failure --timeout 1500 "$@"
