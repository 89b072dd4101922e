r"""Elementwise activation functions, their derivatives, and the registry.

Every ``NAME(x, **params)`` has a ``NAME_grad(x, **params)``: the derivative with respect to the
input, evaluated at the input (never at the output). At kinks we follow PyTorch: relu'(0) = 0.

Inputs are anything ``np.asarray`` takes that holds real numbers. float16/32/64 keep their
dtype; integers and bools become float64. The input is never modified. No formula here
overflows or warns for any finite or infinite input, and NaN in gives NaN out.

How the code is written: each function body receives a float32/float64 array ``x`` (see
``_elementwise``) that may be the caller's own, so it only reads ``x``. The first operation
allocates a new array and the following ones work on it in place (``out=``, ``+=``): on large
arrays every pass over memory costs time, so we make as few as we can. ``np.where``, masks
and ``np.maximum(x, 0)`` are avoided on purpose: on random signs they are several times slower
than arithmetic (``np.clip`` does the same job quickly). benchmarks/bench_activations.py
measures all of this against SciPy and PyTorch.
"""
import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType

import numpy as np

from ._arrays import as_real_array, finish, real_param

# Klambauer et al. (2017), eq. (14): the fixed point (mean 0, variance 1), to full precision.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_INV_SQRT_2PI = float(1.0 / np.sqrt(2.0 * np.pi))
_GELU_TANH_C = 0.044715
# Clipping a gate's argument where the gate is exactly 0 or 1 changes no result and keeps
# inf * 0, x**2 and x**3 away: Phi(x) and exp(-x**2/2) are 0 past |x| = 40 in float64 (40**3
# still fits float32), exp(-x) is 0 past x = 750 in every float type, and tanh(softplus(x))
# is 1 to the last bit past x = 30 (while e^60 still fits float32).
_CLIP = 40.0
_CLIP_EXP = 750.0
_CLIP_MISH = 30.0


def _elementwise(kernel):
    """Wrap a formula: check the input, compute in float32/64, return in the input's dtype.

    float16 is computed in float32 (e^x alone overflows float16 at x = 11.1) and rounded at the
    end. 0-d input is computed as shape (1,) so that ``out=`` always gets an array, and comes
    back as a numpy scalar.
    """
    @functools.wraps(kernel)
    def apply(x, *args, **kwargs):
        x = as_real_array(x)
        work = x.astype(np.float32) if x.dtype == np.float16 else x
        y = kernel(np.atleast_1d(work), *args, **kwargs)
        return finish(y.reshape(x.shape), x)
    return apply


def _no_neg_inf(x):
    """A new copy of x with -inf replaced by the lowest finite number, so -inf * 0 is -0, not NaN.

    x * gate(x) for a gate that vanishes at -inf (GELU, Swish, Mish) has the limit 0 there.
    """
    return np.clip(x, np.finfo(x.dtype).min, np.inf)


def _step(x, out=None):
    """1 where x > 0, 0 where x <= 0, NaN where x is NaN (np.heaviside is ~20x slower)."""
    s = np.clip(x, 0, 1, out=out)
    return np.ceil(s, out=s)


# Numerical Recipes' erfc (Press, Teukolsky, Vetterling and Flannery 2007, sec. 6.2.2): for
# z >= 0, erfc(z) = t exp(-z^2 + P(t)) with t = 1 / (1 + z/2), relative error below 1.2e-7.
_ERFC_P = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
           -1.13520398, 1.48851587, -0.82215223, 0.17087277)


def _ndtr(x):
    """The normal CDF Phi(x), accurate in both tails, in a new array of x's dtype.

    float32: :func:`_ndtr_float32`. Otherwise scipy.special.ndtr, imported on first use:
    scipy.special takes about 0.3 s to import, paid by every notebook that imports actlib,
    and only exact GELU needs it.
    """
    if x.dtype == np.float32:
        return _ndtr_float32(x)
    from scipy.special import ndtr

    return ndtr(x)


def _ndtr_float32(x):
    """The normal CDF Phi(x) of a float32 array, in a new array.

    scipy's ndtr has no float32 kernel: it converts and loops one float64 at a time, about 20x
    slower than PyTorch's vectorised erf. This is about twenty vectorised passes and one exp
    instead, about 3x faster. Measured against float64 (tests/test_activations.py): relative
    error below 2e-6 (about 10 float32 ulps) for |x| <= 5 and below 1e-5 in the far left
    tail (values near 1e-36), absolute error below 5e-7.
    """
    u = np.abs(x)
    np.clip(u, 0, _CLIP, out=u)  # Phi is 0 or 1 past 40 already; keeps u*u finite
    t = u * float(0.5 / np.sqrt(2.0))  # a Python float: the work stays float32
    t += 1
    np.reciprocal(t, out=t)
    p = t * _ERFC_P[-1]
    for c in _ERFC_P[-2:0:-1]:  # Horner
        p += c
        p *= t
    p += _ERFC_P[0]
    u *= u
    u *= 0.5  # z^2 with z = |x| / sqrt(2)
    p -= u
    np.exp(p, out=p)
    p *= t
    p *= 0.5  # q = Phi(-|x|) = erfc(|x| / sqrt 2) / 2, accurate in the tail
    # Phi(x) = q for x <= 0 and 1 - q for x > 0, i.e. q + s (1 - 2q) with s = step(x); in the
    # buffers we already have (a fresh array costs more here than a pass over one)
    _step(x, out=u)
    np.multiply(p, -2, out=t)
    t += 1
    t *= u
    return np.add(t, p, out=t)


def _sigmoid(z):
    """1 / (1 + e^-z) in a new array."""
    t = np.negative(z)
    with np.errstate(over="ignore"):  # e^-z = inf for z < -709 (float64): 1/(1+inf) = 0, right
        np.exp(t, out=t)
    t += 1
    return np.divide(1, t, out=t)


