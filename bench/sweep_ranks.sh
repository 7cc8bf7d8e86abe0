#!/bin/sh
# Sweep throughput on 1 and 2 MPI ranks: a sweep of equal runs (gd-least-squares, RUNS seeds,
# ITERATIONS GD steps each, 1 BLAS thread per run) into fresh databases, timed end to end
# (mpirun start-up included). Goal (issue 6): 2 ranks ≥ 1.8× faster than 1.
#   sh bench/sweep_ranks.sh [build-dir]     (RUNS=16 ITERATIONS=3000000 by default: ≈ 1 s a run,
#   so that start-up is not most of what is timed)
set -eu
BUILD=${1:-build}
RUNS=${RUNS:-16}
ITERATIONS=${ITERATIONS:-3000000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
SEEDS=$(seq -s, 1 "$RUNS")
printf 'experiment = "gd-least-squares"\nseeds = [%s]\n[set]\niterations = %s\nrecord_every = 10000\n' "$SEEDS" "$ITERATIONS" > "$DIR/sweep.toml"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

seconds() {  # seconds taken by the command
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

one=$(seconds "$BUILD/fdl" sweep "$DIR/sweep.toml" --db "$DIR/one.sqlite")
two=$(seconds mpirun --allow-run-as-root --oversubscribe -n 2 "$BUILD/fdl" sweep "$DIR/sweep.toml" --db "$DIR/two.sqlite")
echo "sweep of $RUNS equal runs ($ITERATIONS GD steps each) on $(nproc) cores:"
printf '  1 process: %.2f s\n  2 ranks:   %.2f s\n  speed-up:  %.2fx (goal >= 1.8x)\n' "$one" "$two" "$(echo "$one / $two" | bc -l)"
