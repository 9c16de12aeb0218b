# Shared set-up for run.sh and test.sh: installs what is missing, fetches the models, builds.
# Idempotent: a second run installs nothing, downloads nothing, and rebuilds only what changed.
# Sourced, not run: `source scripts/setup.sh && kith_setup`.

KITH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KITH_BUILD="${KITH_BUILD:-$KITH_ROOT/build}"

# Debian 12 packages Kith builds and runs with.
KITH_PACKAGES=(
  g++ cmake ninja-build pkg-config
  qt6-base-dev libopencv-dev libfaiss-dev libsqlite3-dev libexiv2-dev libjpeg-dev libxxhash-dev
  nlohmann-json3-dev catch2 libcli11-dev
  qt6-image-formats-plugins fonts-dejavu-core  # the app: WebP and TIFF photos, a font offscreen
  libopenblas0-pthread  # FAISS's matrix products: the reference BLAS is 5-10x slower (people.md)
  dpkg-dev file librsvg2-bin appstream desktop-file-utils  # the .deb: packaging/, its test
  pocl-opencl-icd  # OpenCL on the processor, so the GPU backends' parity tests run anywhere
)

kith_log() { printf '\033[1m[kith setup]\033[0m %s\n' "$*" >&2; }

kith_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

kith_install_packages() {
  local wanted=("${KITH_PACKAGES[@]}") missing=()
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    kith_log "all Debian packages present"
    return 0
  fi
  kith_log "installing ${missing[*]}"
  kith_as_root apt-get update -qq
  kith_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

kith_fetch_models() {
  node "$KITH_ROOT/models/fetch-models.js"
}

kith_build() {
  if [ ! -f "$KITH_BUILD/build.ninja" ]; then
    cmake -S "$KITH_ROOT" -B "$KITH_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  kith_log "building in $KITH_BUILD"
  cmake --build "$KITH_BUILD" --parallel "$(nproc)"
}

kith_setup() {
  set -euo pipefail
  kith_install_packages
  kith_fetch_models
  kith_build
}