# --------------------------------------------------------------------------------------------
# identity


@_elementwise
def identity(x):
    r"""Identity (linear) activation, :math:`f(x) = x`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        A copy of ``x`` as floats.

    Notes
    -----
    .. math:: f(x) = x, \qquad f'(x) = 1

    Stacking layers with this activation collapses them into one linear map.

    References
    ----------
    Minsky and Papert (1969), "Perceptrons", MIT Press: why a purely linear network cannot
    solve XOR.

    Examples
    --------
    >>> identity([-2, 0, 3])
    array([-2.,  0.,  3.])
    """
    return x.copy()


@_elementwise
def identity_grad(x):
    r"""Derivative of :func:`identity`: 1 everywhere (NaN where ``x`` is NaN).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Ones (NaN where ``x`` is NaN), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = x, \qquad f'(x) = 1

    References
    ----------
    Minsky and Papert (1969), "Perceptrons", MIT Press.

    Examples
    --------
    >>> identity_grad([-2.0, 0.0, np.inf])
    array([1., 1., 1.])
    """
    return np.clip(x, 1, 1)  # 1 everywhere, and np.clip keeps NaN


# --------------------------------------------------------------------------------------------
# sigmoid and tanh


@_elementwise
def sigmoid(x):
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, 1], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,(1 - \sigma(x))

    This formula is accurate in both tails: for x -> -inf it divides 1 by a large number (no
    cancellation), for x -> +inf it is 1 / (1 + tiny). Its only flaw is that e^{-x} overflows
    to inf below x = -709 (float64); 1 / (1 + inf) = 0 is then still the right answer, so we
    silence just that overflow warning. Beware the wrong formula 1 / (1 - e^{-x}) that
    circulates in tutorials.

    References
    ----------
    Rumelhart, Hinton and Williams (1986), "Learning representations by back-propagating
    errors", Nature 323.

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
    r"""Derivative of :func:`sigmoid`, :math:`\sigma(x)(1 - \sigma(x))`, at most 0.25 (at 0).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, 0.25], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \sigma'(x) = \sigma(x)\,(1 - \sigma(x)) = \frac{e}{(1 + e)^2}, \quad e = e^{-|x|}

    The second form is accurate in both tails (where ``s * (1 - s)`` would lose everything to
    the cancellation in ``1 - s``) and cannot overflow.

    References
    ----------
    Rumelhart, Hinton and Williams (1986), "Learning representations by back-propagating
    errors", Nature 323.

    Examples
    --------
    >>> sigmoid_grad([0.0, 1e4, -np.inf])
    array([0.25, 0.  , 0.  ])
    """
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e^-|x| in [0, 1]: cannot overflow
    d = e + 1
    d *= d
    return np.divide(e, d, out=e)


@_elementwise
def tanh(x):
    r"""Hyperbolic tangent, :math:`\tanh(x) = 2\sigma(2x) - 1`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [-1, 1], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}, \qquad \tanh'(x) = 1 - \tanh^2(x)

    Zero-centred, range (-1, 1), derivative at most 1 (at 0).

    References
    ----------
    LeCun, Bottou, Orr and Mueller (1998), "Efficient BackProp".

    Examples
    --------
    >>> tanh([-np.inf, 0.0, 1.0])
    array([-1.        ,  0.        ,  0.76159416])
    """
    return np.tanh(x)


@_elementwise
def tanh_grad(x):
    r"""Derivative of :func:`tanh`, :math:`1 - \tanh^2(x)`, at most 1 (at 0).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, 1], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \tanh'(x) = 1 - \tanh^2(x) = \frac{4e}{(1 + e)^2}, \quad e = e^{-2|x|}

    The second form keeps full relative accuracy for large |x|, where 1 - tanh^2 is 0.

    References
    ----------
    LeCun, Bottou, Orr and Mueller (1998), "Efficient BackProp".

    Examples
    --------
    >>> tanh_grad([0.0, 1e4])
    array([1., 0.])
    """
    e = np.abs(x)
    with np.errstate(over="ignore"):  # -2|x| is -inf only where e^-2|x| is 0 anyway
        e *= -2
    np.exp(e, out=e)
    d = e + 1
    d *= d
    e *= 4
    return np.divide(e, d, out=e)


# --------------------------------------------------------------------------------------------
# the ReLU family


