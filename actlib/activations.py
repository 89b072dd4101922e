r"""Elementwise activation functions, their derivatives, and the registry: one row per activation.

Every ``NAME(x, **params)`` has a ``NAME_grad(x, **params)``: the derivative with respect to the
input, evaluated at the input (never at the output). At kinks we follow PyTorch: relu'(0) = 0.

How to read this file. Each function body is the formula, in the stable form the lessons teach,
applied to a float32 or float64 array ``x`` that it only reads. ``@_elementwise`` does the rest
once for all of them: it checks the input (anything ``np.asarray`` takes that holds real numbers),
fills in and checks the parameters from the activation's row in ``ROWS`` at the end of the file,
computes float16 in float32, puts NaN back where a step (``x > 0``) lost it (``steps=True``; the
other formulas give NaN for NaN by themselves), runs a long array through the formula a block at
a time (to stay in the CPU's cache), and returns the input's dtype (integers and bools become
float64). No formula here overflows or warns for any finite or infinite input.

The rows are the single place where an activation's facts live: parameters with their defaults,
bounds and slider ranges, output range and limits, paper and year, colour and marker. The
registry (:func:`get`, :data:`ACTIVATIONS`), parameter checking, the widgets' controls, the
plotting colours and the parametrised tests all read them.
"""
import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType

import numpy as np

from .validate import as_real_array, choice_param, finish, real_param

# Klambauer et al. (2017), eq. (14): the fixed point (mean 0, variance 1), to full precision.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_INV_SQRT_2PI = float(1.0 / np.sqrt(2.0 * np.pi))
_SQRT_HALF = float(np.sqrt(0.5))
_GELU_TANH_C = 0.044715
_GELU_TANH_K = float(2.0 * np.sqrt(2.0 / np.pi))  # 2 sqrt(2/pi): tanh(v) = 2 sigmoid(2v) - 1


def _elementwise(kernel=None, *, steps=False):
    """Wrap a formula ``kernel(x, **params)`` with the input and parameter contract.

    ``@_elementwise(steps=True)`` marks a formula with a step such as ``x > 0``, which turns NaN
    into 0 or 1: the wrapper puts NaN back where x is NaN. Every other formula gives NaN for
    NaN by itself, as numpy's arithmetic, ``exp``, ``maximum`` and ``clip`` do, and is not
    checked (a test holds every activation to NaN in, NaN out).
    """
    if kernel is None:
        return partial(_elementwise, steps=steps)
    name = kernel.__name__.removesuffix("_grad")

    @functools.wraps(kernel)
    def apply(x, *args, **kwargs):
        params = ROWS[name].bind(args, kwargs)  # the row, defined at the end
        x = as_real_array(x)
        # float16 in float32 (e^x alone overflows float16 at x = 11.1); 0-d as shape (1,)
        work = np.atleast_1d(x.astype(np.float32) if x.dtype == np.float16 else x)
        if work.size <= _BLOCK:
            y = _formula(kernel, work, params, steps)
        else:
            flat = work.reshape(-1)
            y = np.empty_like(flat)
            for start in range(0, flat.size, _BLOCK):
                block = slice(start, start + _BLOCK)
                y[block] = _formula(kernel, flat[block], params, steps)
        return finish(y.reshape(x.shape), x)
    return apply


# Longer arrays are computed a block at a time. Each numpy step of a formula makes a new
# array: for a million numbers, 4-8 MB of fresh memory that is larger than the CPU's cache, so
# every step waits on memory (and on page faults) whatever its arithmetic. A block of 2**16
# numbers (256 KB in float32) stays in the cache from one step to the next, and its
# temporaries reuse the same memory. Formulas of many steps get 1.2-1.8x faster (gelu float32,
# swish', ELU'), one-step ones (relu) a little slower (benchmarks/README.md). Every number is
# computed by the same arithmetic whatever block it is in: the result is the same bit for bit.
_BLOCK = 2 ** 16


def _formula(kernel, x, params, steps):
    """``kernel(x, **params)``; for a formula with steps, NaN put back where x is NaN."""
    y = kernel(x, **params)
    if steps and x.size and np.isnan(x.max()):  # max is NaN exactly when some element is
        y = np.where(np.isnan(x), x, y)
    return y


def _no_neg_inf(x):
    """x with -inf replaced by the lowest finite float: x * gate(x) -> -0, not -inf * 0 = NaN."""
    return np.maximum(x, np.finfo(x.dtype).min)


def _sigmoid(z):
    """1 / (1 + e^-z): accurate in both tails (no cancellation, see :func:`sigmoid`)."""
    with np.errstate(over="ignore"):  # e^-z = inf for z < -709 (float64): 1 / (1 + inf) = 0
        return 1 / (1 + np.exp(-z))


def _blend(x, pos, neg):
    """``pos`` where x > 0, ``neg`` elsewhere, for finite ``pos`` and ``neg``: a speed helper.

    The same as ``np.where(x > 0, pos, neg)``, and exact (s is 0 or 1), but several times
    faster on inputs of random sign, where np.where mispredicts every other branch; in place,
    because a fresh 4 MB temporary costs about a millisecond in page faults here
    (benchmarks/README.md).
    """
    s = (x > 0).astype(x.dtype)
    out = 1 - s
    out *= neg
    s *= pos
    out += s
    return out


