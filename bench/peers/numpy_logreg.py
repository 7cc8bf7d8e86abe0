"""logreg_gd_1e5 of bench/ad_bench.cpp in numpy (float64), for bench/compare.sh.

10^5 full-batch GD steps of logistic regression, n = 100, d = 50, from w = 0, step 0.5, on the
data of ad_bench.cpp (the counter-based generator, repeated bit for bit by torch_ad.py's
`pattern`). Every step computes the loss value and the gradient, as fdl's value_and_grad does:

  u = −y ⊙ X w,  e = exp(−|u|),  L = mean(max(u, 0) + log1p(e)),
  ∇L = Xᵀ (−y ⊙ σ(u)) / n,  σ(u) = (u ≥ 0 ? 1 : e) / (1 + e).

Times: best over the repetitions of wall time and of process CPU time. Two loops, the best of which is "the best numpy loop" of the issue:
  plain     the formulas as numpy expressions (temporaries allocated each step)
  inplace   every buffer preallocated, each ufunc writing into it (out=), X and Xᵀ contiguous

Usage: /usr/bin/python3 bench/peers/numpy_logreg.py [--threads N] [--repetitions R] [--json FILE]
The check number is the loss of the last step, which fdl's logreg_gd_1e5 reports too.
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=int(os.environ.get("FDL_BENCH_THREADS", os.cpu_count() or 1)))
parser.add_argument("--repetitions", type=int, default=3, help="timed runs of 10^5 steps per loop (the minimum is kept)")
parser.add_argument("--json", help="write the results here as JSON")
args = parser.parse_args()
if args.threads < 1:
    sys.exit("numpy_logreg.py: --threads must be a positive integer")
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from splitmix import pattern  # noqa: E402

LR = 0.5
STEPS = 100_000
n, d = 100, 50
X = pattern(5, n, d, 1.0 / np.sqrt(d))
y = np.sign(pattern(6, n, 1))[:, 0]


def plain():
    w = np.zeros(d)
    for _ in range(STEPS):
        u = -y * (X @ w)
        e = np.exp(-np.abs(u))
        loss = np.mean(np.maximum(u, 0.0) + np.log1p(e))
        s = np.where(u >= 0.0, 1.0, e) / (1.0 + e)
        w -= LR * (X.T @ (-y * s)) / n
    return loss


def inplace():
    Xc, XT = np.ascontiguousarray(X), np.ascontiguousarray(X.T)
    neg_y_over_n = -y / n
    w, g = np.zeros(d), np.empty(d)
    u, e, t, s = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    for _ in range(STEPS):
        np.dot(Xc, w, out=u)
        np.multiply(u, -y, out=u)
        np.abs(u, out=e)
        np.negative(e, out=e)
        np.exp(e, out=e)
        np.log1p(e, out=t)
        np.maximum(u, 0.0, out=s)
        loss = (t.sum() + s.sum()) / n
        np.add(e, 1.0, out=t)
        np.copyto(s, e)
        s[u >= 0.0] = 1.0
        np.divide(s, t, out=s)
        np.multiply(s, neg_y_over_n, out=s)
        np.dot(XT, s, out=g)
        g *= LR
        w -= g
    return loss


results = {}
for name, fn in (("plain", plain), ("inplace", inplace)):
    best, best_cpu, check = float("inf"), float("inf"), None
    for _ in range(args.repetitions):
        t0, c0 = time.perf_counter(), time.process_time()
        check = fn()
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    results[name] = {"seconds": best, "cpu_seconds": best_cpu, "repetitions": args.repetitions, "check": float(check)}
    print(f"numpy logreg_gd_1e5 {name:8s} {best * 1e3:10.1f} ms wall {best_cpu * 1e3:10.1f} ms cpu   check={check:.12g}",
          file=sys.stderr)

best = min(results, key=lambda k: results[k]["seconds"])
report = {
    "context": {"numpy": np.__version__, "threads": args.threads},
    "results": {"logreg_gd_1e5": dict(results[best], loop=best), **{f"logreg_gd_1e5/{k}": v for k, v in results.items()}},
}
if args.json:
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
else:
    print(json.dumps(report, indent=2))