@_elementwise
def relu(x):
    r"""Rectified linear unit, :math:`\max(0, x)`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \max(0, x), \qquad f'(x) = [x > 0]

    The derivative at the kink is taken as 0, as PyTorch does.

    References
    ----------
    Nair and Hinton (2010), "Rectified linear units improve restricted Boltzmann machines",
    ICML; Glorot, Bordes and Bengio (2011), "Deep sparse rectifier neural networks", AISTATS.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return np.clip(x, 0, np.inf)  # keeps NaN; ~3x faster than np.maximum(x, 0) on float32


@_elementwise
def relu_grad(x):
    r"""Derivative of :func:`relu`: 1 for x > 0, 0 for x <= 0 (relu'(0) = 0, as in PyTorch).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        0 or 1 (NaN where ``x`` is NaN), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = [x > 0]

    The derivative does not exist at 0; any value in [0, 1] is a subgradient, and 0 is
    PyTorch's choice.

    References
    ----------
    Nair and Hinton (2010), "Rectified linear units improve restricted Boltzmann machines",
    ICML.

    Examples
    --------
    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    return _step(x)


@_elementwise
def leaky_relu(x, alpha=0.01):
    r"""Leaky ReLU, :math:`x` for x > 0 and :math:`\alpha x` otherwise.

    Parameters
    ----------
    x : array_like
        Real input.
    alpha : float, default 0.01
        Slope for negative inputs (PyTorch's default; tf.nn uses 0.2, Keras 0.3).

    Returns
    -------
    ndarray or scalar
        ``x`` where x > 0, ``alpha * x`` elsewhere, same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}, \qquad
              f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}

    Not zero-centred: for z ~ N(0, 1), E[f(z)] is about 0.40 with alpha = 0.01.

    References
    ----------
    Maas, Hannun and Ng (2013), "Rectifier nonlinearities improve neural network acoustic
    models", ICML workshop.

    Examples
    --------
    >>> leaky_relu([-2.0, 0.0, 3.0], alpha=0.1)
    array([-0.2,  0. ,  3. ])
    """
    alpha = real_param(alpha, "alpha")
    if alpha == 0:  # plain ReLU (and 0 * inf below would be NaN)
        return np.clip(x, 0, np.inf)
    with np.errstate(over="ignore"):  # alpha > 1 can take alpha*x past the dtype's max: inf
        y = x * alpha
    # For alpha <= 1 the larger of x and alpha*x is the right branch; for alpha > 1 the smaller.
    pick = np.maximum if alpha <= 1 else np.minimum
    return pick(x, y, out=y)


@_elementwise
def leaky_relu_grad(x, alpha=0.01):
    r"""Derivative of :func:`leaky_relu`: 1 for x > 0, ``alpha`` for x <= 0.

    Parameters
    ----------
    x : array_like
        Real input.
    alpha : float, default 0.01
        Slope for negative inputs.

    Returns
    -------
    ndarray or scalar
        1 or ``alpha``, same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}

    At the kink we take the left-hand value, as PyTorch does.

    References
    ----------
    Maas, Hannun and Ng (2013), "Rectifier nonlinearities improve neural network acoustic
    models", ICML workshop.

    Examples
    --------
    >>> leaky_relu_grad([-2.0, 0.0, 3.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    alpha = real_param(alpha, "alpha")
    s = _step(x)
    if 0 <= alpha <= 1:  # the usual case: one pass maps the step's 0 to alpha, keeps 1 and NaN
        return np.clip(s, alpha, 1, out=s)
    g = 1 - s
    g *= alpha
    return np.add(g, s, out=g)  # s + alpha (1 - s): exactly 1 or alpha, never 0.99999...


def _elu(x, alpha, scale):
    """scale * (max(x, 0) + alpha * expm1(min(x, 0))), with expm1 through tanh.

    expm1(m) = 2t / (1 - t) with t = tanh(m/2): exact in the same way, and np.tanh is about
    five times faster than np.expm1 on float32 (and no slower on float64). e^m - 1 would be
    faster still but loses all relative precision as m -> 0.
    """
    t = np.clip(x, -np.inf, 0)
    t *= 0.5
    np.tanh(t, out=t)
    d = 1 - t
    t *= 2 * alpha * scale
    t /= d
    if alpha <= 1 and scale == 1:  # alpha (e^x - 1) >= x for x <= 0: the max picks the branch
        return np.maximum(x, t, out=t)
    y = np.clip(x, 0, np.inf)
    if scale != 1:
        with np.errstate(over="ignore"):  # only beyond the dtype's max: the answer is inf
            y *= scale
    return np.add(t, y, out=t)


def _elu_grad(x, alpha, scale):
    """scale * (1 for x > 0, alpha * e^x for x <= 0)."""
    s = _step(x)
    if alpha <= 1:
        # alpha * e^-|x| is alpha * e^x for x <= 0 and at most alpha <= 1 = s for x > 0, so the
        # max picks the right branch. (e^-|x| rather than e^min(x, 0): float64 np.exp is ~1.7x
        # slower on an array that mixes exact zeros with other numbers.)
        e = np.abs(x)
        np.negative(e, out=e)
        np.exp(e, out=e)
        if alpha != 1:
            e *= alpha
        if scale != 1:
            e *= scale
            s *= scale
        return np.maximum(e, s, out=e)
    # alpha > 1 (SELU): e^min(x, 0) * alpha * scale, plus scale - alpha * scale where x > 0,
    # formed in e's dtype so that the sum is scale to the last bit (exact for alpha <= 2:
    # Sterbenz's lemma)
    e = np.clip(x, -np.inf, 0)
    np.exp(e, out=e)
    e *= alpha * scale
    dt = e.dtype.type
    s *= dt(scale) - dt(alpha * scale)
    return np.add(e, s, out=e)


@_elementwise
def elu(x, alpha=1.0):
    r"""Exponential linear unit: :math:`x` for x > 0, :math:`\alpha(e^x - 1)` otherwise.

    Parameters
    ----------
    x : array_like
        Real input.
    alpha : float, default 1.0
        The value ELU approaches as x goes to -inf is -alpha. Must be >= 0.

    Returns
    -------
    ndarray or scalar
        Values in [-alpha, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},
              \qquad f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    :math:`e^x - 1` is taken of ``min(x, 0)`` only, so large positive inputs cannot overflow,
    and it is computed without the cancellation of ``exp(x) - 1`` near 0.

    References
    ----------
    Clevert, Unterthiner and Hochreiter (2016), "Fast and accurate deep network learning by
    exponential linear units (ELUs)", ICLR 2016 (arXiv:1511.07289, 2015).

    Examples
    --------
    >>> elu([-np.inf, -1.0, 0.0, 2.0])
    array([-1.        , -0.63212056,  0.        ,  2.        ])
    """
    return _elu(x, real_param(alpha, "alpha", low=0.0), 1.0)


@_elementwise
def elu_grad(x, alpha=1.0):
    r"""Derivative of :func:`elu`: 1 for x > 0, ``alpha * exp(x)`` for x <= 0.

    Parameters
    ----------
    x : array_like
        Real input.
    alpha : float, default 1.0
        As for :func:`elu`; must be >= 0.

    Returns
    -------
    ndarray or scalar
        Values in [0, max(1, alpha)], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    At 0 we take the left-hand value ``alpha``, as PyTorch does (the two sides agree when
    alpha = 1).

    References
    ----------
    Clevert, Unterthiner and Hochreiter (2016), "Fast and accurate deep network learning by
    exponential linear units (ELUs)", ICLR 2016 (arXiv:1511.07289, 2015).

    Examples
    --------
    >>> elu_grad([-np.inf, 0.0, 2.0])
    array([0., 1., 1.])
    """
    return _elu_grad(x, real_param(alpha, "alpha", low=0.0), 1.0)


@_elementwise
def selu(x):
    r"""Scaled ELU, :math:`\lambda\,\mathrm{elu}(x, \alpha)` with the self-normalising constants.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [-lambda * alpha, inf] (about -1.7581), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},
              \qquad f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    with :math:`\alpha \approx 1.6733` and :math:`\lambda \approx 1.0507` (``SELU_ALPHA``,
    ``SELU_SCALE``), chosen so that mean 0 and variance 1 are a stable fixed point of a layer
    with LeCun-initialised weights.

    References
    ----------
    Klambauer, Unterthiner, Mayr and Hochreiter (2017), "Self-normalizing neural networks",
    NeurIPS.

    Examples
    --------
    >>> selu([-np.inf, 0.0, 1.0])
    array([-1.75809934,  0.        ,  1.05070099])
    """
    return _elu(x, SELU_ALPHA, SELU_SCALE)


@_elementwise
def selu_grad(x):
    r"""Derivative of :func:`selu`: ``SELU_SCALE * elu_grad(x, SELU_ALPHA)``.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        ``SELU_SCALE`` for x > 0, ``SELU_SCALE * SELU_ALPHA * exp(x)`` elsewhere; same shape
        and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    At 0 the left-hand value :math:`\lambda\alpha \approx 1.7581`, as in PyTorch.

    References
    ----------
    Klambauer, Unterthiner, Mayr and Hochreiter (2017), "Self-normalizing neural networks",
    NeurIPS.

    Examples
    --------
    >>> selu_grad([0.0, 1.0])
    array([1.75809934, 1.05070099])
    """
    return _elu_grad(x, SELU_ALPHA, SELU_SCALE)


# --------------------------------------------------------------------------------------------
# smooth activations


@_elementwise
def softplus(x):
    r"""Softplus, :math:`\log(1 + e^x)`, a smooth ReLU.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|}), \qquad f'(x) = \sigma(x)

    The second form never overflows and keeps precision in both tails. For
    :math:`\log(1 + e)` with :math:`e = e^{-|x|} \le 1` we take ``log(u)`` of ``u = 1 + e`` and
    subtract the rounding error ``(u - 1) - e`` that forming ``u`` made: as accurate as
    ``np.log1p(e)`` (which is about five times slower), and right even where ``u`` rounds to 1.

    References
    ----------
    Dugas, Bengio, Belisle, Nadeau and Garcia (2001), "Incorporating second-order functional
    knowledge for better option pricing", NeurIPS.

    Examples
    --------
    >>> np.round(softplus([-1000.0, 0.0, 1000.0]), 6).tolist()  # log(1 + exp(1000)) overflows
    [0.0, 0.693147, 1000.0]
    >>> print(f"{softplus(-50.0):.6e}")  # log(1 + 1.9e-22) would round to log(1) = 0
    1.928750e-22
    """
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e^-|x| in [0, 1]
    u = e + 1
    y = np.log(u)
    u -= 1
    u -= e  # the rounding error of 1 + e (exact, by Sterbenz's lemma)
    y -= u
    return np.add(y, np.clip(x, 0, np.inf), out=y)


def softplus_grad(x):
    r"""Derivative of :func:`softplus`: the sigmoid.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, 1], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \frac{d}{dx} \log(1 + e^{x}) = \frac{e^{x}}{1 + e^{x}} = \sigma(x)

    References
    ----------
    Dugas, Bengio, Belisle, Nadeau and Garcia (2001), "Incorporating second-order functional
    knowledge for better option pricing", NeurIPS.

    Examples
    --------
    >>> softplus_grad([0.0])
    array([0.5])
    """
    return sigmoid(x)


@_elementwise
def gelu(x, approximate="none"):
    r"""Gaussian error linear unit, :math:`x\,\Phi(x)`.

    Parameters
    ----------
    x : array_like
        Real input.
    approximate : {"none", "tanh"}, default "none"
        "none" uses the exact normal CDF (erf); "tanh" the approximation of Hendrycks and
        Gimpel used by BERT and GPT-2.

    Returns
    -------
    ndarray or scalar
        Values in [-0.170, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = x\,\Phi(x) = \tfrac12 x \left(1 + \mathrm{erf}(x/\sqrt2)\right),
              \qquad f'(x) = \Phi(x) + x\,\varphi(x)

    .. math:: f_{\tanh}(x) = \tfrac12 x \left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715 x^3)
              \right)\right)

    We compute :math:`\frac12(1 + \tanh v)` as :math:`\sigma(2v)`, the same number without
    the cancellation in :math:`1 + \tanh v` for negative x. Not monotonic: its minimum is
    about -0.170, at x = -0.752. float64 uses ``scipy.special.ndtr``; float32 (and float16)
    a vectorised erfc approximation (Press et al. 2007) good to about 10 float32 ulps,
    because ndtr has no fast float32 kernel.

    References
    ----------
    Hendrycks and Gimpel (2016), "Gaussian error linear units (GELUs)", arXiv:1606.08415.

    Examples
    --------
    >>> gelu([-np.inf, -1.0, 0.0, 1.0])
    array([-0.        , -0.15865525,  0.        ,  0.84134475])
    >>> gelu([-1.0, 1.0], approximate="tanh")
    array([-0.15880801,  0.84119199])
    """
    if approximate == "none":
        gate = _ndtr(x)
    elif approximate == "tanh":
        gate = _sigmoid(_gelu_tanh_inner(np.clip(x, -_CLIP, _CLIP)))
    else:
        raise ValueError(f'approximate must be "none" or "tanh"; got {approximate!r}')
    return np.multiply(_no_neg_inf(x), gate, out=gate)


def _gelu_tanh_inner(u):
    """2v = 2 sqrt(2/pi) (u + 0.044715 u^3), in a new array."""
    v = u * u
    v *= _GELU_TANH_C
    v += 1
    v *= u
    v *= 2 * _SQRT_2_OVER_PI
    return v


@_elementwise
def gelu_grad(x, approximate="none"):
    r"""Derivative of :func:`gelu`: :math:`\Phi(x) + x\varphi(x)`, or that of the tanh form.

    Parameters
    ----------
    x : array_like
        Real input.
    approximate : {"none", "tanh"}, default "none"
        As for :func:`gelu`.

    Returns
    -------
    ndarray or scalar
        The derivative (negative for x below about -0.75), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \Phi(x) + x\,\varphi(x), \qquad
              \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}

    For the tanh form, with :math:`s = \sigma(2v)` and
    :math:`v = \sqrt{2/\pi}\,(x + 0.044715 x^3)`:

    .. math:: f_{\tanh}'(x) = s + x\, s (1 - s)\, 2\sqrt{2/\pi}\,(1 + 3 \cdot 0.044715 x^2)

    References
    ----------
    Hendrycks and Gimpel (2016), "Gaussian error linear units (GELUs)", arXiv:1606.08415.

    Examples
    --------
    >>> gelu_grad([-np.inf, 0.0, np.inf])
    array([0. , 0.5, 1. ])
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f'approximate must be "none" or "tanh"; got {approximate!r}')
    u = np.clip(x, -_CLIP, _CLIP)
    if approximate == "none":
        cdf = _ndtr(u)  # first: fewer live arrays
        p = u * u
        p *= -0.5
        np.exp(p, out=p)
        p *= u
        p *= _INV_SQRT_2PI  # x phi(x)
        return np.add(p, cdf, out=p)
    # d/dx [x s(2v)] = s + x s (1 - s) 2v'  with  2v' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2)
    s = _sigmoid(_gelu_tanh_inner(u))
    dv = u * u
    dv *= 3 * _GELU_TANH_C
    dv += 1
    dv *= 2 * _SQRT_2_OVER_PI
    dv *= u
    t = 1 - s
    t *= s
    t *= dv
    return np.add(t, s, out=t)


