"""How fast is actlib next to the best reference available?

For 10**6 float32 and float64 elements, times every registered activation ``f`` and its
derivative ``df`` (and softmax, log_softmax and logsumexp over a 1000 x 1000 array, axis -1)
against the references that compute the same thing: SciPy or a numpy one-liner, and PyTorch
on the CPU with one thread when it is importable. Each time is the best of several repeats,
because the machine may be busy (CPU time of this process, see ``best_ms``). The last column is actlib's time divided by the fastest
reference; the summary line is the geometric mean of that ratio.

Run from the repository root::

    python benchmarks/bench_activations.py             # full table (about a minute)
    python benchmarks/bench_activations.py --repeat 3  # quicker, noisier
    python benchmarks/bench_activations.py --only gelu softmax

References are not held to actlib's guarantees (the numpy one-liners may warn, overflow or
lose the tails); they show what the same arithmetic costs when written plainly.
"""
import argparse
import math
import time
import timeit
import warnings

import numpy as np
import scipy.special as sp

import actlib

try:
    import torch
except ImportError:  # the benchmark still runs, with SciPy/numpy references only
    torch = None


def numpy_refs(x):
    """name -> {"f": {label: callable}, "df": {...}}: the SciPy / plain-numpy references."""
    c = 1.0 / math.sqrt(2.0 * math.pi)
    a, lam = actlib.SELU_ALPHA, actlib.SELU_SCALE

    def sig_grad():
        s = sp.expit(x)
        return s * (1 - s)

    def swish_grad():
        s = sp.expit(x)
        return s + x * s * (1 - s)

    return {
        "identity": {"f": {"numpy copy": lambda: x.copy()},
                     "df": {"numpy ones_like": lambda: np.ones_like(x)}},
        "sigmoid": {"f": {"scipy expit": lambda: sp.expit(x)},
                    "df": {"scipy s*(1-s)": sig_grad}},
        "tanh": {"f": {"numpy tanh": lambda: np.tanh(x)},
                 "df": {"numpy 1-tanh^2": lambda: 1 - np.tanh(x) ** 2}},
        "relu": {"f": {"numpy maximum": lambda: np.maximum(x, 0)},
                 "df": {"numpy (x>0)": lambda: (x > 0).astype(x.dtype)}},
        "leaky_relu": {"f": {"numpy where": lambda: np.where(x > 0, x, 0.01 * x)},
                       "df": {"numpy where": lambda: np.where(x > 0, 1.0, 0.01).astype(x.dtype)}},
        "elu": {"f": {"numpy where": lambda: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))},
                "df": {"numpy where": lambda: np.where(x > 0, 1, np.exp(np.minimum(x, 0)))}},
        "selu": {"f": {"numpy where": lambda: lam * np.where(x > 0, x,
                                                             a * np.expm1(np.minimum(x, 0)))},
                 "df": {"numpy where": lambda: lam * np.where(x > 0, 1,
                                                              a * np.exp(np.minimum(x, 0)))}},
        "softplus": {"f": {"numpy logaddexp": lambda: np.logaddexp(0, x),
                           **({"scipy softplus": lambda: sp.softplus(x)}
                              if hasattr(sp, "softplus") else {})},
                     "df": {"scipy expit": lambda: sp.expit(x)}},
        "gelu": {"f": {"scipy erf": lambda: 0.5 * x * (1 + sp.erf(x / math.sqrt(2)))},
                 "df": {"scipy ndtr": lambda: sp.ndtr(x) + x * c * np.exp(-0.5 * x * x)}},
        "swish": {"f": {"scipy x*expit": lambda: x * sp.expit(x)},
                  "df": {"scipy expit": swish_grad}},
        "silu": {"f": {"scipy x*expit": lambda: x * sp.expit(x)},
                 "df": {"scipy expit": swish_grad}},
        "mish": {"f": {"numpy logaddexp": lambda: x * np.tanh(np.logaddexp(0, x))},
                 "df": {}},  # no plain form short enough to be a fair one-liner
        "relu6": {"f": {"numpy clip": lambda: np.clip(x, 0, 6)},
                  "df": {"numpy (0<x<6)": lambda: ((x > 0) & (x < 6)).astype(x.dtype)}},
        "hard_sigmoid": {"f": {"numpy clip": lambda: np.clip(x / 6 + 0.5, 0, 1)},
                         "df": {"numpy where": lambda: np.where(np.abs(x) < 3, 1 / 6, 0)
                                .astype(x.dtype)}},
        "hard_swish": {"f": {"numpy clip": lambda: x * np.clip(x / 6 + 0.5, 0, 1)},
                       "df": {"numpy where": lambda: np.where(x < -3, 0, np.where(
                           x > 3, 1, x / 3 + 0.5)).astype(x.dtype)}},
        "relu_squared": {"f": {"numpy maximum^2": lambda: np.maximum(x, 0) ** 2},
                         "df": {"numpy 2*maximum": lambda: 2 * np.maximum(x, 0)}},
    }


