"""The workloads of bench/ad_bench.cpp in PyTorch (float64, eager), for bench/run.sh.

batched_relu_step_small_64 is 64 replicas of the small net in one batched step (torch.bmm-style
products), the way PyTorch users batch seeds. The *_f32 workloads are the float32 twins of the large nets (the data rounded from the same
float64 draws): PyTorch's float32 step against fdl's float32 option.

Same data (the counter-based generator of ad_bench.cpp, repeated bit for bit with numpy), same
losses, same step sizes, same updates; each workload reports the same `check` number as its
fdl twin (a loss after a fixed number of steps, or the sum of an HVP's entries).

The process keeps the memory it frees (bench/peers/allocator.py): glibc would otherwise hand a
step's large tensors back to the OS and page-fault them in again the next step.

PyTorch is written the way its users write it when they care about speed: fused losses
(F.mse_loss, F.soft_margin_loss), torch.autograd.grad instead of .backward() + zeroing, and
in-place updates under no_grad.

Usage: /usr/bin/python3 bench/peers/torch_ad.py [--threads N] [--repetitions R] [--json FILE]
Threads (default: $FDL_BENCH_THREADS, else all cores) go to torch.set_num_threads and, since
Debian's torch calls OpenBLAS for its products, to OPENBLAS_NUM_THREADS too (set before import).
"""
import argparse
import json
import math
import os
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=int(os.environ.get("FDL_BENCH_THREADS", os.cpu_count() or 1)))
parser.add_argument("--repetitions", type=int, default=5, help="timed repetitions per workload (the minimum is kept)")
parser.add_argument("--min-time", type=float, default=0.3, help="seconds per repetition, at least")
parser.add_argument("--filter", default="", help="run only workloads whose name contains this")
parser.add_argument("--json", help="write the results here as JSON")
args = parser.parse_args()
if args.threads < 1:
    sys.exit("torch_ad.py: --threads must be a positive integer")
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allocator  # noqa: E402
import splitmix  # noqa: E402

allocator.keep_freed_memory()

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_default_dtype(torch.float64)

RELU_LR = 0.1
LOGREG_LR = 0.5
CHECK_STEPS = 100
LOGREG_STEPS = 100_000


def pattern(stream, rows, cols, scale=1.0):
    """ad_bench.cpp's pattern() (bench/peers/splitmix.py) as a tensor."""
    return torch.from_numpy(splitmix.pattern(stream, rows, cols, scale))


def relu_data(n, d, m, dtype=torch.float64):
    X = pattern(1, n, d, 1.0 / math.sqrt(d)).to(dtype)
    y = pattern(2, n, 1).to(dtype)
    W = pattern(3, m, d).to(dtype).requires_grad_()
    a = pattern(4, m, 1).to(dtype).requires_grad_()
    return X, y, W, a


def relu_loss(X, y, W, a):
    m = W.shape[0]
    z = torch.relu(X @ W.t()) @ a * (1.0 / math.sqrt(m))
    return 0.5 * F.mse_loss(z, y)


def gd_workload(make_problem, check_steps, check):
    """GD steps (RELU_LR) on make_problem()'s (loss, params), loss() returning (the objective, what
    it reports): the timed call is one step of a fresh problem; check(report) after check_steps
    steps of another is the number fdl must agree with."""
    def make():
        loss, params = make_problem()

        def step():
            objective, report = loss()
            grads = torch.autograd.grad(objective, params)
            with torch.no_grad():
                for p, g in zip(params, grads):
                    p.sub_(g, alpha=RELU_LR)
            return report

        return step

    step = make()
    for _ in range(check_steps):
        report = step()
    return make(), check(report)


def relu_step_workload(n, d, m, check_steps=CHECK_STEPS, dtype=torch.float64):
    def problem():
        X, y, W, a = relu_data(n, d, m, dtype)

        def loss():
            value = relu_loss(X, y, W, a)
            return value, value

        return loss, (W, a)

    return gd_workload(problem, check_steps, lambda value: value.item())


