"""Lesson 07's checkers: softmax, log-softmax, the softmax Jacobian, the cross-entropy gradient,
the initial-loss sanity check and the overflow threshold of exp in each float format."""
import numpy as np

from ..softmax import cross_entropy as _cross_entropy
from ..softmax import log_softmax as _log_softmax
from ..softmax import softmax as _softmax
from ..softmax import softmax_cross_entropy as _softmax_cross_entropy
from ..softmax import softmax_jacobian as _softmax_jacobian
from ._contract import _call, _check_array, _checker, _fmt, _scalar, _shown

_SM_INPUTS = (
    (np.array([1.0, 2.0, 3.0]), {}),
    (np.array([1000.0, 1001.0, 1002.0]), {}),
    (np.array([-1000.0, -1000.0, -999.0]), {}),
    (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.0]]), {}),
    (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.0]]), {"axis": 0}),
    (np.array([[1.0, 2.0, 3.0], [-4.0, 0.5, 800.0]], dtype=np.float32), {}),
)


def _vector(name, fn, ref, hint, rtol=1e-6):
    n = 0
    for x, kw in _SM_INPUTS:
        case, got = _call(name, hint, fn, (x,), kw)
        _check_array(case, got, ref(x.astype(np.float64), **kw), like=x, keep_float32=True,
                     rtol=rtol)
        n += 1
    return n


@_checker("softmax")
def check_softmax(softmax):
    return _vector("softmax", softmax, _softmax,
                   "exp(x) / sum(exp(x)) along `axis`; subtract the maximum along that axis first "
                   "(keepdims=True) so exp never overflows: softmax(x - c) = softmax(x).")


@_checker("log_softmax")
def check_log_softmax(log_softmax):
    return _vector("log_softmax", log_softmax, _log_softmax,
                   "log(softmax(x)) underflows to log(0) = -inf; use x - m - log(sum(exp(x - m))) "
                   "with m the maximum along `axis` (keepdims=True).")


@_checker("softmax_jacobian")
def check_softmax_jacobian(softmax_jacobian):
    hint = ("J[i, j] = p_i (delta_ij - p_j) with p the softmax of z: the diagonal has an extra "
            "p_i, every entry has the -p_i p_j (np.outer); K logits give a K x K matrix.")
    n = 0
    for z in (np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0, 0.0]),
              np.array([1000.0, 0.0, -1000.0]), np.array([0.0])):
        case, got = _call("softmax_jacobian", hint, softmax_jacobian, (z,))
        _check_array(case, got, _softmax_jacobian(z))
        n += 1
    return n


@_checker("cross_entropy_grad")
def check_cross_entropy_grad(cross_entropy_grad):
    hint = ("the gradient of the batch-mean cross-entropy with respect to the logits is "
            "(softmax(logits) - one_hot(labels)) / N, with the softmax over each row.")
    cases = ((np.array([[2.0, 1.0, 0.1]]), np.array([0])),
             (np.array([[2.0, 1.0, 0.1], [0.0, 3.0, -1.0]]), np.array([2, 1])),
             (np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.0, 0.0], [3.0, 3.0]]),
              np.array([1, 1, 0, 1])))
    n = 0
    for logits, labels in cases:
        case, got = _call("cross_entropy_grad", hint, cross_entropy_grad, (logits, labels))
        expected = _softmax_cross_entropy(logits, labels)[1]
        if isinstance(got, np.ndarray) and got.shape == expected.shape and len(labels) > 1 \
                and np.allclose(got, expected * len(labels)):
            case.fail("your gradient is N times too large.",
                      "the loss is the mean over the batch, so its gradient carries 1/N.")
        _check_array(case, got, expected)
        n += 1
    return n


def _initial_loss_cases():
    from .. import nn as _nn

    rng = np.random.default_rng(16)
    X1, X2, X3 = rng.normal(size=(40, 4)), rng.normal(size=(30, 5)), rng.normal(size=(25, 3))
    return ((_nn.MLP([4, 16, 3], "relu", init=0.01, seed=1), X1, rng.integers(0, 2, size=40)),
            (_nn.MLP([5, 32, 10], "tanh", init=1.0, seed=2), X2, rng.integers(0, 10, size=30)),
            (_nn.MLP([3, 8, 8, 2], "relu", "he", seed=3), X3, rng.integers(0, 2, size=25)))