def _softplus(x):
    """log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): no overflow, full precision in both tails."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


# --------------------------------------------------------------------------------------------
# identity, sigmoid, tanh


@_elementwise
def identity(x):
    r"""Identity (linear) activation, :math:`f(x) = x`.

    Notes
    -----
    .. math:: f(x) = x, \qquad f'(x) = 1

    Stacking layers with this activation collapses them into one linear map (Minsky and
    Papert 1969: why a purely linear network cannot solve XOR).

    Examples
    --------
    >>> identity([-2, 0, 3])
    array([-2.,  0.,  3.])
    """
    return x.copy()


@_elementwise(steps=True)
def identity_grad(x):
    """Derivative of :func:`identity`: 1 everywhere.

    >>> identity_grad([-2.0, 0.0, np.inf])
    array([1., 1., 1.])
    """
    return np.ones_like(x)


@_elementwise
def sigmoid(x):
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})`.

    Notes
    -----
    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}} = \frac{e^{x}}{1 + e^{x}}, \qquad
              \sigma'(x) = \sigma(x)\,(1 - \sigma(x))

    The first form is accurate in both tails: for x -> -inf it divides 1 by a large number (no
    cancellation), for x -> +inf it is 1 / (1 + tiny). Its only flaw is that e^{-x} overflows
    to inf below x = -709 (float64); 1 / (1 + inf) = 0 is then still the right answer, so we
    silence just that overflow warning. (The second form, for x < 0, never overflows: the
    exercise checker, which turns overflows into errors, asks learners for that split.)
    Beware the wrong formula 1 / (1 - e^{-x}) that circulates in tutorials.

    Examples
    --------
    >>> sigmoid([-1e4, 0.0, 1e4])
    array([0. , 0.5, 1. ])
    >>> print(f"{sigmoid(-40.0):.6e}")  # no cancellation in the tail
    4.248354e-18
    """
    return _sigmoid(x)


@_elementwise
def sigmoid_grad(x):
    r"""Derivative of :func:`sigmoid`, :math:`\sigma(1 - \sigma) = \tfrac14\,\mathrm{sech}^2(x/2)
    = \left(\frac{1/2}{\cosh(x/2)}\right)^2`; at most 0.25.

    The cosh form keeps full relative accuracy in both tails, where ``s * (1 - s)`` cancels
    (1 - s is 0 for x > 37 in float64 while the derivative is still 1e-16).

    >>> sigmoid_grad([0.0, 1e4, -np.inf])
    array([0.25, 0.  , 0.  ])
    """
    with np.errstate(over="ignore"):  # cosh is inf past |x| = 1420 (float64): 0.5 / inf = 0
        return (0.5 / np.cosh(x / 2)) ** 2


@_elementwise
def tanh(x):
    r"""Hyperbolic tangent, :math:`\tanh(x) = 2\sigma(2x) - 1`.

    Notes
    -----
    .. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}, \qquad \tanh'(x) = 1 - \tanh^2(x)

    Zero-centred, range (-1, 1), derivative at most 1 (at 0).

    Examples
    --------
    >>> tanh([-np.inf, 0.0, 1.0]).round(6)
    array([-1.      ,  0.      ,  0.761594])
    """
    return np.tanh(x)


@_elementwise
def tanh_grad(x):
    r"""Derivative of :func:`tanh`, :math:`1 - \tanh^2 = \mathrm{sech}^2 x = (1 / \cosh x)^2`
    (full relative accuracy for large |x|, where 1 - tanh^2 is 0).

    >>> tanh_grad([0.0, 1e4])
    array([1., 0.])
    """
    with np.errstate(over="ignore"):  # cosh is inf past |x| = 710 (float64): 1 / inf = 0
        return (1 / np.cosh(x)) ** 2


# --------------------------------------------------------------------------------------------
# the ReLU family


@_elementwise
def relu(x):
    r"""Rectified linear unit, :math:`\max(0, x)`.

    Notes
    -----
    .. math:: f(x) = \max(0, x), \qquad f'(x) = [x > 0]

    The derivative at the kink is taken as 0, as PyTorch does.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return np.maximum(x, 0)


@_elementwise(steps=True)
def relu_grad(x):
    """Derivative of :func:`relu`: 1 where x > 0, else 0 (also at the kink x = 0).

    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    return (x > 0).astype(x.dtype)


@_elementwise
def leaky_relu(x, alpha):
    r"""Leaky ReLU: :math:`x` for x > 0, :math:`\alpha x` otherwise.

    Notes
    -----
    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}, \qquad
              f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}

    Examples
    --------
    >>> leaky_relu([-2.0, 0.0, 3.0], alpha=0.1)
    array([-0.2,  0. ,  3. ])
    """
    if alpha == 0:  # ReLU; alpha * x would be 0 * -inf = NaN at -inf
        return np.maximum(x, 0)
    with np.errstate(over="ignore"):  # alpha * x past the largest float is +-inf, its limit
        ax = alpha * x
    # x > 0 picks x and x <= 0 picks alpha x: the larger of the two when alpha <= 1 (also for
    # alpha < 0), the smaller when alpha > 1
    return np.maximum(x, ax) if alpha <= 1 else np.minimum(x, ax)