@_elementwise
def swish(x, beta=1.0):
    r"""Swish, :math:`x\,\sigma(\beta x)`; with beta = 1 it is the SiLU.

    Parameters
    ----------
    x : array_like
        Real input.
    beta : float, default 1.0
        Must be >= 0. beta = 0 gives x / 2; as beta grows, Swish approaches ReLU.

    Returns
    -------
    ndarray or scalar
        Values in [-0.278 / beta, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}, \qquad
              f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))

    Not monotonic for beta > 0: its minimum is about -0.278 / beta, at x = -1.278 / beta.

    References
    ----------
    Ramachandran, Zoph and Le (2017), "Searching for activation functions", arXiv:1710.05941.

    Examples
    --------
    >>> swish([-np.inf, -1.0, 0.0, 1.0])
    array([-0.        , -0.26894142,  0.        ,  0.73105858])
    >>> swish([-2.0, 2.0], beta=0.0)
    array([-1.,  1.])
    """
    beta = real_param(beta, "beta", low=0.0)
    if beta == 0.0:
        return x * 0.5
    c = _no_neg_inf(x)
    with np.errstate(over="ignore"):  # -beta*x and e^(-beta*x) may overflow to inf: the
        t = c * -beta                 # result x / inf is then -0, the right limit
        np.exp(t, out=t)
    t += 1
    return np.divide(c, t, out=t)