@_checker("initial_loss")
def check_initial_loss(initial_loss):
    hint = ("measured: run the net forward on X and take the mean cross-entropy of its logits "
            "against y (actlib.cross_entropy); expected: a net that knows nothing gives every "
            "one of its K outputs probability 1/K, so the loss is -log(1/K) = log K (natural "
            "log), with K the number of the net's outputs, net.layer_sizes[-1].")
    n = 0
    # the learner gets one copy of each net, the reference is measured on an identical one
    for (net, X, y), (ref, _, _) in zip(_initial_loss_cases(), _initial_loss_cases()):
        K = net.layer_sizes[-1]
        case, got = _call("initial_loss", hint, initial_loss, (net, X, y),
                          call=f"initial_loss({net!r}, X of shape {X.shape}, y with labels "
                               f"{sorted(set(y.tolist()))})")
        if isinstance(got, np.ndarray) and got.shape == (2,):
            got = tuple(got)
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a pair "
                      "(measured, expected).", "end with `return measured, expected`.")
        measured, expected = _scalar(case, got[0]), _scalar(case, got[1])
        want_expected = float(np.log(K))
        if abs(expected - want_expected) > 1e-6 * want_expected:
            why = ""
            if np.isclose(expected, np.log(len(set(y.tolist())))):
                why = " (that is log of the number of labels present in y, not of the net's " \
                      "outputs)"
            case.fail(f"wrong expected loss for a net with {K} outputs:\n    expected "
                      f"{want_expected:.6f}\n    got      {expected:.6f}{why}")
        want = _cross_entropy(ref.forward(X), y)
        if not np.isclose(measured, want, rtol=1e-6, atol=1e-9):
            extra = ""
            if np.isclose(measured, want * len(y), rtol=1e-6):
                extra = " (the sum over the batch: the loss is the mean)"
            case.fail(f"wrong measured loss:\n    expected {want:.6f}\n    got      "
                      f"{measured:.6f}{extra}")
        n += 1
    return n


@_checker("exp_overflow_threshold")
def check_exp_overflow_threshold(exp_overflow_threshold):
    hint = ("measure it: start from a number whose exp overflows and one whose exp does not "
            "(both as arrays of that dtype) and bisect, or step through the dtype's numbers "
            "one at a time with np.nextafter; exp must be computed in that dtype "
            "(np.exp(np.array(x, dtype=dtype))). Silence the expected overflow warnings with "
            "np.errstate(over='ignore'). A formula rounded to the dtype can land one number "
            "too high.")
    n = 0
    for dtype in (np.float16, np.float32, np.float64):
        name = np.dtype(dtype).name
        case, got = _call("exp_overflow_threshold", hint, exp_overflow_threshold, (dtype,),
                          call=f"exp_overflow_threshold(np.{name})")
        x = _scalar(case, got, f"a number (the largest {name} whose exp is finite)")
        with np.errstate(over="ignore"):  # exp (and a cast to float16) may overflow here
            xd = np.array(x).astype(dtype)[()]  # a numpy scalar of that dtype
            if not np.isfinite(xd):
                case.fail(f"for {name}: {_fmt(x)} is beyond the largest {name} number (it "
                          f"becomes inf in {name}).\n    expected the largest {name} number "
                          f"whose exp is finite\n    got      {_fmt(x)}, too large")
            if not np.isfinite(np.exp(xd)):
                case.fail(f"for {name}: exp({_fmt(float(xd))}) computed in {name} overflows "
                          f"to inf.\n"
                          f"    expected the largest {name} number whose exp is finite\n"
                          f"    got      {_fmt(x)}, too large")
            up = np.nextafter(xd, dtype(np.inf))
            if np.isfinite(np.exp(up)):
                case.fail(f"for {name}: the next {name} number after yours, "
                          f"{_fmt(float(up))}, still has a finite exp.\n    expected the "
                          f"largest {name} number whose exp is finite\n    got      "
                          f"{_fmt(x)}, too small")
        n += 1
    return n
