"""Time one training step of actlib.nn against PyTorch (CPU, one thread), float64.

The step: forward, MSE loss, backward, Adam update, for a 2-64-64-64-64-1 ReLU MLP on a batch
of 128. Run ``python benchmarks/bench_nn.py``; without PyTorch only actlib's time is printed.
Issue #3 asks for actlib to take at most half of PyTorch's time on this small net.
"""
import argparse
import itertools
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one BLAS thread for numpy too: a fair match
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np

from actlib import nn

SIZES = [2, 64, 64, 64, 64, 1]
BATCH = 128


def best_times(steps, repeats, number):
    """Best over ``repeats`` of the mean time of ``number`` calls, for each step function.

    The steps take turns inside each repeat, so a burst of load from other processes on a
    shared machine hits all of them alike; the best repeat is the least disturbed one.
    """
    for step in steps:
        for _ in range(number // 5 + 1):  # warm up: caches, allocator, Adam state
            step()
    best = [np.inf] * len(steps)
    for _ in range(repeats):
        for k, step in enumerate(steps):
            start = time.perf_counter()
            for _ in range(number):
                step()
            best[k] = min(best[k], (time.perf_counter() - start) / number)
    return best


def actlib_step():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((BATCH, SIZES[0])), rng.standard_normal((BATCH, 1))
    net = nn.MLP(SIZES, activation="relu", init="he", seed=0)
    opt = nn.Adam(net, lr=1e-3)

    def step():
        _, dout = nn.mse(net.forward(X), y)
        net.backward(dout)
        opt.step()

    return step


def torch_step():
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    layers = []
    for n_in, n_out in itertools.pairwise(SIZES):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1]).double()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    X = torch.randn(BATCH, SIZES[0], dtype=torch.float64)
    y = torch.randn(BATCH, 1, dtype=torch.float64)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.mse_loss(net(X), y)
        loss.backward()
        opt.step()

    return step, torch.__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--number", type=int, default=500)
    args = parser.parse_args()
    shape = "-".join(map(str, SIZES))
    print(f"one training step (forward, MSE, backward, Adam) of a {shape} ReLU MLP, "
          f"batch {BATCH}, float64; best of {args.repeats} x {args.number} steps")
    steps, label = [actlib_step()], None
    try:
        step, version = torch_step()
        steps.append(step)
        label = f"PyTorch {version} (1 thread):"
    except ImportError:
        pass
    times = best_times(steps, args.repeats, args.number)
    print(f"  {'actlib (numpy ' + np.__version__ + '):':32s}{times[0] * 1e6:8.1f} us/step")
    if label is None:
        print("  PyTorch is not installed: no comparison")
        return
    print(f"  {label:32s}{times[1] * 1e6:8.1f} us/step")
    print(f"  actlib / PyTorch = {times[0] / times[1]:.2f} (target <= 0.50)")

if __name__ == "__main__":
    main()