def torch_refs(x):
    """The same functions in PyTorch (CPU, one thread); derivatives by its backward kernels."""
    if torch is None:
        return {}
    t = torch.from_numpy(x)
    one = torch.ones_like(t)  # grad_output: the backward kernels compute one * f'(x)
    F, aten = torch.nn.functional, torch.ops.aten
    a, lam = actlib.SELU_ALPHA, actlib.SELU_SCALE
    label = "torch"
    return {
        "identity": {"f": {label: lambda: t.clone()}, "df": {label: lambda: torch.ones_like(t)}},
        "sigmoid": {"f": {label: lambda: torch.sigmoid(t)},
                    "df": {label: lambda: aten.sigmoid_backward(one, torch.sigmoid(t))}},
        "tanh": {"f": {label: lambda: torch.tanh(t)},
                 "df": {label: lambda: aten.tanh_backward(one, torch.tanh(t))}},
        "relu": {"f": {label: lambda: torch.relu(t)},
                 "df": {label: lambda: aten.threshold_backward(one, t, 0)}},
        "leaky_relu": {"f": {label: lambda: F.leaky_relu(t, 0.01)},
                       "df": {label: lambda: aten.leaky_relu_backward(one, t, 0.01, False)}},
        "elu": {"f": {label: lambda: F.elu(t)},
                "df": {label: lambda: aten.elu_backward(one, 1.0, 1.0, 1.0, False, t)}},
        "selu": {"f": {label: lambda: torch.selu(t)},
                 "df": {label: lambda: aten.elu_backward(one, a, lam, 1.0, False, t)}},
        "softplus": {"f": {label: lambda: F.softplus(t)},
                     "df": {label: lambda: aten.softplus_backward(one, t, 1.0, 20.0)}},
        "gelu": {"f": {label: lambda: F.gelu(t)},
                 "df": {label: lambda: aten.gelu_backward(one, t)}},
        "swish": {"f": {label: lambda: F.silu(t)}, "df": {label: lambda: aten.silu_backward(one, t)}},
        "silu": {"f": {label: lambda: F.silu(t)}, "df": {label: lambda: aten.silu_backward(one, t)}},
        "mish": {"f": {label: lambda: F.mish(t)}, "df": {label: lambda: aten.mish_backward(one, t)}},
        "relu6": {"f": {label: lambda: F.relu6(t)},
                  "df": {label: lambda: aten.hardtanh_backward(one, t, 0.0, 6.0)}},
        "hard_sigmoid": {"f": {label: lambda: F.hardsigmoid(t)},
                         "df": {label: lambda: aten.hardsigmoid_backward(one, t)}},
        "hard_swish": {"f": {label: lambda: F.hardswish(t)},
                       "df": {label: lambda: aten.hardswish_backward(one, t)}},
        "relu_squared": {"f": {label: lambda: torch.relu(t) ** 2},   # no fused kernel in torch
                         "df": {label: lambda: 2 * torch.relu(t)}},
    }


def softmax_rows(X):
    """(name, actlib callable, {label: reference}) for the softmax family on a 2-D array."""
    rows = [
        ("softmax", lambda: actlib.softmax(X), {"scipy": lambda: sp.softmax(X, axis=-1)}),
        ("log_softmax", lambda: actlib.log_softmax(X),
         {"scipy": lambda: sp.log_softmax(X, axis=-1)}),
        ("logsumexp", lambda: actlib.logsumexp(X), {"scipy": lambda: sp.logsumexp(X, axis=-1)}),
    ]
    if torch is not None:
        T = torch.from_numpy(X)
        rows[0][2]["torch"] = lambda: torch.softmax(T, -1)
        rows[1][2]["torch"] = lambda: torch.log_softmax(T, -1)
        rows[2][2]["torch"] = lambda: torch.logsumexp(T, -1)
    return rows


