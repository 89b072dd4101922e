"""actlib.checks: right answers pass (however they are written), typical wrong answers fail
with a message that names the input, what was expected, what came back and a hint, and never
shows actlib's code or the solution; stubs report "not attempted yet"; the tally adds up."""
import inspect
import re
import traceback
from pathlib import Path

import numpy as np
import pytest
import scipy.special as sp
from float_text import long_floats

import actlib
from actlib import checks
from actlib.experiments import born_dead_probability as _born_dead

ROOT = Path(__file__).resolve().parents[1]
NAMES = [name for names in checks.EXERCISES.values() for name in names]


@pytest.fixture(autouse=True)
def _fresh_status():
    checks.reset_progress()
    yield
    checks.reset_progress()


def _check(name):
    return getattr(checks, f"check_{name}")


# -- reference answers: actlib's own functions where it has them, short correct code elsewhere

def _ce_grad(logits, labels):
    p = actlib.softmax(logits, axis=1)
    p[np.arange(len(labels)), labels] -= 1.0
    return p / len(labels)


def _gradient_check(f, df, x, h=1e-5):
    numeric = actlib.numerical_derivative(f, x, h)
    return float(np.max(actlib.relative_error(df(x), numeric)))


def _grid_min():
    x = np.linspace(-5.0, 0.0, 500_001)
    a = actlib.swish(x)
    return float(x[np.argmin(a)]), float(a.min())


def _tied_with_best(results, **kwargs):  # lesson 10: the best mean and all tied with it
    best = max(results, key=lambda k: np.mean(results[k]))
    return {best} | {k for k in results if not actlib.stats.paired_bootstrap_ci(
        results[best], results[k], **kwargs).excludes_zero}


def _verdicts(results, baseline, higher_is_better, **kwargs):
    sign = 1 if higher_is_better else -1
    out = {}
    for k in results:
        if k != baseline:
            ci = actlib.stats.paired_bootstrap_ci(sign * np.asarray(results[k]),
                                                  sign * np.asarray(results[baseline]), **kwargs)
            out[k] = "better" if ci.low > 0 else "worse" if ci.high < 0 else "tied"
    return out


def _mc_mean(f, n=200_000, seed=0):
    return float(np.mean(f(np.random.default_rng(seed).standard_normal(n))))


# -- the experimental exercises (issue 17): short correct code, as a learner would write it


def _selu_constants_quad(var=1.0):  # the two Gaussian integrals by quadrature
    from scipy.integrate import quad
    from scipy.optimize import brentq

    pdf = lambda z: np.exp(-z * z / (2 * var)) / np.sqrt(2 * np.pi * var)
    pos = quad(lambda z: z * pdf(z), 0, np.inf)[0]
    neg = lambda a: quad(lambda z: a * np.expm1(z) * pdf(z), -np.inf, 0)[0]
    alpha = brentq(lambda a: pos + neg(a), 0.1, 10)
    sq = quad(lambda z: z * z * pdf(z), 0, np.inf)[0] + quad(
        lambda z: (alpha * np.expm1(z)) ** 2 * pdf(z), -np.inf, 0)[0]
    return alpha, np.sqrt(var / sq)


def _selu_constants_grid(var=1.0, mean_only=False):
    z = np.linspace(-12, 12, 200_001) * np.sqrt(var)
    p = np.exp(-z ** 2 / (2 * var)) / np.sqrt(2 * np.pi * var)
    neg = np.expm1(np.minimum(z, 0))
    alpha = -np.trapezoid(np.maximum(z, 0) * p, z) / np.trapezoid(neg * p, z)
    second = np.trapezoid(np.where(z > 0, z, alpha * neg) ** 2 * p, z)
    return alpha, np.sqrt((1.0 if mean_only else var) / second)


def _prelu_dalpha(x, alpha, dout):
    g = dout * np.minimum(x, 0)
    return g.sum(axis=0) if alpha.size == x.shape[1] else np.array([g.sum()])


def _prelu_dalpha_numeric(x, alpha, dout):  # the learner's own central differences
    return actlib.numerical_gradient(
        lambda a: np.sum(dout * np.where(x > 0, x, a * x)), alpha)


def _exp_limit_bisect(dtype):
    lo, hi = dtype(0), dtype(1000)
    with np.errstate(over="ignore"):
        while np.nextafter(lo, hi) < hi:
            mid = dtype((float(lo) + float(hi)) / 2)
            if mid in (lo, hi):
                break
            lo, hi = (mid, hi) if np.isfinite(np.exp(mid)) else (lo, mid)
    return lo


def _exp_limit_step(dtype):  # from the formula, then one number at a time
    x = np.log(np.finfo(dtype).max).astype(dtype)
    with np.errstate(over="ignore"):
        while not np.isfinite(np.exp(x)):
            x = np.nextafter(x, dtype(0))
    return float(x)


def _worst_sampled(round_fn, n=1_000_000):
    x = 1 + np.random.default_rng(0).random(n, dtype=np.float32)
    x64 = x.astype(np.float64)
    return float(np.max(np.abs(round_fn(x) - x64) / x64))


def _worst_every_float32(round_fn):  # exhaustive over [1, 2)
    x = (np.arange(2 ** 23, dtype=np.uint32) + np.uint32(0x3F800000)).view(np.float32)
    x64 = x.astype(np.float64)
    return float(np.max(np.abs(round_fn(x) - x64) / x64))


