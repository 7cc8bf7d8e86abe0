#!/bin/sh
# Installs the build tree into a scratch prefix, builds tests/install/consumer against it with
# find_package(fdl), and runs it (it must print 7). Usage: check.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1 source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/prefix" > /dev/null
cmake -S "$source/tests/install/consumer" -B "$scratch/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$scratch/prefix" > /dev/null
cmake --build "$scratch/consumer" > /dev/null
test -x "$scratch/prefix/bin/fdl"
"$scratch/consumer/consumer"
