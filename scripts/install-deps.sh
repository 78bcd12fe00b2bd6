#!/usr/bin/env bash
# Installs everything streamwise needs to build, test and benchmark, from Debian packages
# (and PyPI for the optional Python tools). Idempotent: packages already present are skipped.
#   scripts/install-deps.sh            C++ toolchain and libraries, and Java + Maven (the local
#                                      Kafka broker of the demo and the integration tests)
#   scripts/install-deps.sh --python   also the Python tools used to regenerate reference data
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang clang-format libclang-rt-14-dev
  libeigen3-dev libxtensor-dev libcereal-dev doctest-dev libbenchmark-dev
  librdkafka-dev pybind11-dev libsimdjson-dev libcli11-dev libcpp-httplib-dev
  libtomlplusplus-dev kcat libomp-dev libmimalloc-dev
  maven openjdk-17-jre-headless
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

if [ "${1:-}" = "--python" ]; then
  python3 -m pip install -q numpy scipy scikit-learn river==0.26.1
fi