def _count_units(W, b, tol=1e-6):
    kept = []
    for u in np.vstack([W, b]).T:
        if all(np.abs(u - k).max() >= tol for k in kept):
            kept.append(u)
    return len(kept)


def _distinct_units(net, X, y):
    actlib.nn.train(net, X, y, optimizer="sgd", lr=0.5, epochs=50, batch_size=len(X))
    return _count_units(net.layers[0].W, net.layers[0].b)


def _distinct_units_adam(net, X, y):  # another optimiser, mini-batches, and by activations
    actlib.nn.train(net, X, y, optimizer="adam", lr=0.05, epochs=30, batch_size=8)
    net.forward(X)
    a = net.activations[0].T.round(6)
    return len(np.unique(a, axis=0))


def _distinct_units_untrained(net, X, y):
    return _count_units(net.layers[0].W, net.layers[0].b)


def _layer_backward(X, W, b, dout, activation="sigmoid"):
    z = X @ W + b
    dz = dout * actlib.get(activation).df(z)
    return dz @ W.T, X.T @ dz, dz.sum(axis=0)


def _layer_backward_numeric(X, W, b, dout, activation="sigmoid"):  # central differences
    f = actlib.get(activation)
    def loss(X=X, W=W, b=b):
        return np.sum(dout * f(X @ W + b))
    return (actlib.numerical_gradient(lambda v: loss(X=v), X),
            actlib.numerical_gradient(lambda v: loss(W=v), W),
            actlib.numerical_gradient(lambda v: loss(b=v), b))


def _layer_backward_at_output(X, W, b, dout, activation="sigmoid"):
    a = actlib.get(activation)(X @ W + b)
    dz = dout * actlib.get(activation).df(a)
    return dz @ W.T, X.T @ dz, dz.sum(axis=0)


REFERENCE = {
    "collapse_linear": lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2 + b2),
    "xor_net": lambda: (np.ones((2, 2)), np.array([0.0, -1.0]), np.array([[1.0], [-2.0]]),
                        np.zeros(1)),
    "sigmoid": actlib.sigmoid,
    "sigmoid_grad": actlib.sigmoid_grad,
    "sigmoid_saturation_point": lambda: float(np.log((1 + np.sqrt(0.96)) / (1 - np.sqrt(0.96)))),
    "tanh_from_sigmoid": lambda x: 2 * actlib.sigmoid(2 * x) - 1,
    "tanh_grad": actlib.tanh_grad,
    "expected_grad": _mc_mean,
    "relu": actlib.relu,
    "relu_grad": actlib.relu_grad,
    "active_fraction": lambda Z: float(np.mean(actlib.relu(Z) != 0)),
    "leaky_relu": actlib.leaky_relu,
    "elu": actlib.elu,
    "selu": actlib.selu,
    "expected_output": _mc_mean,
    "softplus": actlib.softplus,
    "gelu_tanh": lambda x: actlib.gelu(x, approximate="tanh"),
    "swish": actlib.swish,
    "swish_grad": actlib.swish_grad,
    "swish_minimum": _grid_min,
    "softmax": actlib.softmax,
    "log_softmax": actlib.log_softmax,
    "softmax_jacobian": actlib.softmax_jacobian,
    "cross_entropy_grad": _ce_grad,
    "xavier_init": lambda i, o, rng: rng.normal(0, actlib.nn.init_std("xavier", i, o), (i, o)),
    "he_init": lambda i, o, rng: rng.normal(0, actlib.nn.init_std("he", i, o), (i, o)),
    "gradient_check": _gradient_check,
    "critical_tanh_gain": lambda depth: actlib.meanfield.critical_gain("tanh", depth=depth),
    "dead_fraction": lambda Z: float(np.mean(np.all(Z <= 0, axis=0))),
    "born_dead_probability": lambda depth, width, n_trials, rng: _born_dead(
        depth, width=width, n_trials=n_trials, seed=int(rng.integers(1 << 30))),
    "output_activation": lambda task: {"binary": "sigmoid", "multiclass": "softmax",
                                       "regression": "identity", "positive": "softplus"}[task],
    "best_activation": lambda results: sorted(_tied_with_best(results)),
    "real_differences": lambda results, baseline, higher_is_better=True: _verdicts(
        results, baseline, higher_is_better),
    "hard_swish": actlib.hard_swish,
    "hard_swish_grad": actlib.hard_swish_grad,
    "swiglu": lambda z: actlib.glu(z, "swish"),
    "swiglu_grad": lambda z, dout: actlib.glu_grad(z, dout, "swish"),
    "matched_width": lambda h, n_in, n_out: actlib.nn.gated_width(h, n_in, n_out),
    "to_bfloat16": actlib.to_bfloat16,
    "beats_on_every_seed": lambda results, baseline: sorted(
        k for k, v in results.items() if k != baseline and max(v) < min(results[baseline])),
    "selu_constants": _selu_constants_grid,
    "prelu_dalpha": _prelu_dalpha,
    "initial_loss": lambda net, X, y: (actlib.cross_entropy(net.forward(X), y),
                                       np.log(net.layer_sizes[-1])),
    "exp_overflow_threshold": _exp_limit_bisect,
    "worst_relative_error": _worst_sampled,
    "revive": lambda setup: {**setup, "lr": 0.3},
    "distinct_units": _distinct_units,
    "layer_backward": _layer_backward,
}


# lesson 11: answers written the way a learner might


def _hard_swish_where(x):  # three branches, each safe everywhere (np.where computes all three)
    c = np.clip(x, -3, 3)
    return np.where(x <= -3, 0.0, np.where(x >= 3, x, c * (c + 3) / 6)).astype(x.dtype)


