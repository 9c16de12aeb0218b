#!/usr/bin/env bash
# Runs bench/throughput with the JavaScript reference beside it: copies
# ../shared/tools/faceapi-reference into the build folder and installs it (npm registry only),
# once. Usage: bench/run-throughput.sh [throughput options]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${KITH_BUILD:-$root/build}"
reference="$build/faceapi-reference"
if [ ! -d "$reference/node_modules/@vladmandic/face-api" ]; then
  rm -rf "$reference"
  cp -r "$root/../shared/tools/faceapi-reference" "$reference"
  (cd "$reference" && npm ci --silent --no-audit --no-fund)
fi
exec "$build/bench/throughput" --reference "$reference" "$@"