def best_ms(fns, repeat):
    """Best time of one call in ms for each callable in ``fns``.

    Time is this process's CPU time (``time.process_time``): on a shared machine, the time spent
    waiting for a core does not count. Everything here runs on one thread, so CPU time is the
    time of the work. The callables take turns (actlib, then each reference, ``repeat``
    rounds), so what load remains (caches, memory bandwidth) hits them alike; each keeps its
    best round.
    """
    timers = [timeit.Timer(fn, timer=time.process_time) for fn in fns]
    numbers = []
    for fn, t in zip(fns, timers):
        fn()  # warm up (first-touch allocations, lazy imports)
        numbers.append(max(1, int(0.02 / max(t.timeit(number=1), 1e-6))))
    best = [np.inf] * len(fns)
    for _ in range(repeat):
        for i, (t, number) in enumerate(zip(timers, numbers)):
            best[i] = min(best[i], t.timeit(number=number) / number * 1e3)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10**6, help="elements per array")
    parser.add_argument("--repeat", type=int, default=7, help="samples per timing (best is kept)")
    parser.add_argument("--dtype", nargs="+", default=["float32", "float64"])
    parser.add_argument("--only", nargs="+", help="only these rows, e.g. gelu softmax")
    args = parser.parse_args(argv)
    if torch is not None:
        torch.set_num_threads(1)
    warnings.simplefilter("ignore")  # the plain references may warn; actlib is tested elsewhere
    print(f"numpy {np.__version__}, scipy {sp.__name__ and __import__('scipy').__version__}, "
          f"torch {torch.__version__ + ' (1 thread)' if torch else 'not installed'}; "
          f"{args.size} elements, x ~ 3 N(0, 1); best of {args.repeat}; times in ms")
    head = f"{'function':<14} {'dtype':<8} {'actlib':>8}  {'fastest reference':<22} {'ref':>8} {'ratio':>6}"
    ratios = []
    for dtype in args.dtype:
        rng = np.random.default_rng(0)
        x = (3 * rng.standard_normal(args.size)).astype(dtype)
        side = round(math.sqrt(args.size))
        X = (3 * rng.standard_normal((side, side))).astype(dtype)
        rows = []
        refs_np, refs_t = numpy_refs(x), torch_refs(x)
        for name, act in actlib.ACTIVATIONS.items():
            for part in ("f", "df"):
                refs = {**refs_np[name][part], **refs_t.get(name, {}).get(part, {})}
                fn = act.f if part == "f" else act.df
                label = name if part == "f" else name + "'"
                rows.append((label, lambda fn=fn: fn(x), refs))  # noqa: B023 (called in this iteration)
        rows += softmax_rows(X)
        print("\n" + head)
        for label, fn, refs in rows:
            if args.only and not any(label.rstrip("'") == o for o in args.only):
                continue
            ours, *theirs = best_ms([fn, *refs.values()], args.repeat)
            times = dict(zip(refs, theirs))
            if not times:  # e.g. mish' has no reference without PyTorch
                print(f"{label:<14} {dtype:<8} {ours:8.2f}  {'(no reference)':<22}", flush=True)
                continue
            best = min(times, key=times.get)
            ratio = ours / times[best]
            ratios.append(ratio)
            others = ", ".join(f"{k} {v:.2f}" for k, v in times.items() if k != best)
            print(f"{label:<14} {dtype:<8} {ours:8.2f}  {best:<22} {times[best]:8.2f} {ratio:6.2f}"
                  + (f"   ({others})" if others else ""), flush=True)
    if ratios:
        gm = math.exp(sum(map(math.log, ratios)) / len(ratios))
        print(f"\ngeometric-mean ratio (actlib / fastest reference) over {len(ratios)} rows: "
              f"{gm:.2f}   (target <= 2.0; worst {max(ratios):.2f}, best {min(ratios):.2f})")


if __name__ == "__main__":
    main()