def _hard_swish_grad_where(x):
    return np.where(x < -3, 0.0, np.where(x > 3, 1.0, x / 3 + 0.5))


def _swiglu_split(z):
    n = z.shape[-1] // 2
    return z[..., :n] * actlib.swish(z[..., n:])


def _swiglu_grad_split(z, dout):
    n = z.shape[-1] // 2
    a, b = z[..., :n], z[..., n:]
    return np.concatenate([dout * actlib.swish(b), dout * a * actlib.swish_grad(b)], axis=-1)


def _bf16_loop(x):  # one number at a time, with Python integers
    out = np.empty_like(x)
    for i, v in enumerate(x.flat):
        if np.isnan(v):
            out.flat[i] = v
            continue
        u = int(np.array(v, np.float32).view(np.uint32))
        u = ((u + 0x7FFF + ((u >> 16) & 1)) & 0xFFFF0000) & 0xFFFFFFFF
        out.flat[i] = np.array(u, np.uint32).view(np.float32)
    return out


def _matched_width_loop(h, n_in, n_out):  # search instead of the formula
    dense = n_in * h + h + h * n_out + n_out
    w = 0
    while 2 * n_in * (w + 1) + 2 * (w + 1) + (w + 1) * n_out + n_out <= dense:
        w += 1
    return w


def _sigmoid_via_tanh(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


def _uniform_he(i, o, rng):
    limit = np.sqrt(6.0 / i)
    return rng.uniform(-limit, limit, size=(i, o))


def _quad_mean(f):  # E[f(z)] by Gauss-Hermite quadrature instead of Monte Carlo
    z, w = np.polynomial.hermite_e.hermegauss(200)
    return float(np.sum(w * f(z)) / np.sqrt(2 * np.pi))


def _born_dead_loop(depth, width, n_trials, rng):  # one network at a time, as a learner might
    dead = 0
    for _ in range(n_trials):
        a = rng.uniform(-np.sqrt(3), np.sqrt(3), size=(100, 1))
        for _ in range(depth):
            a = np.maximum(a @ rng.normal(0, np.sqrt(2 / a.shape[1]), (a.shape[1], width)), 0)
            if not a.any():
                dead += 1
                break
    return dead / n_trials


def _xor_other():  # another valid 2-2-1 net: the hidden units detect x1 - x2 and x2 - x1
    return (np.array([[1.0, -1.0], [-1.0, 1.0]]), np.zeros(2), np.array([[1.0], [1.0]]),
            np.zeros(1))


def _sigmoid_where(x):  # np.where with two branches that are both safe everywhere
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


ALTERNATIVE = [  # correct, but written differently from actlib
    ("sigmoid", _sigmoid_via_tanh),
    ("sigmoid", sp.expit),
    ("sigmoid", _sigmoid_where),
    ("sigmoid", lambda x: np.exp(-np.logaddexp(0.0, -x))),
    ("sigmoid_grad", lambda x: sp.expit(x) * sp.expit(-x)),
    ("tanh_from_sigmoid", np.tanh),
    ("tanh_grad", lambda x: 1 / np.cosh(np.clip(x, -300, 300)) ** 2),
    ("relu", lambda x: x * (x > 0)),
    ("relu", lambda x: np.where(x > 0, x, 0.0)),
    ("relu_grad", lambda x: np.heaviside(x, 0.0)),
    ("relu_grad", lambda x: (x > 0).astype(float)),
    ("leaky_relu", lambda x, alpha=0.01: np.maximum(x, alpha * x)),
    ("elu", lambda x, alpha=1.0: np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1))),
    ("selu", lambda x: actlib.SELU_SCALE * actlib.elu(x, alpha=actlib.SELU_ALPHA)),
    ("softplus", lambda x: np.logaddexp(0.0, x)),
    ("swish", lambda x, beta=1.0: x * sp.expit(beta * x)),
    ("swish_grad", lambda x, beta=1.0: sp.expit(beta * x) * (1 + beta * x * sp.expit(-beta * x))),
    ("softmax", lambda x, axis=-1: sp.softmax(x, axis=axis)),
    ("log_softmax", lambda x, axis=-1: sp.log_softmax(x, axis=axis)),
    ("log_softmax", lambda x, axis=-1: x - sp.logsumexp(x, axis=axis, keepdims=True)),
    ("softmax_jacobian", lambda z: np.diag(sp.softmax(z)) - np.outer(sp.softmax(z), sp.softmax(z))),
    ("expected_grad", _quad_mean),
    ("expected_output", _quad_mean),
    ("he_init", _uniform_he),
    ("dead_fraction", lambda Z: 1.0 - np.mean(np.any(Z > 0, axis=0))),
    ("active_fraction", lambda Z: np.count_nonzero(Z > 0) / Z.size),
    ("born_dead_probability", _born_dead_loop),
    ("xor_net", _xor_other),
    ("xor_net", lambda: list(REFERENCE["xor_net"]())),
    ("collapse_linear", lambda W1, b1, W2, b2: [W1 @ W2, b1 @ W2 + b2]),
    ("swish_minimum", lambda: np.array(_grid_min())),
    ("output_activation", lambda task: {"binary": " Sigmoid", "multiclass": "softmax",
                                        "regression": "linear", "positive": "exp"}[task]),
    ("sigmoid_saturation_point", lambda: np.float32(4.585)),
    ("hard_swish", _hard_swish_where),
    ("hard_swish", lambda x: x * actlib.hard_sigmoid(x)),
    ("hard_swish_grad", _hard_swish_grad_where),
    ("swiglu", _swiglu_split),
    ("swiglu_grad", _swiglu_grad_split),
    ("matched_width", _matched_width_loop),
    ("matched_width", lambda h, i, o: float((h * (i + o + 1)) // (2 * i + o + 2))),
    ("to_bfloat16", _bf16_loop),
    ("best_activation", lambda r: tuple(_tied_with_best(r, n_boot=2000, seed=7))),
    ("best_activation", lambda r: _tied_with_best(r, n_boot=100_000, level=0.95, seed=3)),
    ("real_differences", lambda r, b, higher_is_better=True: _verdicts(
        r, b, higher_is_better, n_boot=2000, seed=11)),
    ("beats_on_every_seed", lambda r, b: tuple(sorted(
        k for k in r if k != b and np.max(r[k]) < np.min(r[b])))),
    ("selu_constants", _selu_constants_quad),
    ("selu_constants", lambda var=1.0: np.array(_selu_constants_grid(var))),
    ("prelu_dalpha", _prelu_dalpha_numeric),
    ("initial_loss", lambda net, X, y: np.array([
        actlib.nn.softmax_cross_entropy(net.forward(X), y)[0], -np.log(1 / net.layer_sizes[-1])])),
    ("exp_overflow_threshold", _exp_limit_step),
    ("worst_relative_error", _worst_every_float32),
    ("revive", lambda setup: {"lr": 0.1}),
    ("revive", lambda setup: {**setup, "lr": 0.5}),
    ("distinct_units", _distinct_units_adam),
    ("layer_backward", _layer_backward_numeric),
    ("layer_backward", lambda *a, **k: list(_layer_backward(*a, **k))),
]


def test_every_exercise_has_a_checker_and_a_reference():
    assert len(NAMES) >= 25 and len(set(NAMES)) == len(NAMES)
    assert set(REFERENCE) == set(NAMES)
    for name in NAMES:
        assert callable(_check(name)), name
        assert f"check_{name}" in checks.__all__


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name, capsys):
    assert _check(name)(REFERENCE[name]) is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith(f"{name}: correct"), out
    assert checks.status([name]) == {name: "done"}


