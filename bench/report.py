"""Tables of bench/run.sh: fdl against PyTorch, fdl against its hand-written floor, and the
product kernels (Eigen against OpenBLAS) around kBlasThreshold.

Usage: /usr/bin/python3 bench/report.py FDL_JSON [TORCH_JSON]
FDL_JSON is fdl_bench's --benchmark_out (JSON); TORCH_JSON is bench/peers/torch_ad.py's --json.
Times are the best (minimum) over the repetitions of each side: on a shared machine the
minimum is the least disturbed estimate of what the code costs.
"""
import collections
import json
import sys

UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}

WORKLOADS = [  # (name, what one timed call is)
    ("relu_step_small", "2-layer ReLU GD step, n,d,m = 100,10,100"),
    ("relu_step_large", "2-layer ReLU GD step, n,d,m = 1000,100,1000"),
    ("logreg_gd_1e5", "10^5 logistic-regression GD steps, n,d = 100,50"),
    ("relu_hvp_small", "HVP of the small net (forward-over-reverse)"),
]
FLOORS = [  # (fdl workload, its hand-written floor)
    ("relu_step_small", "floor/relu_step_small"),
    ("relu_step_large", "floor/relu_step_large/fdl_gemm"),
    ("relu_step_large", "floor/relu_step_large/eigen"),
    ("logreg_gd_1e5", "floor/logreg_gd_1e5"),
    ("logreg_gd_1e5", "floor/logreg_gd_1e5/libm"),
    ("logreg_gd_1e5", "floor/logreg_gd_1e5/grad_only"),
]


def fmt_time(s):
    if s is None:
        return "—"
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    if s < 1.0:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.3f} s"


def load_fdl(path, clock="real_time"):
    """Best time per benchmark (clock: "real_time" = wall, "cpu_time" = CPU), checks, GFLOP/s."""
    with open(path) as f:
        data = json.load(f)
    best, checks, gflops = {}, {}, collections.defaultdict(float)
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        name = b.get("run_name", b["name"]).removesuffix("/real_time").removesuffix("/process_time")
        seconds = b[clock] * UNIT[b["time_unit"]]
        best[name] = min(best.get(name, float("inf")), seconds)
        if "check" in b:
            checks[name] = b["check"]
        if "GFLOP/s" in b:
            gflops[name] = max(gflops[name], b["GFLOP/s"])
    return data.get("context", {}), best, checks, gflops


def table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    context, fdl, fdl_checks, gflops = load_fdl(sys.argv[1])
    torch_results, torch_context = {}, {}
    if len(sys.argv) == 3:
        with open(sys.argv[2]) as f:
            t = json.load(f)
        torch_results, torch_context = t["results"], t["context"]

    print(f"threads: fdl {context.get('fdl_threads', '?')} (OpenBLAS; Eigen kernels run on one), "
          f"PyTorch {torch_context.get('torch_num_threads', '—')}; "
          f"OpenBLAS core {context.get('openblas_corename', '?')}, "
          f"OPENBLAS_CORETYPE={context.get('OPENBLAS_CORETYPE', '?')}; "
          f"CPU {context.get('num_cpus', '?')} × {context.get('mhz_per_cpu', '?')} MHz")
    print("times: best of the repetitions; ratio = PyTorch / fdl (> 1: fdl faster); "
          "check: both computed the same number\n")

    rows = []
    for name, what in WORKLOADS:
        f = fdl.get(name)
        t = torch_results.get(name, {}).get("seconds")
        ratio = f"{t / f:.2f}×" if f and t else "—"
        fc, tc = fdl_checks.get(name), torch_results.get(name, {}).get("check")
        if fc is None or tc is None:
            agree = "—"
        else:
            rel = abs(fc - tc) / max(abs(tc), 1e-300)
            agree = f"yes ({rel:.0e})" if rel < 1e-9 else f"NO: {fc:.12g} vs {tc:.12g}"
        rows.append([name, what, fmt_time(f), fmt_time(t), ratio, agree])
    table(["workload", "one call", "fdl", "PyTorch", "ratio", "check"], rows)

    rows = []
    for name, floor in FLOORS:
        f, h = fdl.get(name), fdl.get(floor)
        if f and h:
            rows.append([name, floor, fmt_time(f), fmt_time(h), f"{f / h:.2f}×"])
    if rows:
        print()
        table(["fdl workload", "hand-written reference", "fdl", "reference", "fdl / reference"], rows)

    shapes = collections.OrderedDict()
    for name, g in gflops.items():
        parts = name.split("/")  # gemm/<group>/<shape>/<impl>
        shapes.setdefault("/".join(parts[1:-1]), {})[parts[-1]] = (g, fdl.get(name))
    if shapes:
        impls = sorted({i for v in shapes.values() for i in v}, key=lambda s: (s != "eigen", s))
        print("\nproducts C = op(A) op(B) (m×n, inner k as the engine issues them), GFLOP/s and time; "
              f"fdl sends m·n·k ≥ {context.get('kBlasThreshold', '?')} to OpenBLAS\n")
        rows = []
        for shape, by_impl in shapes.items():
            row = [shape]
            best = max(by_impl, key=lambda i: by_impl[i][0])
            for i in impls:
                g, s = by_impl.get(i, (None, None))
                cell = f"{g:.1f} ({fmt_time(s)})" if g is not None else "—"
                row.append(("**" + cell + "**") if i == best else cell)
            rows.append(row)
        table(["product"] + impls, rows)


if __name__ == "__main__":
    main()
