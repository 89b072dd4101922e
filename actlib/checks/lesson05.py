"""Lesson 05's checkers beyond the elementwise table: the expected output E[f(z)], SELU's
constants from its fixed-point equations, and PReLU's slope gradient."""
import math

import numpy as np

from .. import activations as _act
from .. import gradcheck as _gradcheck
from ._contract import _call, _check_array, _checker, _fmt, _measure, _scalar, _shown


@_checker("expected_output")
def check_expected_output(expected_output):
    return _measure("expected_output", expected_output,
                    "draw many z from a standard normal (rng.standard_normal(100_000)), apply "
                    "f and average.",
                    (("actlib.leaky_relu", _act.leaky_relu), ("actlib.elu", _act.elu),
                     ("actlib.selu", _act.selu), ("actlib.tanh", _act.tanh)), tol=0.005)


def _selu_fixed_point(var):
    """SELU's (alpha, lambda) for which z ~ N(0, var) gives outputs of mean 0 and variance var.

    Closed form of the two Gaussian integrals (Klambauer et al. 2017, with s = sqrt(var) and
    Phi(-t) = erfc(t / sqrt 2) / 2): the mean equation is linear in alpha, then lambda scales
    the second moment to var.
    """
    s = math.sqrt(var)

    def below(c):  # E[exp(c s u); u < 0] for u ~ N(0, 1)
        return math.exp(c * c * var / 2) * math.erfc(c * s / math.sqrt(2)) / 2

    alpha = (s / math.sqrt(2 * math.pi)) / (0.5 - below(1))
    negative_sq = below(2) - 2 * below(1) + 0.5  # E[(exp(s u) - 1)^2; u < 0]
    scale = math.sqrt(var / (var / 2 + alpha ** 2 * negative_sq))
    return alpha, scale


@_checker("selu_constants")
def check_selu_constants(selu_constants):
    hint = ("for z ~ N(0, var) and f = lambda * elu(z, alpha), solve E[f(z)] = 0 and "
            "E[f(z)^2] = var: the first equation does not involve lambda and is linear in "
            "alpha; lambda then follows from the second. Compute the Gaussian integrals "
            "accurately (np.trapezoid on a fine grid of z times the normal density, or "
            "scipy.integrate.quad): Monte Carlo is too noisy for 0.1%.")
    rtol = 1e-3
    n = 0
    for var in (1.0, 0.5, 2.0):
        case, got = _call("selu_constants", hint, selu_constants, (var,),
                          call=f"selu_constants(var={var})")
        if isinstance(got, np.ndarray) and got.shape == (2,):
            got = tuple(got)
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a pair "
                      "(alpha, lambda).", "end with `return alpha, lam`.")
        alpha, scale = _scalar(case, got[0]), _scalar(case, got[1])
        want_alpha, want_scale = _selu_fixed_point(var)
        close = lambda a, b: abs(a - b) <= rtol * abs(b)
        if close(alpha, want_scale) and close(scale, want_alpha):
            case.fail("the two numbers are in the wrong order.", "return (alpha, lambda): "
                      "alpha (about 1.67 for var = 1) first, then lambda (about 1.05).")
        for label, g, w in (("alpha", alpha, want_alpha), ("lambda", scale, want_scale)):
            if not close(g, w):
                case.fail(f"wrong {label} for var = {var}:\n    expected {_fmt(w)} (within "
                          f"{rtol:.1%})\n    got      {_fmt(g)}")
        n += 1
    return n


@_checker("prelu_dalpha")
def check_prelu_dalpha(prelu_dalpha):
    hint = ("prelu(x) = x for x > 0 and alpha * x otherwise, so d prelu / d alpha = min(x, 0); "
            "the loss is sum(dout * prelu(x, alpha)), so multiply by dout and add up over every "
            "axis that alpha is broadcast along (for alpha of shape (C,): the batch axis), "
            "returning an array shaped like alpha.")
    rng = np.random.default_rng(15)
    x_zero = np.array([[0.0, -1.0, 2.0], [-3.0, 0.0, 0.5]])
    tests = ((rng.normal(size=(6, 4)), rng.uniform(0.05, 0.5, size=4)),
             (x_zero, np.array([0.25, 0.1, 0.3])),
             (rng.normal(size=(5, 3)), np.array([0.25])))
    n = 0
    for x, alpha in tests:
        dout = rng.normal(size=x.shape)
        case, got = _call("prelu_dalpha", hint, prelu_dalpha, (x, alpha, dout))

        def loss(a, x=x, dout=dout):
            return float(np.sum(dout * np.where(x > 0, x, a * x)))

        # the reference is the measurement itself: central differences of the loss
        expected = _gradcheck.numerical_gradient(loss, alpha, h=1e-4)
        if isinstance(got, np.ndarray) and got.shape == x.shape:
            case.fail(f"it returned shape {got.shape}, the shape of x; expected alpha's "
                      f"shape {alpha.shape}.", "each slope is shared by every row of the "
                      "batch: add up the contributions of all rows (sum over axis 0).")
        _check_array(case, got, expected, rtol=1e-6, atol=1e-9)
        n += 1
    return n