@pytest.mark.parametrize("name, fn", ALTERNATIVE, ids=[f"{n}-{i}" for i, (n, _) in
                                                     enumerate(ALTERNATIVE)])
def test_alternative_correct_answer_passes(name, fn, capsys):
    _check(name)(fn)
    assert capsys.readouterr().out.startswith(f"{name}: correct")


# -- the learner has not started: every checker goes through quietly


def _stub(*args, **kwargs):
    raise NotImplementedError()


@pytest.mark.parametrize("name", NAMES)
def test_stub_is_not_attempted(name, capsys):
    assert _check(name)(_stub) is None
    assert capsys.readouterr().out == (f"{name}: not attempted yet (the stub still raises "
                                       "NotImplementedError)\n")
    assert checks.status([name]) == {name: "not attempted"}


def test_strict_mode_fails_an_untouched_stub(monkeypatch):
    monkeypatch.setenv("ACTLIB_CHECKS_STRICT", "1")
    with pytest.raises(AssertionError, match="relu: not attempted yet"):
        checks.check_relu(_stub)
    checks.check_relu(actlib.relu)  # right answers still pass


# -- wrong answers: the message is the whole story, and only the story


def _solution_lines():
    """Code lines of every answer in the solution notebooks (longer than a trivial line)."""
    import nbformat

    lines = set()
    for path in (ROOT / "exercises" / "solutions").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            m = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.DOTALL)
            if m:
                lines |= {ln.split("#")[0].strip() for ln in m.group(1).splitlines()}
    return {ln for ln in lines if len(ln) > 12}


def _actlib_lines(fn):
    """Code lines of actlib's own implementation of fn (its body, not its docstring)."""
    try:
        src = inspect.getsource(inspect.unwrap(fn))
    except (TypeError, OSError):
        return set()
    body = re.sub(r'r?"""(.*?)"""', "", src, flags=re.DOTALL)
    return {ln.strip() for ln in body.splitlines()[1:] if len(ln.strip()) > 12
            and not ln.strip().startswith(("#", "@", "def ", "return _"))}


SOLUTION_LINES = _solution_lines()


def _message(name, fn):
    with pytest.raises(AssertionError) as info:
        _check(name)(fn)
    assert checks.status([name]) == {name: "failing"}
    msg = str(info.value)
    assert msg.startswith(f"{name}: ")
    assert "called:" in msg and "Hint:" in msg, msg
    assert "Traceback" not in msg and 'File "' not in msg and "checks.py" not in msg, msg
    leaked = [ln for ln in SOLUTION_LINES | _actlib_lines(REFERENCE.get(name)) if ln in msg]
    assert not leaked, f"the message shows solution code {leaked}:\n{msg}"
    # raised `from None`: nothing from inside actlib is chained to it
    assert info.value.__cause__ is None and info.value.__suppress_context__
    _assert_raised_outside_actlib(info.value)
    return msg


def _assert_raised_outside_actlib(err):
    """The innermost frame is the two-line `<exercise check>` function, not checks.py: the one
    frame IPython shows besides the learner's cell (the checker's own frame is hidden)."""
    frames = traceback.extract_tb(err.__traceback__)
    assert frames[-1].filename == "<exercise check>", frames[-1]
    assert all(f.filename == "<exercise check>" or f.name in ("check", "_message")
               or "test_" in f.filename for f in frames), frames