def batched_relu_step_workload(n, d, m, replicas, check_steps=CHECK_STEPS):
    """R replicas of the net (same data; replica 0 from relu_data's W and a, replica r from streams
    100 + r and 300 + r, as ad_bench.cpp's batched/…) as PyTorch users batch seeds: one
    batched product per layer, the replicas' losses summed, one autograd call. check: replica 0's
    loss at step check_steps."""
    def problem():
        X, y, W0, a0 = relu_data(n, d, m)
        W = torch.stack([W0.detach()] + [pattern(100 + r, m, d) for r in range(1, replicas)]).requires_grad_()
        a = torch.stack([a0.detach()] + [pattern(300 + r, m, 1) for r in range(1, replicas)]).requires_grad_()
        scale = 1.0 / math.sqrt(m)

        def loss():
            f = torch.relu(X @ W.transpose(1, 2)) @ a * scale  # (R, n, 1)
            losses = 0.5 * ((f - y) ** 2).mean(dim=(1, 2))
            return losses.sum(), losses

        return loss, (W, a)

    return gd_workload(problem, check_steps, lambda losses: losses[0].item())


def relu_hvp_workload(n, d, m):
    X, y, W, a = relu_data(n, d, m)
    vW, va = pattern(7, m, d), pattern(8, m, 1)

    def hvp():
        loss = relu_loss(X, y, W, a)
        gW, ga = torch.autograd.grad(loss, (W, a), create_graph=True)
        return torch.autograd.grad((gW * vW).sum() + (ga * va).sum(), (W, a))

    hW, ha = hvp()
    return hvp, (hW.sum() + ha.sum()).item()


def logreg_workload():
    n, d = 100, 50
    X = pattern(5, n, d, 1.0 / math.sqrt(d))
    y = torch.sign(pattern(6, n, 1))
    w = torch.zeros(d, 1, requires_grad=True)
    last = [0.0]

    def run():  # 10^5 GD steps from w = 0
        with torch.no_grad():
            w.zero_()
        for _ in range(LOGREG_STEPS):
            loss = F.soft_margin_loss(X @ w, y)
            (g,) = torch.autograd.grad(loss, (w,))
            with torch.no_grad():
                w.sub_(g, alpha=LOGREG_LR)
        last[0] = loss.item()

    run()
    return run, last[0]


def time_per_call(fn, repetitions, min_time):
    """Best over `repetitions` of the mean time per call, each over >= min_time seconds: wall
    time and process CPU time (all threads; on a loaded machine the better measure at 1 thread)."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()  # warm-up; a call that takes min_time already is its own repetition
    calls, elapsed, cpu = 1, time.perf_counter() - t0, time.process_time() - c0
    while elapsed < min_time:  # calibrate the number of calls per repetition
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        if elapsed >= min_time or calls >= 1 << 24:
            break
        calls = max(calls + 1, int(calls * min(10.0, 1.2 * min_time / max(elapsed, 1e-9))))
    best, best_cpu = elapsed / calls, cpu / calls
    for _ in range(repetitions - 1):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - t0) / calls)
        best_cpu = min(best_cpu, (time.process_time() - c0) / calls)
    return best, best_cpu, calls


WORKLOADS = {
    "relu_step_small": lambda: relu_step_workload(100, 10, 100),
    "relu_step_large": lambda: relu_step_workload(1000, 100, 1000),
    "relu_step_huge": lambda: relu_step_workload(10000, 784, 1000, check_steps=3),
    "relu_step_large_f32": lambda: relu_step_workload(1000, 100, 1000, dtype=torch.float32),
    "relu_step_huge_f32": lambda: relu_step_workload(10000, 784, 1000, check_steps=3, dtype=torch.float32),
    "logreg_gd_1e5": logreg_workload,
    "relu_hvp_small": lambda: relu_hvp_workload(100, 10, 100),
    "batched_relu_step_small_64": lambda: batched_relu_step_workload(100, 10, 100, 64),
}

results = {}
for name, make in WORKLOADS.items():
    if args.filter not in name:
        continue
    fn, check = make()
    # 10^5 logistic steps take 10+ s in eager mode, a huge step seconds: fewer repetitions.
    reps = min(args.repetitions, 2) if name in ("logreg_gd_1e5", "relu_step_huge", "relu_step_huge_f32") else args.repetitions
    seconds, cpu_seconds, calls = time_per_call(fn, reps, args.min_time)
    results[name] = {"seconds": seconds, "cpu_seconds": cpu_seconds, "calls_per_repetition": calls,
                     "repetitions": reps, "check": check}
    print(f"{name:20s} {seconds * 1e6:14.1f} us   check={check:.12g}", file=sys.stderr)

report = {
    "context": {"torch": torch.__version__, "threads": args.threads, "torch_num_threads": torch.get_num_threads(),
                "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(unset)")},
    "results": results,
}
if args.json:
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
else:
    print(json.dumps(report, indent=2))