@_elementwise
def swish_grad(x, beta=1.0):
    r"""Derivative of :func:`swish`: ``s + beta*x*s*(1 - s)`` with ``s = sigmoid(beta*x)``.

    Parameters
    ----------
    x : array_like
        Real input.
    beta : float, default 1.0
        As for :func:`swish`; must be >= 0.

    Returns
    -------
    ndarray or scalar
        The derivative (negative left of the minimum, x < -1.278 / beta); same shape and
        float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))

    References
    ----------
    Ramachandran, Zoph and Le (2017), "Searching for activation functions", arXiv:1710.05941.

    Examples
    --------
    >>> swish_grad([-np.inf, 0.0, np.inf])
    array([0. , 0.5, 1. ])
    """
    beta = real_param(beta, "beta", low=0.0)
    if beta == 0.0:  # swish is x/2 (and 0 * inf below would be NaN)
        return np.clip(x, 0.5, 0.5)  # np.clip keeps NaN
    with np.errstate(over="ignore"):
        z = x * beta
    np.clip(z, -_CLIP_EXP, _CLIP_EXP, out=z)  # s is exactly 0 or 1 there; no 0 * inf
    s = _sigmoid(z)
    t = 1 - s
    t *= s
    t *= z
    return np.add(t, s, out=t)


def silu(x):
    r"""Sigmoid-weighted linear unit, :math:`x\,\sigma(x)`: Swish with beta = 1.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [-0.278, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = x\,\sigma(x), \qquad f'(x) = \sigma(x)\,(1 + x (1 - \sigma(x)))

    References
    ----------
    Elfwing, Uchibe and Doya (2018), "Sigmoid-weighted linear units for neural network
    function approximation in reinforcement learning", Neural Networks 107.

    Examples
    --------
    >>> silu([0.0, 1.0])
    array([0.        , 0.73105858])
    """
    return swish(x, 1.0)


def silu_grad(x):
    r"""Derivative of :func:`silu`: ``swish_grad(x, beta=1)``.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        The derivative, same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \sigma(x)\,(1 + x (1 - \sigma(x)))

    References
    ----------
    Elfwing, Uchibe and Doya (2018), "Sigmoid-weighted linear units for neural network
    function approximation in reinforcement learning", Neural Networks 107.

    Examples
    --------
    >>> silu_grad([0.0])
    array([0.5])
    """
    return swish_grad(x, 1.0)


