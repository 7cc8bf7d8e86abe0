#!/usr/bin/env bash
# fdl against PyTorch on this machine, in one run: builds bench/fdl_bench if needed, runs it and
# bench/peers/torch_ad.py with the same thread count, and prints the tables of
# docs/performance.md (bench/report.py). Results stay in BUILD_DIR/bench/results/.
#
# Usage: bash bench/run.sh [BUILD_DIR]            (default: $FDL_BUILD, else build/)
# Environment:
#   FDL_BENCH_THREADS      threads for both sides (default: nproc); 1 for the single-core numbers
#   FDL_BENCH_REPETITIONS  timed repetitions per workload, the best is kept (default: 5)
#   FDL_BENCH_MIN_TIME     seconds per repetition, at least (default: 0.2)
#   FDL_BENCH_FILTER       regex of fdl benchmarks to run (default: all; e.g. '^relu|^logreg|^floor')
#   FDL_BENCH_NICE         run both sides under `nice -n N` (e.g. -10 as root on a shared machine)
# OPENBLAS_CORETYPE is left as the environment sets it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${FDL_BUILD:-$root/build}}
case $build in /*) ;; *) build=$PWD/$build ;; esac
cores=$(getconf _NPROCESSORS_ONLN)
threads=${FDL_BENCH_THREADS:-$cores}
repetitions=${FDL_BENCH_REPETITIONS:-5}
min_time=${FDL_BENCH_MIN_TIME:-0.2}
filter=${FDL_BENCH_FILTER:-.}
nice=()
[ -n "${FDL_BENCH_NICE:-}" ] && nice=(nice -n "$FDL_BENCH_NICE")
python=/usr/bin/python3  # Debian's interpreter: the one python3-torch installs into

if ! [[ $threads =~ ^[1-9][0-9]*$ ]]; then
  echo "bench/run.sh: FDL_BENCH_THREADS must be a positive integer, got '$threads'" >&2
  exit 2
fi

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target fdl_bench
bench=$build/bench/fdl_bench
if [ ! -x "$bench" ]; then
  echo "bench/run.sh: $bench was not built (is libbenchmark-dev installed?)" >&2
  exit 2
fi

results=$build/bench/results
mkdir -p "$results"
rm -f "$results"/fdl.json "$results"/torch.json
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads FDL_BENCH_THREADS=$threads

echo "machine: $cores cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "threads: $threads; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)}"

echo "running $bench (console output in $results/fdl.txt) ..."
"${nice[@]}" "$bench" --threads="$threads" --benchmark_filter="$filter" --benchmark_repetitions="$repetitions" \
  --benchmark_min_time="$min_time" --benchmark_display_aggregates_only=true \
  --benchmark_out="$results/fdl.json" --benchmark_out_format=json >"$results/fdl.txt" 2>&1

if "$python" -c 'import torch' 2>/dev/null; then
  echo "running bench/peers/torch_ad.py ..."
  "${nice[@]}" "$python" "$root/bench/peers/torch_ad.py" --threads "$threads" --repetitions "$repetitions" \
    --json "$results/torch.json" 2>"$results/torch.txt"
  torch_json=$results/torch.json
else
  echo "bench/run.sh: PyTorch is not importable by $python (Debian: apt-get install python3-torch;" \
       "make bench installs it): fdl only" >&2
  torch_json=
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$python" "$root/bench/report.py" "$results/fdl.json" $torch_json | tee "$results/table.md"
