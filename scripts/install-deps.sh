#!/usr/bin/env bash
# Installs every Debian 12 package careflow needs to build, test and benchmark.
# Nothing else is required on a fresh machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libboost-graph-dev libboost-random-dev libboost-serialization-dev
  libeigen3-dev libtbb-dev libhdf5-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  librandom123-dev libtomlplusplus-dev libcli11-dev libfmt-dev python3-h5py python3-pandas python3-matplotlib python3-numpy
  clang-format clang-14 libclang-rt-14-dev
  libcpp-httplib-dev nlohmann-json3-dev   # careflow serve
  chromium                                # the page's browser test
  libopenmpi-dev openmpi-bin              # careflow over MPI ranks (mpirun)
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"

# The page's chart library and its browser test's driver come from npm, pinned by
# web/package-lock.json. Debian's nodejs and npm unless a Node.js 18 or later is already here.
if ! command -v npm >/dev/null 2>&1 || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'; then
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
fi
npm ci --prefix "$(dirname "$0")/../web" --no-audit --no-fund --loglevel=error