@_elementwise(steps=True)
def leaky_relu_grad(x, alpha):
    """Derivative of :func:`leaky_relu`: 1 for x > 0, ``alpha`` for x <= 0 (also at the kink).

    >>> leaky_relu_grad([-2.0, 0.0, 3.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    return _blend(x, 1.0, alpha)


def _elu(x, alpha, scale=1.0):
    """scale * (max(x, 0) + alpha * (e^min(x, 0) - 1)): one part is 0 wherever the other is not."""
    with np.errstate(over="ignore"):  # scale * x past the largest float is inf, its limit
        return scale * np.maximum(x, 0) + (scale * alpha) * np.expm1(np.minimum(x, 0))


def _elu_grad(x, alpha, scale=1.0):
    """scale * (1 for x > 0, alpha * e^x otherwise)."""
    return _blend(x, scale, (scale * alpha) * np.exp(np.minimum(x, 0)))


@_elementwise
def elu(x, alpha):
    r"""Exponential linear unit: :math:`x` for x > 0, :math:`\alpha(e^x - 1)` otherwise.

    Notes
    -----
    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},
              \qquad f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    :math:`e^x - 1` is taken of ``min(x, 0)`` only, so large positive inputs cannot overflow,
    and with ``np.expm1``, which does not cancel near 0 as ``np.exp(x) - 1`` does.

    Examples
    --------
    >>> elu([-np.inf, -1.0, 0.0, 2.0]).round(6)
    array([-1.      , -0.632121,  0.      ,  2.      ])
    """
    return _elu(x, alpha)


@_elementwise
def elu_grad(x, alpha):
    """Derivative of :func:`elu`: 1 for x > 0, ``alpha * exp(x)`` for x <= 0 (at 0 the left-hand
    value ``alpha``, as PyTorch).

    >>> elu_grad([-np.inf, 0.0, 2.0])
    array([0., 1., 1.])
    """
    return _elu_grad(x, alpha)


@_elementwise
def selu(x):
    r"""Scaled ELU, :math:`\lambda\,\mathrm{elu}(x, \alpha)` with the self-normalising constants.

    Notes
    -----
    .. math:: f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}

    with :math:`\alpha \approx 1.6733` and :math:`\lambda \approx 1.0507` (``SELU_ALPHA``,
    ``SELU_SCALE``), chosen so that mean 0 and variance 1 are a stable fixed point of a layer
    with LeCun-initialised weights.

    Examples
    --------
    >>> selu([-np.inf, 0.0, 1.0]).round(6)
    array([-1.758099,  0.      ,  1.050701])
    """
    return _elu(x, SELU_ALPHA, SELU_SCALE)


@_elementwise
def selu_grad(x):
    r"""Derivative of :func:`selu`: :math:`\lambda` for x > 0, :math:`\lambda\alpha e^x` for
    x <= 0 (at 0 the left-hand value, about 1.7581, as PyTorch).

    >>> selu_grad([0.0, 1.0]).round(6)
    array([1.758099, 1.050701])
    """
    return _elu_grad(x, SELU_ALPHA, SELU_SCALE)


# --------------------------------------------------------------------------------------------
# smooth activations


@_elementwise
def softplus(x):
    r"""Softplus, :math:`\log(1 + e^x)`, a smooth ReLU.

    Notes
    -----
    .. math:: f(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|}), \qquad f'(x) = \sigma(x)

    The second form never overflows, and ``np.log1p`` keeps precision where
    :math:`e^{-|x|}` is tiny (``np.log(1 + tiny)`` rounds to 0).

    Examples
    --------
    >>> np.round(softplus([-1000.0, 0.0, 1000.0]), 6).tolist()  # log(1 + exp(1000)) overflows
    [0.0, 0.693147, 1000.0]
    >>> print(f"{softplus(-50.0):.6e}")  # log(1 + 1.9e-22) would round to log(1) = 0
    1.928750e-22
    """
    return _softplus(x)


@_elementwise
def softplus_grad(x):
    """Derivative of :func:`softplus`: the sigmoid.

    >>> softplus_grad([0.0])
    array([0.5])
    """
    return _sigmoid(x)


def _normal_tail(u):
    """Phi(-u) for u >= 0, the normal distribution's upper tail, with full relative accuracy.

    float64: scipy.special.ndtr, imported on first use (scipy.special takes about 0.3 s to
    import, paid by every notebook that imports actlib, and only exact GELU needs it).
    float32: the erfc below (scipy's float32 ndtr loop is as slow as its float64 one).
    """
    if u.dtype == np.float32:
        return _erfc_tail_float32(u)
    from scipy.special import ndtr

    return ndtr(-u)


def _ndtr(x):
    """The normal CDF Phi(x) from its tail q = Phi(-|x|): q for x <= 0, 1 - q for x > 0."""
    q = _normal_tail(np.abs(x))
    s = np.ceil(np.clip(x, 0, 1))  # 1 for x > 0, 0 for x <= 0 (and NaN for NaN)
    return q + s * (1 - 2 * q)


# Numerical Recipes' erfc (Press, Teukolsky, Vetterling and Flannery 2007, sec. 6.2.2): for
# z >= 0, erfc(z) = t exp(-z^2 + P(t)) with t = 1 / (1 + z/2), relative error below 1.2e-7.
_ERFC_P = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
           -1.13520398, 1.48851587, -0.82215223, 0.17087277)


def _erfc_tail_float32(u):
    """Phi(-u) = erfc(u / sqrt 2) / 2 for float32 u >= 0, by the erfc above, in place: a speed
    helper.

    Each step writes into one of three buffers (``out=``, ``*=``) instead of making a new
    array: even a block at a time (see ``_BLOCK``), the thirty-odd fresh temporaries of the
    plain form cost a fifth more (benchmarks/README.md). Measured against float64
    (tests/test_activations.py): relative error below 2e-6 for u <= 5, absolute below 5e-7.
    """
    v = np.minimum(u, 40)  # Phi(-u) is 0 in float32 long before u = 40; keeps u * u finite
    t = v * (0.5 * _SQRT_HALF)
    t += 1
    np.reciprocal(t, out=t)  # t = 1 / (1 + z/2) with z = u / sqrt 2
    p = t * _ERFC_P[-1]
    for c in _ERFC_P[-2:0:-1]:  # Horner: P(t)
        p += c
        p *= t
    p += _ERFC_P[0]
    v *= v
    v *= 0.5
    p -= v  # P(t) - z^2, with z^2 = u^2 / 2 (one rounding fewer than (u / sqrt 2)^2)
    np.exp(p, out=p)
    p *= t
    p *= 0.5
    return p


def _gelu_tanh_gate(u):
    """sigmoid(2v) = (1 + tanh v) / 2 with v = sqrt(2/pi) (u + 0.044715 u^3), for |u| <= 40."""
    # u (1 + c u^2) is u + c u^3 factored: numpy computes u ** 3 with pow(), 9x slower than
    # two multiplications (1.8 against 0.2 ms for 30 000 floats), and gelu_tanh is in every
    # GeGLU step of lesson 11
    return _sigmoid(_GELU_TANH_K * u * (1 + _GELU_TANH_C * u * u))


@_elementwise
def gelu(x, approximate):
    r"""Gaussian error linear unit, :math:`x\,\Phi(x)`.

    Notes
    -----
    .. math:: f(x) = x\,\Phi(x) = \tfrac12 x \left(1 + \mathrm{erf}(x/\sqrt2)\right),
              \qquad f'(x) = \Phi(x) + x\,\varphi(x)

    .. math:: f_{\tanh}(x) = \tfrac12 x \left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715 x^3)
              \right)\right)

    We compute :math:`\frac12(1 + \tanh v)` as :math:`\sigma(2v)`, the same number without
    the cancellation in :math:`1 + \tanh v` for negative x. Not monotonic: its minimum is
    about -0.170, at x = -0.752.

    Examples
    --------
    >>> gelu([-np.inf, -1.0, 0.0, 1.0]).round(6)
    array([ 0.      , -0.158655,  0.      ,  0.841345])
    >>> gelu([-1.0, 1.0], approximate="tanh").round(6)
    array([-0.158808,  0.841192])
    """
    if approximate == "none":
        # x Phi(x) = max(x, 0) - |x| Phi(-|x|), as Phi(x) = 1 - Phi(-x): one tail function
        # for both signs, and no -inf * 0 at x = -inf (|x| stops at 40, where Phi(-|x|) = 0)
        u = np.minimum(np.abs(x), 40)
        return np.maximum(x, 0) - u * _normal_tail(u)
    # the gate is exactly 0 or 1 past |x| = 40; clipping keeps x^3 finite
    return _no_neg_inf(x) * _gelu_tanh_gate(np.clip(x, -40, 40))


@_elementwise
def gelu_grad(x, approximate):
    r"""Derivative of :func:`gelu`: :math:`\Phi(x) + x\varphi(x)`; for the tanh form
    :math:`s + x s (1 - s)\, 2\sqrt{2/\pi}(1 + 3 \cdot 0.044715 x^2)` with :math:`s = \sigma(2v)`.

    >>> gelu_grad([-np.inf, 0.0, np.inf])
    array([0. , 0.5, 1. ])
    """
    u = np.clip(x, -40, 40)  # f' is exactly 0 or 1 beyond; keeps u * u and u^3 finite
    if approximate == "none":
        return _ndtr(u) + u * np.exp(-0.5 * u * u) * _INV_SQRT_2PI
    s = _gelu_tanh_gate(u)
    return s + u * s * (1 - s) * _GELU_TANH_K * (1 + 3 * _GELU_TANH_C * u * u)


@_elementwise
def swish(x, beta):
    r"""Swish, :math:`x\,\sigma(\beta x)`; with beta = 1 it is the SiLU.

    Notes
    -----
    .. math:: f(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}, \qquad
              f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))

    Not monotonic for beta > 0: its minimum is about -0.278 / beta, at x = -1.278 / beta.

    Examples
    --------
    >>> swish([-np.inf, -1.0, 0.0, 1.0]).round(6)
    array([-0.      , -0.268941,  0.      ,  0.731059])
    >>> swish([-2.0, 2.0], beta=0.0)
    array([-1.,  1.])
    """
    if beta == 0:  # x / 2 (the form below would turn -inf into the lowest float)
        return x / 2
    c = _no_neg_inf(x)  # -inf / (1 + inf) would be NaN; the lowest float gives -0
    with np.errstate(over="ignore"):  # e^-beta x = inf for beta x < -709 (float64): x / inf = 0
        return c / (1 + np.exp(-beta * c))


@_elementwise(steps=True)  # beta = 0: the constant 1/2, which NaN would not reach
def swish_grad(x, beta):
    """Derivative of :func:`swish`: ``s + beta*x*s*(1 - s)`` with ``s = sigmoid(beta*x)``.

    >>> swish_grad([-np.inf, 0.0, np.inf])
    array([0. , 0.5, 1. ])
    """
    if beta == 0:
        return np.full_like(x, 0.5)
    with np.errstate(over="ignore"):
        z = np.clip(beta * x, -750, 750)  # s is exactly 0 or 1 beyond; keeps inf * 0 away
    s = _sigmoid(z)
    return s + z * s * (1 - s)


def silu(x):
    r"""Sigmoid-weighted linear unit, :math:`x\,\sigma(x)`: :func:`swish` with beta = 1.

    Notes
    -----
    .. math:: f(x) = x\,\sigma(x), \qquad f'(x) = \sigma(x)\,(1 + x (1 - \sigma(x)))

    Examples
    --------
    >>> silu([0.0, 1.0]).round(6)
    array([0.      , 0.731059])
    """
    return swish(x, 1.0)


def silu_grad(x):
    """Derivative of :func:`silu`: ``swish_grad(x, beta=1)``.

    >>> silu_grad([0.0])
    array([0.5])
    """
    return swish_grad(x, 1.0)


@_elementwise
def mish(x):
    r"""Mish, :math:`x \tanh(\mathrm{softplus}(x))`.

    Notes
    -----
    .. math:: f(x) = x \tanh(\mathrm{softplus}(x)), \qquad
              f'(x) = \tanh(\mathrm{softplus}(x)) + x\,\mathrm{sech}^2(\mathrm{softplus}(x))\,
              \sigma(x)

    Not monotonic: its minimum is about -0.309, at x = -1.192.

    Examples
    --------
    >>> mish([-np.inf, -1.0, 0.0, 1.0]).round(6)
    array([-0.      , -0.303401,  0.      ,  0.865098])
    """
    c = _no_neg_inf(x)
    return c * np.tanh(_softplus(c))


@_elementwise
def mish_grad(x):
    r"""Derivative of :func:`mish`: :math:`t + x (1 - t^2) \sigma(x)`, :math:`t = \tanh(\mathrm{softplus}(x))`.

    >>> mish_grad([-np.inf, 0.0, np.inf]).round(6)
    array([0. , 0.6, 1. ])
    """
    u = np.clip(x, np.finfo(x.dtype).min, 30)  # f' is 1 to the last bit past 30: no inf * 0
    t = np.tanh(_softplus(u))
    return t + u * (1 - t * t) * _sigmoid(u)


# --------------------------------------------------------------------------------------------
# lesson 11: cheap and capped activations


@_elementwise
def relu6(x):
    r"""ReLU capped at 6, :math:`\min(\max(x, 0), 6)`.

    Notes
    -----
    .. math:: f(x) = \min(\max(x, 0), 6), \qquad f'(x) = [0 < x < 6]

    The cap keeps activations in a fixed range, which a low-precision fixed-point format can
    cover with one scale. The derivative is 0 at both kinks, as PyTorch's ``hardtanh_backward``.

    Examples
    --------
    >>> relu6([-1.0, 3.0, 8.0, np.inf])
    array([0., 3., 6., 6.])
    """
    return np.clip(x, 0, 6)


@_elementwise(steps=True)
def relu6_grad(x):
    """Derivative of :func:`relu6`: 1 for 0 < x < 6, else 0 (0 at both kinks, as PyTorch).

    >>> relu6_grad([-1.0, 0.0, 3.0, 6.0, 7.0])
    array([0., 0., 1., 0., 0.])
    """
    return ((x > 0) & (x < 6)).astype(x.dtype)


def _hard_sigmoid(x):
    """relu6(x + 3) / 6 (x + 3 cannot overflow: past 2**53 it rounds back to x)."""
    return np.clip(x + 3, 0, 6) / 6


@_elementwise
def hard_sigmoid(x):
    r"""Hard sigmoid as PyTorch defines it, :math:`\mathrm{relu6}(x + 3) / 6`.

    Notes
    -----
    .. math:: f(x) = \frac{\min(\max(x + 3, 0), 6)}{6}, \qquad f'(x) = \tfrac16\,[-3 < x < 3]

    A straight line of slope 1/6 through (0, 1/2), clamped to [0, 1]: 0 for x <= -3, 1 for
    x >= 3. (Other libraries use other slopes: Keras 3 and Courbariaux et al. 2015 differ.)
    Its largest distance from the sigmoid is about 0.07, near x = +-1.3 (lesson 11).

    Examples
    --------
    >>> hard_sigmoid([-4.0, 0.0, 1.5, 3.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """
    return _hard_sigmoid(x)


@_elementwise(steps=True)
def hard_sigmoid_grad(x):
    """Derivative of :func:`hard_sigmoid`: 1/6 for -3 < x < 3, else 0 (0 at the kinks, as
    PyTorch's ``hardsigmoid_backward``).

    >>> hard_sigmoid_grad([-3.0, 0.0, 3.0]) * 6
    array([0., 1., 0.])
    """
    return (np.abs(x) < 3).astype(x.dtype) / 6


@_elementwise
def hard_swish(x):
    r"""Hard swish, :math:`x \cdot \mathrm{hard\_sigmoid}(x) = x\,\mathrm{relu6}(x + 3) / 6`.

    Notes
    -----
    .. math:: f(x) = \begin{cases} 0 & x \le -3 \\ x (x + 3) / 6 & -3 < x < 3 \\
              x & x \ge 3 \end{cases}, \qquad
              f'(x) = \begin{cases} 0 & x < -3 \\ x/3 + 1/2 & -3 \le x \le 3 \\
              1 & x > 3 \end{cases}

    Not monotonic: its minimum is -0.375, at x = -1.5. We multiply x by hard_sigmoid(x), a
    number in [0, 1], rather than x by relu6(x + 3) and then divide by 6 (PyTorch's order),
    which would overflow for x above a sixth of the dtype's largest number.

    Examples
    --------
    >>> hard_swish([-np.inf, -1.5, 0.0, 1.0, 4.0]).round(6)
    array([-0.      , -0.375   ,  0.      ,  0.666667,  4.      ])
    """
    return _no_neg_inf(x) * _hard_sigmoid(x)


@_elementwise
def hard_swish_grad(x):
    """Derivative of :func:`hard_swish`: 0 below -3, x/3 + 1/2 on [-3, 3] (closed, as PyTorch's
    ``hardswish_backward``), 1 above 3.

    >>> hard_swish_grad([-4.0, -3.0, 0.0, 3.0, 4.0])
    array([ 0. , -0.5,  0.5,  1.5,  1. ])
    """
    inside = (np.abs(x) <= 3).astype(x.dtype)  # 0/1 numbers, not g[x < -3] = 0: boolean
    return (np.clip(x, -3, 3) / 3 + 0.5) * inside + (x > 3)  # indexing is 10x slower here


@_elementwise
def relu_squared(x):
    r"""Squared ReLU, :math:`\max(x, 0)^2`.

    Notes
    -----
    .. math:: f(x) = \max(x, 0)^2, \qquad f'(x) = 2\max(x, 0)

    f' is continuous (no jump at 0, unlike ReLU's), but f'' jumps from 0 to 2 there. Exactly 0
    for x <= 0, like ReLU, so it is as sparse. Past the square root of the dtype's largest
    number the square is inf, the right limit (no warning).

    Examples
    --------
    >>> relu_squared([-2.0, 0.0, 3.0])
    array([0., 0., 9.])
    >>> float(relu_squared(1e200))  # past sqrt(max): the limit
    inf
    """
    with np.errstate(over="ignore"):  # inf past sqrt(max): the limit, not an error
        return np.maximum(x, 0) ** 2


@_elementwise
def relu_squared_grad(x):
    """Derivative of :func:`relu_squared`, ``2 max(x, 0)`` (0 at the kink).

    >>> relu_squared_grad([-2.0, 0.0, 3.0])
    array([0., 0., 6.])
    """
    with np.errstate(over="ignore"):  # inf past half the largest number: the limit
        return 2 * np.maximum(x, 0)


# --------------------------------------------------------------------------------------------
# the rows: everything the curriculum knows about each activation, in one place


@dataclass(frozen=True)
class Param:
    """A parameter of an activation: default, allowed values, and the explorer's control.

    ``doc`` is its line in the docstrings' Parameters section; ``low`` is an inclusive lower
    bound of a real parameter; ``choices`` lists the values of a string one. ``slider`` is the widget's (min, max, step); ``examples`` are further values
    the parametrised tests run besides the default.
    """

    default: object
    doc: str
    low: float | None = None
    choices: tuple = ()
    slider: tuple = (0.0, 1.0, 0.01)
    examples: tuple = ()

    def check(self, value, name):
        if self.choices:
            return choice_param(value, name, self.choices)
        return real_param(value, name, low=self.low)


@dataclass(frozen=True)
class Row:
    """One activation: its kernels, parameters, facts, paper, colour and marker.

    ``facts`` maps to the keyword arguments of :class:`Activation` (``output_range`` and
    ``limits`` at least); for an activation with parameters it is a function of them.
    ``limits`` is ``(f(-inf), f(inf), f'(-inf), f'(inf))``, worked out by hand (the tests
    check it); ``saturates`` follows from it.
    """

    name: str
    f: Callable
    df: Callable
    year: int | None
    paper: str
    color: str
    marker: str
    facts: object
    params: Mapping = field(default_factory=dict)

    def bind(self, args, kwargs):
        """The parameters of one call, defaults filled in and values checked."""
        names = list(self.params)
        if len(args) > len(names):
            raise TypeError(f"{self.name} takes {len(names)} parameter(s) after x "
                            f"({', '.join(names) or 'none'}); got {len(args)}")
        given = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in self.params:
                raise TypeError(f"{self.name} has no parameter {k!r}; it takes "
                                f"{names or 'none'}")
            if k in given:
                raise TypeError(f"{self.name} got two values for parameter {k!r}")
            given[k] = v
        return {k: p.check(given.get(k, p.default), k) for k, p in self.params.items()}


_inf = np.inf
_SILU_MIN = -0.27846454276107374  # silu's minimum, -W(1/e), at x = -1.2784645427610738
# minima found numerically (scipy.optimize.minimize_scalar; checked in the tests)
_GELU_MIN = {"none": -0.16997120747990369, "tanh": -0.17004075057125406}
_MISH_MIN = -0.30884341301725043


def _leaky_relu_facts(alpha):
    # alpha <= 0 folds negative inputs onto [0, inf)
    low = -_inf if alpha > 0 else 0.0
    return dict(output_range=(low, _inf), monotonic=alpha >= 0, smooth=False,
                limits=(-_inf * np.sign(alpha) if alpha else 0.0, _inf, alpha, 1.0))


def _swish_facts(beta):
    if beta == 0:  # x / 2
        return dict(output_range=(-_inf, _inf), zero_centred=True, limits=(-_inf, _inf, 0.5, 0.5))
    return dict(output_range=(_SILU_MIN / beta, _inf), monotonic=False, limits=(0, _inf, 0, 1))


_ROW_LIST = [
    Row("identity", identity, identity_grad, None, "(a linear layer; Minsky and Papert 1969, "
        '"Perceptrons", MIT Press)', "#000000", "",
        dict(zero_centred=True, limits=(-_inf, _inf, 1, 1))),
    Row("sigmoid", sigmoid, sigmoid_grad, 1986, "Rumelhart, Hinton and Williams (1986), "
        '"Learning representations by back-propagating errors", Nature 323', "#0072B2", "o",
        dict(output_range=(0.0, 1.0), limits=(0, 1, 0, 0))),
    Row("tanh", tanh, tanh_grad, 1998, 'LeCun, Bottou, Orr and Mueller (1998), "Efficient '
        'BackProp"', "#D55E00", "s",
        dict(output_range=(-1.0, 1.0), zero_centred=True, limits=(-1, 1, 0, 0))),
    Row("relu", relu, relu_grad, 2010, 'Nair and Hinton (2010), "Rectified linear units '
        'improve restricted Boltzmann machines", ICML; Glorot, Bordes and Bengio (2011)',
        "#009E73", "^", dict(output_range=(0.0, _inf), smooth=False, limits=(0, _inf, 0, 1))),
    Row("leaky_relu", leaky_relu, leaky_relu_grad, 2013, 'Maas, Hannun and Ng (2013), '
        '"Rectifier nonlinearities improve neural network acoustic models", ICML workshop',
        "#E69F00", "v", _leaky_relu_facts,
        {"alpha": Param(0.01, "Slope for x <= 0 (any real number; 0 gives ReLU, 1 the identity).",
                        slider=(0.0, 1.0, 0.01), examples=(0.2, 1.5, -0.5, 0.0))}),
    Row("elu", elu, elu_grad, 2016, "Clevert, Unterthiner and Hochreiter (2016), \"Fast and "
        'accurate deep network learning by exponential linear units (ELUs)", ICLR 2016 '
        '(arXiv:1511.07289, 2015)',
        "#CC79A7", "D",
        lambda alpha: dict(output_range=(-alpha, _inf), smooth=False,
                           limits=(-alpha, _inf, 0, 1)),
        {"alpha": Param(1.0, "The value ELU approaches as x goes to -inf is -alpha; must be >= 0.",
                       low=0.0, slider=(0.0, 3.0, 0.05), examples=(0.5,))}),
    Row("selu", selu, selu_grad, 2017, 'Klambauer, Unterthiner, Mayr and Hochreiter (2017), '
        '"Self-normalizing neural networks", NeurIPS', "#332288", "P",
        dict(output_range=(-SELU_SCALE * SELU_ALPHA, _inf), zero_centred=True, smooth=False,
             limits=(-SELU_SCALE * SELU_ALPHA, _inf, 0, SELU_SCALE))),
    Row("softplus", softplus, softplus_grad, 2001, "Dugas, Bengio, Belisle, Nadeau and Garcia "
        '(2001), "Incorporating second-order functional knowledge for better option pricing", '
        "NeurIPS", "#56B4E9", "X", dict(output_range=(0.0, _inf), limits=(0, _inf, 0, 1))),
    Row("gelu", gelu, gelu_grad, 2016, 'Hendrycks and Gimpel (2016), "Gaussian error linear '
        'units (GELUs)", arXiv:1606.08415', "#999933", "*",
        lambda approximate: dict(output_range=(_GELU_MIN[approximate], _inf), monotonic=False,
                                 limits=(0, _inf, 0, 1)),
        {"approximate": Param("none", '"none": the exact normal CDF; "tanh": the approximation of '
                               "Hendrycks and Gimpel used by BERT and GPT-2.",
                               choices=("none", "tanh"), examples=("tanh",))}),
    Row("swish", swish, swish_grad, 2017, 'Ramachandran, Zoph and Le (2017), "Searching for '
        'activation functions", arXiv:1710.05941', "#44AA99", "h", _swish_facts,
        {"beta": Param(1.0, "Must be >= 0; beta = 0 gives x / 2, and as beta grows Swish "
                      "approaches ReLU.", low=0.0, slider=(0.0, 5.0, 0.05),
                      examples=(0.5, 2.0, 0.0))}),
    Row("silu", silu, silu_grad, 2018, 'Elfwing, Uchibe and Doya (2018), "Sigmoid-weighted '
        'linear units for neural network function approximation in reinforcement learning", '
        "Neural Networks 107", "#44AA99", "h", _swish_facts(1.0)),  # swish's colour: same f
    Row("mish", mish, mish_grad, 2019, 'Misra (2019), "Mish: a self regularized non-monotonic '
        'activation function", arXiv:1908.08681', "#CC6677", "p",
        dict(output_range=(_MISH_MIN, _inf), monotonic=False, limits=(0, _inf, 0, 1))),
    Row("relu6", relu6, relu6_grad, 2010, 'Krizhevsky (2010), "Convolutional deep belief '
        'networks on CIFAR-10", technical report; Howard et al. (2017), "MobileNets: efficient '
        'convolutional neural networks for mobile vision applications", arXiv:1704.04861',
        "#CC3311", "8",  # Tol vibrant red (muted is used up)
        dict(output_range=(0.0, 6.0), smooth=False, limits=(0, 6, 0, 0), kinks=(0.0, 6.0))),
    Row("hard_sigmoid", hard_sigmoid, hard_sigmoid_grad, 2019, 'Howard et al. (2019), '
        '"Searching for MobileNetV3", ICCV', "#EE7733", "H",  # vibrant orange, by sigmoid's blue
        dict(output_range=(0.0, 1.0), smooth=False, limits=(0, 1, 0, 0), kinks=(-3.0, 3.0))),
    Row("hard_swish", hard_swish, hard_swish_grad, 2019, 'Howard et al. (2019), "Searching '
        'for MobileNetV3", ICCV', "#EE3377", "x",  # vibrant magenta, by swish's teal
        dict(output_range=(-0.375, _inf), monotonic=False, smooth=False,  # min at x = -3/2
             limits=(0, _inf, 0, 1), kinks=(-3.0, 3.0))),
    Row("relu_squared", relu_squared, relu_squared_grad, 2021, "So, Mańke, Liu, Dai, "
        'Shazeer and Le (2021), "Primer: searching for efficient transformers for language '
        'modeling", NeurIPS', "#33BBEE", "+",  # vibrant cyan, by relu's green
        dict(output_range=(0.0, _inf), smooth=False, limits=(0, _inf, 0, _inf))),
]
#: Each activation's row, by name.
ROWS = MappingProxyType({row.name: row for row in _ROW_LIST})


def _insert(doc, before, section):
    """``doc`` with ``section`` (numpydoc, indented 4) placed before the heading ``before``."""
    if f"\n    {before}\n" not in doc:
        return doc.rstrip() + "\n\n    " + section
    return doc.replace(f"\n    {before}\n", f"\n    {section}{before}\n", 1)


def _complete_docstrings(row):
    """Write the row into its kernels' docstrings (Parameters, Returns, References) and
    signatures (the parameters' defaults)."""
    lines = ["x : array_like", "    Real input."]
    for k, p in row.params.items():
        kind = "{" + ", ".join(f'"{c}"' for c in p.choices) + "}" if p.choices else "float"
        lines += [f"{k} : {kind}, default {p.default!r}", f"    {p.doc}"]
    lo, hi = get(row.name).output_range
    at = " at the default parameters" if row.params else ""
    lines += ["", "Returns", "-------", "ndarray or scalar",
              f"    Values in [{lo:.4g}, {hi:.4g}]{at}, same shape and float dtype as ``x``."]
    sections = "".join(f"{line}\n    " if line else "\n    " for line in
                       ["Parameters", "----------", *lines, ""])
    row.f.__doc__ = _insert(row.f.__doc__, "Notes", sections)
    refs = f"References\n    ----------\n    {row.paper}\n\n    "
    signature = inspect.Signature(
        [inspect.Parameter("x", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [inspect.Parameter(k, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=p.default)
           for k, p in row.params.items()])
    for fn in (row.f, row.df):
        fn.__doc__ = _insert(fn.__doc__, "Examples", refs)
        fn.__signature__ = signature  # help() shows the defaults of the row


# --------------------------------------------------------------------------------------------
# the registry


@dataclass(frozen=True)
class Activation:
    """An activation with its parameters bound, its derivative, and the facts a learner compares.

    Calling it applies ``f``. ``f`` and ``df`` already carry ``params``.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"leaky_relu"``.
    f, df : callable
        The function and its derivative with respect to the input.
    params : Mapping
        The parameters bound into ``f`` and ``df`` (read-only).
    output_range : tuple of float
        Infimum and supremum of the outputs (for GELU, Swish and Mish, the numerical minimum).
    limits : tuple of float
        ``(f(-inf), f(inf), f'(-inf), f'(inf))``.
    kinks : tuple of float
        Where a non-smooth activation has its kinks (0 for the ReLU family).
    zero_centred : bool
        Whether E[f(z)] is about 0 (|E| < 0.05) for z ~ N(0, 1).
    monotonic, smooth : bool
        Non-decreasing everywhere; infinitely differentiable everywhere.
    saturates : str
        Where the derivative goes to 0: "both sides", "negative side" or "never".
    year : int or None
        Year of the paper below.
    paper : str
        The paper that introduced or popularised it for neural networks.

    Examples
    --------
    >>> act = ACTIVATIONS["tanh"]
    >>> act, act.output_range, act.zero_centred, act.saturates, act.year
    (Activation(tanh), (-1.0, 1.0), True, 'both sides', 1998)
    >>> float(act(0.5)) == float(tanh(0.5)), float(act.df(0.0))
    (True, 1.0)
    """

    name: str
    f: Callable
    df: Callable
    params: Mapping = field(default_factory=dict)
    output_range: tuple = (-np.inf, np.inf)
    limits: tuple = (-np.inf, np.inf, 1.0, 1.0)
    kinks: tuple = (0.0,)
    zero_centred: bool = False
    monotonic: bool = True
    smooth: bool = True
    saturates: str = "never"
    year: int | None = None
    paper: str = ""

    def __call__(self, x):
        return self.f(x)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.name}{', ' + args if args else ''})"


def _saturates(limits):
    left, right = limits[2] == 0, limits[3] == 0
    return "both sides" if left and right else "negative side" if left else "never"


def get(name, **params):
    r"""Return the registered activation ``name`` with ``params`` bound.

    Parameters
    ----------
    name : str or Activation
        A registry name (see ``ACTIVATIONS``); an ``Activation`` is returned as it is.
    **params
        Parameters of the function, e.g. ``alpha`` for ``leaky_relu``.

    Returns
    -------
    Activation

    Raises
    ------
    KeyError
        For an unknown name; the message lists the known ones.
    TypeError, ValueError
        For parameters the function does not take (or of the wrong type), or cannot use.

    Notes
    -----
    The returned object's ``f`` and ``df`` are the module's ``NAME`` and ``NAME_grad`` with
    ``params`` bound, so :math:`\mathrm{act.df}(x) = f'(x)` for the function named.

    Examples
    --------
    >>> act = get("leaky_relu", alpha=0.2)
    >>> act([-1.0, 1.0]), act.df([-1.0, 1.0])
    (array([-0.2,  1. ]), array([0.2, 1. ]))
    >>> act.zero_centred
    False
    """
    if isinstance(name, Activation):
        if params:
            raise TypeError("pass parameters with a name, not with an Activation")
        return name
    if name not in ROWS:
        raise KeyError(f"unknown activation {name!r}; known: {', '.join(ROWS)}")
    row = ROWS[name]
    values = row.bind((), params)  # TypeError / ValueError for what it cannot use
    facts = row.facts(**values) if callable(row.facts) else dict(row.facts)
    facts.setdefault("saturates", _saturates(facts["limits"]))
    return Activation(name, partial(row.f, **params), partial(row.df, **params),
                      MappingProxyType(dict(params)), year=row.year, paper=row.paper, **facts)


#: Each registered name mapped to its default instance.
ACTIVATIONS = MappingProxyType({name: get(name) for name in ROWS})
for _row in _ROW_LIST:
    _complete_docstrings(_row)


def variants():
    """Every registered activation at its defaults, then at each of its rows' example values.

    The parametrised tests run over this list, so a new row is tested the moment it exists.

    Examples
    --------
    >>> [a for a in variants() if a.name == "elu"]
    [Activation(elu), Activation(elu, alpha=0.5)]
    """
    out = list(ACTIVATIONS.values())
    for row in _ROW_LIST:
        out += [get(row.name, **{k: v}) for k, p in row.params.items() for v in p.examples]
    return sorted(out, key=lambda a: list(ROWS).index(a.name))