def _naive_softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def _relu_in_place(x):
    x[x < 0] = 0
    return x


def _softmax_ignores_axis(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum(axis=-1, keepdims=True)


def _quiet_naive_softmax(x, axis=-1):  # silences numpy, returns NaN
    with np.errstate(all="ignore"):
        return _naive_softmax(x, axis)


def _where_sigmoid(x):  # right values, but np.where evaluates the overflowing branch too
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def _tied_by_overlap(r):  # unpaired: tied when the ranges over seeds overlap
    best = max(r, key=lambda k: np.mean(r[k]))
    return [k for k in r if max(r[k]) >= min(r[best])]


def _raises_value_error(*args, **kwargs):
    raise ValueError("something is off")


WRONG = [  # (exercise, wrong answer, words the message must contain)
    ("sigmoid", lambda x: 1 / (1 - np.exp(-x)), ["wrong value", "expected", "got", "sign"]),
    ("sigmoid", lambda x: 1 / (1 + np.exp(-x)), ["not numerically stable", "-1000."]),
    ("sigmoid", _where_sigmoid, ["not numerically stable", "np.where"]),
    ("sigmoid", lambda x: None, ["returned None", "return"]),
    ("sigmoid", lambda x: [1 / (1 + np.exp(-v)) for v in x], ["returned a list"]),
    ("sigmoid", lambda x: actlib.sigmoid(x.astype(np.float64)), ["float32", "float64"]),
    ("sigmoid", _raises_value_error, ["raised ValueError", "something is off"]),
    ("sigmoid_grad", lambda x: x * (1 - x), ["wrong value at x =", "expected", "at the input"]),
    ("tanh_grad", lambda x: 1 - x ** 2, ["wrong value at x =", "output"]),
    ("relu", _relu_in_place, ["modified its input"]),
    ("relu", lambda x: np.max(x, 0), ["shape"]),
    ("relu_grad", lambda x: np.ones_like(x), ["wrong value at x = -3.0", "expected 0.0",
                                              "got      1.0"]),
    ("relu_grad", lambda x: (x >= 0).astype(float), ["at x = 0.0", "PyTorch"]),
    ("relu_grad", lambda x: x > 0, ["dtype bool"]),
    ("leaky_relu", lambda x, alpha=0.01: np.where(x > 0, alpha * x, x),
     ["wrong value at x =", "negative side"]),
    ("leaky_relu", lambda x, a=0.01: np.where(x > 0, x, a * x), ["TypeError", "alpha"]),
    ("elu", lambda x, alpha=1.0: np.where(x > 0, x, np.exp(x) - 1), ["alpha=0.5", "expected"]),
    ("elu", lambda x, alpha=1.0: np.where(x > 0, x, alpha * (np.exp(x) - 1)),
     ["not numerically stable", "1000.", "np.where"]),
    ("selu", lambda x: 1.0507 * actlib.elu(x, alpha=1.6733), ["full precision"]),
    ("softplus", lambda x: np.log(1 + np.exp(x)), ["not numerically stable", "overflow"]),
    ("gelu_tanh", actlib.gelu, ["tanh approximation"]),
    ("gelu_tanh", lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))),
     ["float32", "float64"]),
    ("swish", lambda x, beta=1.0: beta * x * actlib.sigmoid(x), ["beta=2.0"]),
    ("swish_grad", lambda x, beta=1.0: actlib.swish(x, beta) * (1 - actlib.swish(x, beta)),
     ["wrong value", "product rule"]),
    ("softmax", _naive_softmax, ["not numerically stable", "1000."]),
    ("softmax", _quiet_naive_softmax, ["got      nan", "NaN"]),
    ("softmax", _softmax_ignores_axis, ["axis", "wrong value"]),
    ("softmax", lambda x, axis=-1: np.exp(x - x.max()).sum(axis=axis), ["shape", "keepdims"]),
    ("log_softmax", lambda x, axis=-1: np.log(actlib.softmax(x, axis=axis)),
     ["not numerically stable", "log(0)"]),
    ("softmax_jacobian", lambda z: np.diag(actlib.softmax(z)), ["wrong value", "outer"]),
    ("cross_entropy_grad", lambda lg, y: _ce_grad(lg, y) * len(y), ["N times too large"]),
    ("cross_entropy_grad", lambda lg, y: actlib.softmax(lg, axis=1) / len(y), ["wrong value"]),
    ("collapse_linear", lambda W1, b1, W2, b2: (W1 @ W2, b2), ["wrong value", "W2"]),
    ("xor_net", lambda: (np.eye(2), np.zeros(2), np.ones((2, 1)), np.zeros(1)),
     ["wrong class for input [1.0, 1.0]"]),
    ("xor_net", lambda: (np.eye(3), np.zeros(3), np.ones((3, 1)), np.zeros(1)), ["2-2-1"]),
    ("sigmoid_saturation_point", lambda: -4.5849, ["positive"]),
    ("sigmoid_saturation_point", lambda: 3.0, ["not 0.01"]),
    ("expected_grad", lambda df: float(np.mean(df(np.linspace(-1, 1, 1001)))),
     ["expected 0.2066", "standard normal"]),
    ("expected_output", lambda f: 0.0, ["actlib.leaky_relu", "expected 0.39"]),
    ("swish_minimum", lambda: (-1.0, -0.2689), ["not where swish is smallest"]),
    ("swish_minimum", lambda: -1.278, ["expected a pair"]),
    ("active_fraction", lambda Z: float(np.mean(Z >= 0)), ["wrong fraction"]),
    ("xavier_init", lambda i, o, rng: rng.normal(0, 2 / (i + o), (i, o)),
     ["standard deviation", "not a variance"]),
    ("he_init", lambda i, o, rng: rng.normal(0, np.sqrt(2 / i), (o, i)), ["(fan_in, fan_out)"]),
    ("he_init", lambda i, o, rng: np.random.default_rng().normal(0, np.sqrt(2 / i), (i, o)),
     ["same seed", "rng"]),
    ("he_init", lambda i, o, rng: rng.normal(0, np.sqrt(1 / i), (i, o)), ["expected mean 0"]),
    ("gradient_check", lambda f, df, x: 0.0, ["derivative is wrong", "only 0"]),
    ("gradient_check", lambda f, df, x: float(np.max(np.abs(df(x) - (f(x + 1e-2) - f(x)) / 1e-2))),
     ["correct, yet"]),
    ("critical_tanh_gain", lambda depth: 5 / 3, ["conventional gain", "not the critical one"]),
    ("critical_tanh_gain", lambda depth: 1.0, ["vanishes", "not 1", "critical_tanh_gain(30)"]),
    ("critical_tanh_gain", lambda depth: 1.24, ["vanishes", "critical_tanh_gain(15)"]),  # 30 only
    ("critical_tanh_gain", lambda depth: 2.0, ["explodes", "0.05"]),
    ("critical_tanh_gain", lambda depth: "1.24", ["expected a gain"]),
    ("dead_fraction", lambda Z: float(np.mean(Z <= 0)), ["wrong fraction", "every row"]),
    ("dead_fraction", lambda Z: float(np.mean(np.all(Z < 0, axis=0))), ["relu'(0) = 0"]),
    ("born_dead_probability", lambda depth, width, n_trials, rng: 0.0, ["depth 10"]),
    ("output_activation", lambda task: "relu", ["'binary'", "does not fit"]),
    ("output_activation", lambda task: {"binary": "sigmoid", "multiclass": "sigmoid"}.get(task),
     ["'multiclass'"]),
    ("best_activation", lambda r: max(r, key=lambda k: np.mean(r[k])), ["expected a list"]),
    ("best_activation", lambda r: [max(r, key=lambda k: np.mean(r[k]))], ["is missing",
                                                                        "cannot tell"]),
    ("best_activation", lambda r: list(r), ["should not be in it", "excludes 0"]),
    ("best_activation", _tied_by_overlap, ["should not be in it", "b", "Pair the seeds"]),
    ("real_differences", lambda r, b, higher_is_better=True: {  # by the means alone
        k: "better" if np.mean(r[k]) > np.mean(r[b]) else "worse" for k in r if k != b},
     ["'gelu' against 'relu'", "returned 'worse'"]),
    ("real_differences", lambda r, b, higher_is_better=True: _verdicts(r, b, True),
     ["higher_is_better=False", "'swish' against 'relu' it returned 'worse'"]),
    ("real_differences", lambda r, b, higher_is_better=True: {
        k: v for k, v in _verdicts(r, b, higher_is_better).items()} | {b: "tied"},
     ["leave the baseline itself out"]),
    ("real_differences", lambda r, b, higher_is_better=True: list(
        _verdicts(r, b, higher_is_better).values()), ["expected a dict"]),
    ("hard_swish", lambda x: x * np.clip(x + 3, 0, 6) / 6, ["not numerically stable", "1e+308"]),
    ("hard_swish", lambda x: np.where(x < -3, 0.0, np.where(x > 3, x, x * (x + 3) / 6)),
     ["not numerically stable", "overflows"]),
    ("hard_swish", lambda x: x * actlib.sigmoid(x), ["wrong value", "relu6"]),
    ("hard_swish_grad", lambda x: np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, x / 3 + 0.5)),
     ["at x = -3.0", "PyTorch"]),
    ("hard_swish_grad", lambda x: np.clip(x, -3, 3) / 3 + 0.5, ["wrong value", "x < -3"]),
    ("swiglu", lambda z: actlib.swish(z[..., : z.shape[-1] // 2]) * z[..., z.shape[-1] // 2:],
     ["wrong value", "a * swish(b)"]),
    ("swiglu", lambda z: z * actlib.swish(z), ["shape", "half"]),
    ("swiglu", lambda z: [list(r) for r in _swiglu_split(z)], ["returned a list"]),
    ("swiglu_grad", lambda z, d: d * actlib.swish(z[..., z.shape[-1] // 2:]),
     ["shape of dout", "both halves"]),
    ("swiglu_grad", lambda z, d: np.concatenate([d * actlib.swish(z[..., z.shape[-1] // 2:]),
                                                  d * z[..., : z.shape[-1] // 2]], axis=-1),
     ["wrong value", "s'(b)"]),
    ("matched_width", lambda h, i, o: round(2 * h / 3), ["wrong width", "biases"]),
    ("matched_width", lambda h, i, o: h * (i + o + 1) / (2 * i + o + 2), ["whole number"]),
    ("to_bfloat16", lambda x: (x.view(np.uint32) & np.uint32(0xFFFF0000)).view(np.float32),
     ["wrong rounding", "expected"]),
    ("to_bfloat16", lambda x: x.astype(np.float16).astype(np.float32), ["wrong rounding"]),
    ("to_bfloat16", lambda x: _bf16_loop(x).astype(np.float64), ["dtype float64"]),
    ("beats_on_every_seed", lambda r, b: sorted(k for k in r if k != b and np.mean(r[k]) <
                                                np.mean(r[b])), ["another list", "worst seed"]),
    ("beats_on_every_seed", lambda r, b: "swiglu", ["expected a list"]),
    ("selu_constants", lambda var=1.0: (actlib.SELU_ALPHA, actlib.SELU_SCALE),
     ["var = 0.5", "expected 1.468"]),
    ("selu_constants", lambda var=1.0: (1.67, 1.05), ["wrong alpha for var = 1.0"]),
    ("selu_constants", lambda var=1.0: _selu_constants_grid(var)[::-1], ["wrong order"]),
    ("selu_constants", lambda var=1.0: _selu_constants_grid(var, mean_only=True),
     ["wrong lambda for var = 0.5"]),
    ("selu_constants", lambda var=1.0: actlib.SELU_ALPHA, ["expected a pair"]),
    ("prelu_dalpha", lambda x, a, d: d * np.minimum(x, 0), ["shape of x", "sum over axis 0"]),
    ("prelu_dalpha", lambda x, a, d: (d * np.maximum(x, 0)).sum(axis=0) * np.ones_like(a),
     ["wrong value", "min(x, 0)"]),
    ("prelu_dalpha", lambda x, a, d: np.minimum(x, 0).sum(axis=0) * np.ones_like(a),
     ["wrong value"]),
    ("prelu_dalpha", lambda x, a, d: np.array((d * np.minimum(x, 0)).sum()), ["shape"]),
    ("initial_loss", lambda net, X, y: (actlib.cross_entropy(net.forward(X), y),
                                        np.log(len(np.unique(y)))),
     ["expected loss", "labels present in y"]),
    ("initial_loss", lambda net, X, y: (actlib.cross_entropy(net.forward(X), y),
                                        np.log(1 / net.layer_sizes[-1])), ["expected 1.098612"]),
    ("initial_loss", lambda net, X, y: (actlib.cross_entropy(net.forward(X), y) * len(y),
                                        np.log(net.layer_sizes[-1])), ["the sum over the batch"]),
    ("initial_loss", lambda net, X, y: (np.log(net.layer_sizes[-1]),) * 2,
     ["wrong measured loss"]),
    ("exp_overflow_threshold", lambda dt: np.log(np.finfo(dt).max).astype(dt),
     ["float16", "overflows to inf", "too large"]),
    ("exp_overflow_threshold", lambda dt: float(np.log(np.finfo(dt).max)) - 0.01,
     ["still has a finite exp", "too small"]),
    ("exp_overflow_threshold", lambda dt: 709.78, ["float16", "exp(710.0)", "too large"]),
    ("exp_overflow_threshold", lambda dt: 1e6, ["beyond the largest float16"]),
    ("worst_relative_error", lambda r: 2.0 ** -7, ["actlib.to_bfloat16", "expected 3.891e-03"]),
    ("worst_relative_error", lambda r: _worst_sampled(actlib.to_bfloat16), ["truncation"]),
    ("worst_relative_error", lambda r: float(np.mean(np.abs(r(np.float32(1) + np.arange(
        1000, dtype=np.float32) / 1000) - (1 + np.arange(1000) / 1000)))), ["wrong worst"]),
    ("revive", lambda setup: {**setup, "bias_init": 0.1}, ["still dies", "dead fraction"]),
    ("revive", lambda setup: {**setup, "activation": "tanh"}, ["does not learn", "accuracy"]),
    ("revive", lambda setup: {**setup, "lr": 1e-5}, ["does not learn"]),
    ("revive", lambda setup: {**setup, "activation": "leaky_relu"}, ["diverged"]),
    ("revive", lambda setup: {**setup, "lr": 0.1, "activation": "elu"}, ["exactly one"]),
    ("revive", lambda setup: {**setup, "learning_rate": 0.1}, ["'learning_rate'"]),
    ("revive", lambda setup: setup.update(lr=0.1) or setup, ["modified the setup"]),
    ("revive", lambda setup: {**setup, "activation": "swish2"}, ["cannot be trained"]),
    ("distinct_units", _distinct_units_untrained, ["before training", "expected 6"]),
    ("distinct_units", lambda net, X, y: net.layer_sizes[1], ["init=0.0", "expected 1"]),
    ("distinct_units", lambda net, X, y: 1.5, ["whole number"]),
    ("layer_backward", _layer_backward_at_output, ["at the output", "dX"]),
    ("layer_backward", lambda X, W, b, d, activation="sigmoid": (
        d @ W.T, X.T @ d, d.sum(axis=0)), ["dX: wrong value"]),
    ("layer_backward", lambda *a, **k: (*_layer_backward(*a, **k)[:2],
                                         _layer_backward(*a, **k)[1]), ["db", "shape"]),
    ("layer_backward", lambda *a, **k: (_layer_backward(*a, **k)[0],
                                        _layer_backward(*a, **k)[1] / len(a[0]),
                                        _layer_backward(*a, **k)[2]), ["dW: wrong value"]),
]


@pytest.mark.parametrize("name, fn, words", WRONG, ids=[f"{n}-{i}" for i, (n, _, _) in
                                                       enumerate(WRONG)])
def test_wrong_answer_is_rejected_with_a_useful_message(name, fn, words):
    msg = _message(name, fn)
    for word in words:
        assert word in msg, f"{word!r} missing from:\n{msg}"
    # the same text on every CPU: numbers rounded, never a full-precision repr
    assert not long_floats(msg), msg


@pytest.mark.parametrize("name", NAMES)
def test_every_checker_names_a_raised_exception_and_a_returned_none(name):
    assert "raised ValueError: something is off" in _message(name, _raises_value_error)
    assert "None" in _message(name, lambda *args, **kwargs: None)


def test_expected_value_is_shown_for_one_input_only():
    msg = _message("sigmoid", lambda x: 1 / (1 - np.exp(-x)))
    # one expected number, one received number; the reference values of the other inputs stay
    # hidden, so the message cannot be pasted back as an answer table
    assert len(re.findall(r"expected", msg)) == 1
    assert str(float(actlib.sigmoid(3.0))) not in msg


def test_not_a_function():
    with pytest.raises(AssertionError, match="pass your function itself") as info:
        checks.check_sigmoid(np.array([0.5]))
    _assert_raised_outside_actlib(info.value)
    assert checks.status(["sigmoid"]) == {"sigmoid": "failing"}


def test_checkers_hide_their_frame():
    # IPython and pytest leave out frames whose locals set __tracebackhide__
    for name in NAMES:
        assert "__tracebackhide__" in _check(name).__code__.co_varnames


# -- the tally


def test_progress_tallies_done_failing_and_not_attempted(capsys):
    checks.check_relu(actlib.relu)
    with pytest.raises(AssertionError):
        checks.check_relu_grad(lambda x: np.ones_like(x))
    capsys.readouterr()
    checks.progress("04_relu")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Progress: 1 of 3 done, 1 failing, 1 not attempted"
    assert [line.split()[-1] for line in out[1:]] == ["done", "failing", "attempted"]
    # fixing an exercise updates its status
    checks.check_relu_grad(actlib.relu_grad)
    assert checks.status("04_relu") == {"relu": "done", "relu_grad": "done",
                                        "active_fraction": "not attempted"}


def test_progress_unknown_notebook():
    with pytest.raises(KeyError, match="02_sigmoid"):
        checks.progress("99_nothing")


# -- what the experimental checkers measure against is itself right


def test_selu_fixed_point_of_variance_1_is_klambauers():
    from actlib.checks.lesson05 import _selu_fixed_point

    alpha, scale = _selu_fixed_point(1.0)
    assert abs(alpha - actlib.SELU_ALPHA) < 1e-12 and abs(scale - actlib.SELU_SCALE) < 1e-12
    for var in (0.5, 2.0):  # the other fixed points: mean 0 and variance var, by quadrature
        np.testing.assert_allclose(_selu_fixed_point(var), _selu_constants_quad(var), rtol=1e-7)


def test_layer_backward_reference_matches_central_differences():
    from actlib.checks.lesson02 import _layer_reference

    rng = np.random.default_rng(0)
    X, W, b, dout = (rng.normal(size=s) for s in ((3, 4), (4, 5), (5,), (3, 5)))
    for activation in ("sigmoid", "tanh", "relu"):
        for got, numeric in zip(_layer_reference(X, W, b, dout, activation),
                                _layer_backward_numeric(X, W, b, dout, activation)):
            np.testing.assert_allclose(got, numeric, rtol=1e-6, atol=1e-8)


def test_the_dying_setup_dies_and_the_checkers_criteria_separate_it():
    from actlib.checks.lesson09 import REVIVED_ACCURACY, REVIVED_DEAD
    from actlib.dying import DYING_SETUP, run_setup

    dying = run_setup(DYING_SETUP)
    assert not dying["diverged"].any()
    assert dying["dead"].min() > REVIVED_DEAD and dying["accuracy"].max() < REVIVED_ACCURACY
    revived = run_setup({"lr": 0.3})
    assert revived["dead"].max() < REVIVED_DEAD and revived["accuracy"].min() > REVIVED_ACCURACY
    with pytest.raises(KeyError, match="learning_rate"):
        run_setup({"learning_rate": 0.1})


def test_exp_overflow_thresholds_are_the_known_ones():
    # log of each format's largest number, minus at most one step of the format
    assert float(_exp_limit_bisect(np.float16)) == 11.0859375
    assert abs(float(_exp_limit_bisect(np.float32)) - 88.72284) < 1e-4
    assert abs(float(_exp_limit_bisect(np.float64)) - 709.782712893384) < 1e-9


def test_worst_rounding_errors_are_half_a_step():
    from actlib.checks.lesson11 import _to_float16, _truncate_to_bfloat16, _worst_reference

    assert np.isclose(_worst_reference(actlib.to_bfloat16), 2 ** -8 / (1 + 2 ** -8))
    assert np.isclose(_worst_reference(_to_float16), 2 ** -11 / (1 + 2 ** -11))
    step = 2 ** -7 - 2 ** -23  # truncation: almost a whole step, just below 1 + 2**-7
    assert np.isclose(_worst_reference(_truncate_to_bfloat16), step / (1 + step))
    # the reference's narrow range [1, 1 + 2**-5) holds the worst case of all of [1, 2)
    for fn in (actlib.to_bfloat16, _to_float16, _truncate_to_bfloat16):
        assert _worst_reference(fn) == _worst_every_float32(fn)


def test_distinct_units_reference_counts():
    from actlib.checks.lesson01 import _symmetry_expected

    # zero, constant and zero-tanh inits stay one unit; random and tied-input ones are six
    assert _symmetry_expected()[2] == (1, 6, 6, 1, 1)