@_elementwise
def mish(x):
    r"""Mish, :math:`x \tanh(\mathrm{softplus}(x))`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [-0.309, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = x \tanh(\mathrm{softplus}(x)), \qquad
              f'(x) = \tanh(\mathrm{softplus}(x)) + x\,\mathrm{sech}^2(\mathrm{softplus}(x))\,
              \sigma(x)

    With :math:`e = e^x` and :math:`n = e^2 + 2e`, :math:`\tanh(\log(1 + e)) = n / (n + 2)`:
    one exponential instead of an exponential, a logarithm and a tanh, and no cancellation
    in either tail.

    Not monotonic: its minimum is about -0.309, at x = -1.192.

    References
    ----------
    Misra (2019), "Mish: a self regularized non-monotonic activation function",
    arXiv:1908.08681.

    Examples
    --------
    >>> mish([-np.inf, -1.0, 0.0, 1.0])
    array([-0.        , -0.30340146,  0.        ,  0.86509839])
    """
    e = np.clip(x, -np.inf, _CLIP_MISH)
    np.exp(e, out=e)
    n = e + 2
    n *= e  # e^2 + 2e
    n /= np.add(n, 2, out=e)  # tanh(softplus(x))
    return np.multiply(n, _no_neg_inf(x), out=n)


@_elementwise
def mish_grad(x):
    r"""Derivative of :func:`mish`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        The derivative (negative for x below about -1.19), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \tanh(\mathrm{softplus}(x)) + x\,\mathrm{sech}^2(\mathrm{softplus}(x))\,
              \sigma(x) = \frac{n}{d} + \frac{4x\,e(1 + e)}{d^2}

    with :math:`e = e^x`, :math:`n = e^2 + 2e` and :math:`d = n + 2`.

    References
    ----------
    Misra (2019), "Mish: a self regularized non-monotonic activation function",
    arXiv:1908.08681.

    Examples
    --------
    >>> mish_grad([-np.inf, 0.0, np.inf]).round(12)
    array([0. , 0.6, 1. ])
    """
    u = np.clip(x, np.finfo(x.dtype).min, _CLIP_MISH)  # -inf -> lowest: 4u * 0 is -0, not NaN
    e = np.exp(u)
    n = e + 2
    n *= e  # e^2 + 2e
    d = n + 2
    np.subtract(n, e, out=e)  # e(1 + e) = e^2 + e
    e *= u
    e *= 4
    e /= d
    e /= d  # twice rather than by d^2, which would overflow float32
    n /= d
    return np.add(n, e, out=n)


# --------------------------------------------------------------------------------------------
# what today's models use (lesson 11): capped, hard and squared ReLUs
#
# Piecewise-linear stand-ins for sigmoid and swish that mobile and int8 hardware compute with an
# add, a clamp and a multiply (MobileNetV3), and the squared ReLU of Primer. The derivatives at
# the kinks are PyTorch's (aten/src/ATen/native/cpu/Activation.cpp): relu6' is 0 at 0 and 6
# (hardtanh_backward), hard_sigmoid' is 0 at -3 and 3, and hard_swish' uses its middle formula
# x/3 + 1/2 on the closed interval [-3, 3], so it is -1/2 at -3 and 3/2 at 3.


@_elementwise
def relu6(x):
    r"""ReLU capped at 6, :math:`\min(\max(x, 0), 6)`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, 6], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \min(\max(x, 0), 6), \qquad f'(x) = [0 < x < 6]

    The cap keeps activations in a fixed range, which a low-precision fixed-point format can
    cover with one scale. The derivative is 0 at both kinks, as PyTorch's ``hardtanh_backward``.

    References
    ----------
    Krizhevsky (2010), "Convolutional deep belief networks on CIFAR-10", technical report;
    Howard et al. (2017), "MobileNets: efficient convolutional neural networks for mobile
    vision applications", arXiv:1704.04861.

    Examples
    --------
    >>> relu6([-1.0, 3.0, 8.0, np.inf])
    array([0., 3., 6., 6.])
    """
    return np.clip(x, 0, 6)  # keeps NaN


@_elementwise
def relu6_grad(x):
    r"""Derivative of :func:`relu6`: 1 for 0 < x < 6, else 0 (0 at both kinks, as PyTorch).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        0 or 1 (NaN where ``x`` is NaN), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = [0 < x < 6]

    References
    ----------
    Howard et al. (2017), "MobileNets", arXiv:1704.04861.

    Examples
    --------
    >>> relu6_grad([-1.0, 0.0, 3.0, 6.0, 7.0])
    array([0., 0., 1., 0., 0.])
    """
    s = _step(x)  # [x > 0]
    t = np.subtract(6, x)
    s *= _step(t, out=t)  # [x < 6]
    return s


@_elementwise
def hard_sigmoid(x):
    r"""Hard sigmoid as PyTorch defines it, :math:`\mathrm{relu6}(x + 3) / 6`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, 1], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \frac{\min(\max(x + 3, 0), 6)}{6}, \qquad f'(x) = \tfrac16\,[-3 < x < 3]

    A straight line of slope 1/6 through (0, 1/2), clamped to [0, 1]: 0 for x <= -3, 1 for
    x >= 3. (Other libraries use other slopes: Keras 3 and Courbariaux et al. 2015 differ.)
    Its largest distance from the sigmoid is about 0.07, near x = +-1.3 (lesson 11).

    References
    ----------
    Howard et al. (2019), "Searching for MobileNetV3", ICCV.

    Examples
    --------
    >>> hard_sigmoid([-4.0, 0.0, 1.5, 3.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """
    t = np.add(x, 3)  # x + 3 cannot overflow: past 2**53 it rounds back to x
    np.clip(t, 0, 6, out=t)
    t /= 6
    return t


