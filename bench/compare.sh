#!/usr/bin/env bash
# `make bench-compare`: fdl against PyTorch and numpy on the targets of issue 10, in one run on
# this machine with one thread count, float64. Runs the workloads of build/bench/fdl_bench
# (bench/ad_bench.cpp, bench/clarke_bench.cpp), their peers
# (bench/peers/torch_ad.py, bench/peers/numpy_logreg.py) and the allocation counter
# (build/tests/fdl_alloc_tests), then prints the table of bench/compare.py: each target, its
# ratio, met / not met, the thread count and the BLAS core type. Results stay in
# BUILD_DIR/bench/results/compare/.
#
# Usage: bash bench/compare.sh [BUILD_DIR]          (default: $FDL_BUILD, else build/)
# Environment (besides those of bench/run.sh: FDL_BENCH_REPETITIONS, FDL_BENCH_MIN_TIME,
# FDL_BENCH_NICE):
#   FDL_BENCH_THREADS  threads for every side (default: 1 — the figures of docs/performance.md;
#                      on a machine shared with other jobs more threads only measure the others)
#   FDL_BENCH_CLOCK    cpu (process CPU time) or wall; default: cpu at 1 thread, wall above
#   FDL_BENCH_BUILD    0: use BUILD_DIR/bench/fdl_bench and BUILD_DIR/tests/fdl_alloc_tests as they are
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${FDL_BUILD:-$root/build}}
case $build in /*) ;; *) build=$PWD/$build ;; esac
threads=${FDL_BENCH_THREADS:-1}
repetitions=${FDL_BENCH_REPETITIONS:-5}
min_time=${FDL_BENCH_MIN_TIME:-0.2}
nice=()
[ -n "${FDL_BENCH_NICE:-}" ] && nice=(nice -n "$FDL_BENCH_NICE")
python=/usr/bin/python3  # Debian's interpreter: the one python3-torch installs into

if ! [[ $threads =~ ^[1-9][0-9]*$ ]]; then
  echo "bench/compare.sh: FDL_BENCH_THREADS must be a positive integer, got '$threads'" >&2
  exit 2
fi
clock=${FDL_BENCH_CLOCK:-$([ "$threads" = 1 ] && echo cpu || echo wall)}

if [ "${FDL_BENCH_BUILD:-1}" != 0 ]; then
  if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build "$build" --target fdl_bench fdl_alloc_tests
fi
results=$build/bench/results/compare
mkdir -p "$results"
rm -f "$results"/*.json
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads FDL_BENCH_THREADS=$threads

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1); threads $threads; clock $clock"
echo "load before: $(uptime)"

echo "fdl_bench ..."
# Repetitions of the workloads interleaved at random: a ratio of two fdl rows (HVP / gradient,
# Clarke / conventional, batched / sequential) is then measured across the same drifts of a
# shared host's load, not one workload's repetitions in a quiet minute and the other's in a busy one.
"${nice[@]}" "$build/bench/fdl_bench" --threads="$threads" --benchmark_enable_random_interleaving=true \
  --benchmark_filter='^(relu_step_|relu_grad_small|relu_hvp_small|logreg_gd_1e5|clarke/(conventional|generic|kinked)|batched/)' \
  --benchmark_repetitions="$repetitions" --benchmark_min_time="$min_time" --benchmark_display_aggregates_only=true \
  --benchmark_out="$results/fdl.json" --benchmark_out_format=json >"$results/fdl.txt" 2>&1

echo "fdl_alloc_tests ..."
"$build/tests/fdl_alloc_tests" --gtest_output="json:$results/alloc.json" >"$results/alloc.txt" 2>&1 || true

peers=()
if "$python" -c 'import torch' 2>/dev/null; then
  echo "bench/peers/torch_ad.py ..."
  "${nice[@]}" "$python" "$root/bench/peers/torch_ad.py" --threads "$threads" --repetitions "$repetitions" \
    --filter '' --json "$results/torch.json" 2>"$results/torch.txt"
  peers+=(--torch "$results/torch.json")
else
  echo "bench/compare.sh: PyTorch is not importable by $python (Debian: python3-torch): no PyTorch column" >&2
fi
echo "bench/peers/numpy_logreg.py ..."
"${nice[@]}" "$python" "$root/bench/peers/numpy_logreg.py" --threads "$threads" --repetitions "$(( repetitions < 2 ? repetitions : 2 ))" \
  --json "$results/numpy.json" 2>"$results/numpy.txt"
peers+=(--numpy "$results/numpy.json")

echo "load after: $(uptime)"
echo
"$python" "$root/bench/compare.py" --clock "$clock" "$results/fdl.json" "${peers[@]}" --alloc "$results/alloc.json" \
  | tee "$results/table.md"
