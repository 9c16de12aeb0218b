#!/usr/bin/env bash
# Runs bench/throughput with the JavaScript reference beside it: copies
# ../shared/tools/faceapi-reference into the build folder and installs it (npm registry only),
# once; lets OpenCV use any OpenCL device for the backend rows. Usage: bench/run-throughput.sh
# [throughput options]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${KITH_BUILD:-$root/build}"
reference="$build/faceapi-reference"
if [ ! -d "$reference/node_modules/@vladmandic/face-api" ]; then
  rm -rf "$reference"
  cp -r "$root/../shared/tools/faceapi-reference" "$reference"
  (cd "$reference" && npm ci --silent --no-audit --no-fund)
fi
# Every OpenCL device gets its backend row: a GPU first, else a CPU one (POCL), which OpenCV DNN
# refuses unless told otherwise. Whatever the caller set wins.
export OPENCV_OPENCL_DEVICE="${OPENCV_OPENCL_DEVICE-:GPU|CPU:}"
export OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES="${OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES-1}"
exec "$build/bench/throughput" --reference "$reference" "$@"