@_elementwise
def hard_sigmoid_grad(x):
    r"""Derivative of :func:`hard_sigmoid`: 1/6 for -3 < x < 3, else 0 (0 at the kinks).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        0 or 1/6 (NaN where ``x`` is NaN), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \tfrac16\,[-3 < x < 3]

    PyTorch's ``hardsigmoid_backward`` takes 0 at x = -3 and x = 3.

    References
    ----------
    Howard et al. (2019), "Searching for MobileNetV3", ICCV.

    Examples
    --------
    >>> hard_sigmoid_grad([-3.0, 0.0, 3.0]) * 6
    array([0., 1., 0.])
    """
    t = np.abs(x)
    np.subtract(3, t, out=t)  # 3 - |x| > 0 exactly when |x| < 3 (no rounding to 0 near 3)
    _step(t, out=t)  # [-3 < x < 3], in one array: each extra array costs as much as a pass
    t /= 6
    return t


@_elementwise
def hard_swish(x):
    r"""Hard swish, :math:`x \cdot \mathrm{hard\_sigmoid}(x) = x\,\mathrm{relu6}(x + 3) / 6`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [-0.375, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \begin{cases} 0 & x \le -3 \\ x (x + 3) / 6 & -3 < x < 3 \\
              x & x \ge 3 \end{cases}, \qquad
              f'(x) = \begin{cases} 0 & x < -3 \\ x/3 + 1/2 & -3 \le x \le 3 \\
              1 & x > 3 \end{cases}

    Not monotonic: its minimum is -0.375, at x = -1.5. We multiply x by hard_sigmoid(x), a
    number in [0, 1], rather than x by relu6(x + 3) and then divide by 6 (PyTorch's order),
    which would overflow for x above a sixth of the dtype's largest number.

    References
    ----------
    Howard et al. (2019), "Searching for MobileNetV3", ICCV.

    Examples
    --------
    >>> hard_swish([-np.inf, -1.5, 0.0, 1.0, 4.0])
    array([-0.        , -0.375     ,  0.        ,  0.66666667,  4.        ])
    """
    g = hard_sigmoid(x)  # x is already a float32/64 array here
    return np.multiply(g, _no_neg_inf(x), out=g)  # -inf * 0 would be NaN; the limit is -0


@_elementwise
def hard_swish_grad(x):
    r"""Derivative of :func:`hard_swish`: 0, x/3 + 1/2, 1 (PyTorch's values at the kinks).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [-0.5, 1.5], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = \begin{cases} 0 & x < -3 \\ x/3 + 1/2 & -3 \le x \le 3 \\
              1 & x > 3 \end{cases}

    The derivative jumps at both kinks (from 0 to -1/2 at -3, from 3/2 to 1 at 3); PyTorch's
    ``hardswish_backward`` uses the middle formula on the closed interval, and so do we.

    References
    ----------
    Howard et al. (2019), "Searching for MobileNetV3", ICCV.

    Examples
    --------
    >>> hard_swish_grad([-4.0, -3.0, 0.0, 3.0, 4.0])
    array([ 0. , -0.5,  0.5,  1.5,  1. ])
    """
    above = _step(np.subtract(x, 3))  # [x > 3]
    middle = 1 - above
    middle -= _step(np.subtract(-3, x))  # 1 - [x > 3] - [x < -3] = [-3 <= x <= 3]
    g = np.clip(x, -3, 3)
    g /= 3
    g += 0.5
    g *= middle
    g += above
    return g


@_elementwise
def relu_squared(x):
    r"""Squared ReLU, :math:`\max(x, 0)^2`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f(x) = \max(x, 0)^2, \qquad f'(x) = 2\max(x, 0)

    f' is continuous (no jump at 0, unlike ReLU's), but f'' jumps from 0 to 2 there. Exactly 0
    for x <= 0, like ReLU, so it is as sparse. Past the square root of the dtype's largest
    number the square is inf, the right limit (no warning).

    References
    ----------
    So, Mańke, Liu, Dai, Shazeer and Le (2021), "Primer: searching for efficient transformers
    for language modeling", NeurIPS.

    Examples
    --------
    >>> relu_squared([-2.0, 0.0, 3.0])
    array([0., 0., 9.])
    >>> float(relu_squared(1e200))  # past sqrt(max): the limit
    inf
    """
    r = np.clip(x, 0, np.inf)
    with np.errstate(over="ignore"):  # r**2 = inf past sqrt(max): the limit, not an error
        r *= r
    return r


@_elementwise
def relu_squared_grad(x):
    r"""Derivative of :func:`relu_squared`, :math:`2\max(x, 0)` (0 at the kink).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or scalar
        Values in [0, inf], same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: f'(x) = 2\max(x, 0)

    References
    ----------
    So, Mańke, Liu, Dai, Shazeer and Le (2021), "Primer", NeurIPS.

    Examples
    --------
    >>> relu_squared_grad([-2.0, 0.0, 3.0])
    array([0., 0., 6.])
    """
    r = np.clip(x, 0, np.inf)
    with np.errstate(over="ignore"):  # 2x = inf past half the largest number: the limit
        r *= 2
    return r


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


def _facts_identity():
    return dict(zero_centred=True, year=None, paper="(a linear layer)")


def _facts_sigmoid():
    return dict(output_range=(0.0, 1.0), saturates="both sides", year=1986,
                paper="Rumelhart, Hinton and Williams (1986)")


def _facts_tanh():
    return dict(output_range=(-1.0, 1.0), zero_centred=True, saturates="both sides", year=1998,
                paper="LeCun, Bottou, Orr and Mueller (1998), Efficient BackProp")


def _facts_relu():
    return dict(output_range=(0.0, np.inf), smooth=False, saturates="negative side", year=2010,
                paper="Nair and Hinton (2010); Glorot, Bordes and Bengio (2011)")


def _facts_leaky_relu(alpha=0.01):
    alpha = real_param(alpha, "alpha")
    low = -np.inf if alpha > 0 else 0.0  # alpha <= 0 folds negative inputs onto [0, inf)
    return dict(output_range=(low, np.inf), monotonic=alpha >= 0, smooth=False,
                saturates="never" if alpha != 0 else "negative side", year=2013,
                paper="Maas, Hannun and Ng (2013)")


def _facts_elu(alpha=1.0):
    alpha = real_param(alpha, "alpha", low=0.0)
    return dict(output_range=(-alpha, np.inf), smooth=False, saturates="negative side",
                year=2016, paper="Clevert, Unterthiner and Hochreiter (2016)")


def _facts_selu():
    return dict(output_range=(-SELU_SCALE * SELU_ALPHA, np.inf), zero_centred=True, smooth=False,
                saturates="negative side", year=2017,
                paper="Klambauer, Unterthiner, Mayr and Hochreiter (2017)")


def _facts_softplus():
    return dict(output_range=(0.0, np.inf), saturates="negative side", year=2001,
                paper="Dugas, Bengio, Belisle, Nadeau and Garcia (2001)")


# minima found numerically (scipy.optimize.minimize_scalar; checked in the tests)
_GELU_MIN = {"none": -0.16997120747990369, "tanh": -0.17004075057125406}


def _facts_gelu(approximate="none"):
    if approximate not in ("none", "tanh"):
        raise ValueError(f'approximate must be "none" or "tanh"; got {approximate!r}')
    low = _GELU_MIN[approximate]
    return dict(output_range=(low, np.inf), monotonic=False,
                saturates="negative side", year=2016, paper="Hendrycks and Gimpel (2016)")


_SILU_MIN = -0.27846454276107374  # silu's minimum, -W(1/e), at x = -1.2784645427610738


def _facts_swish(beta=1.0):
    beta = real_param(beta, "beta", low=0.0)
    low = -np.inf if beta == 0 else _SILU_MIN / beta
    return dict(output_range=(low, np.inf), monotonic=beta == 0, zero_centred=beta == 0,
                saturates="never" if beta == 0 else "negative side", year=2017,
                paper="Ramachandran, Zoph and Le (2017)")


def _facts_silu():
    return dict(_facts_swish(1.0), year=2018, paper="Elfwing, Uchibe and Doya (2018)")


def _facts_mish():
    return dict(output_range=(-0.30884341301725043, np.inf), monotonic=False,
                saturates="negative side", year=2019, paper="Misra (2019)")


# lesson 11: capped, hard and squared ReLUs
def _facts_relu6():
    return dict(output_range=(0.0, 6.0), smooth=False, saturates="both sides", year=2010,
                paper="Krizhevsky (2010); Howard et al. (2017), MobileNets")


def _facts_hard_sigmoid():
    return dict(output_range=(0.0, 1.0), smooth=False, saturates="both sides", year=2019,
                paper="Howard et al. (2019), Searching for MobileNetV3")


def _facts_hard_swish():
    # minimum -3/8 at x = -3/2, where x (x + 3) / 6 turns
    return dict(output_range=(-0.375, np.inf), monotonic=False, smooth=False,
                saturates="negative side", year=2019,
                paper="Howard et al. (2019), Searching for MobileNetV3")


def _facts_relu_squared():
    return dict(output_range=(0.0, np.inf), smooth=False, saturates="negative side", year=2021,
                paper="So, Manke, Liu, Dai, Shazeer and Le (2021), Primer")


# name -> (function, derivative, facts(**params))
_SPECS = {
    "identity": (identity, identity_grad, _facts_identity),
    "sigmoid": (sigmoid, sigmoid_grad, _facts_sigmoid),
    "tanh": (tanh, tanh_grad, _facts_tanh),
    "relu": (relu, relu_grad, _facts_relu),
    "leaky_relu": (leaky_relu, leaky_relu_grad, _facts_leaky_relu),
    "elu": (elu, elu_grad, _facts_elu),
    "selu": (selu, selu_grad, _facts_selu),
    "softplus": (softplus, softplus_grad, _facts_softplus),
    "gelu": (gelu, gelu_grad, _facts_gelu),
    "swish": (swish, swish_grad, _facts_swish),
    "silu": (silu, silu_grad, _facts_silu),
    "mish": (mish, mish_grad, _facts_mish),
    # lesson 11
    "relu6": (relu6, relu6_grad, _facts_relu6),
    "hard_sigmoid": (hard_sigmoid, hard_sigmoid_grad, _facts_hard_sigmoid),
    "hard_swish": (hard_swish, hard_swish_grad, _facts_hard_swish),
    "relu_squared": (relu_squared, relu_squared_grad, _facts_relu_squared),
}


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
        For parameters the function does not take or cannot use.

    Notes
    -----
    The returned object's ``f`` and ``df`` are the module's ``NAME`` and ``NAME_grad`` with
    ``params`` bound, so :math:`\mathrm{act.df}(x) = f'(x)` for the function named.

    References
    ----------
    The paper behind each activation is in its ``paper`` and ``year`` fields.

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
    if name not in _SPECS:
        raise KeyError(f"unknown activation {name!r}; known: {', '.join(_SPECS)}")
    fn, dfn, facts = _SPECS[name]
    known = list(inspect.signature(facts).parameters)
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise TypeError(f"{name} has no parameter(s) {unknown}; it takes {known or 'none'}")
    info = facts(**params)  # also validates the parameters' values
    frozen = MappingProxyType(dict(params))
    return Activation(name, partial(fn, **params), partial(dfn, **params), frozen, **info)


#: Each registered name mapped to its default instance.
ACTIVATIONS = MappingProxyType({name: get(name) for name in _SPECS})
