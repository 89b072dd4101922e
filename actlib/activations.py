r"""Elementwise activation functions, their derivatives, and the registry.

Every ``NAME(x, **params)`` has a ``NAME_grad(x, **params)``: the derivative with respect to the
input, evaluated at the input (never at the output). At kinks we follow PyTorch: relu'(0) = 0.

Inputs are anything ``np.asarray`` takes that holds real numbers. float16/32/64 keep their
dtype; integers and bools become float64. The input is never modified. No formula here
overflows or warns for any finite or infinite input, and NaN in gives NaN out.
"""
import inspect
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np
from scipy.special import ndtr  # standard normal CDF, accurate in both tails

from ._arrays import as_real_array, finish, real_param

# Klambauer et al. (2017), eq. (14): the fixed point (mean 0, variance 1), to full precision.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_GELU_TANH_C = 0.044715
# Clipping a gate's argument where the gate is exactly 0 or 1 changes no result and keeps
# inf * 0, x**2 and x**3 away: Phi(x) and exp(-x**2/2) are 0 past |x| = 40 in float64 (40**2
# still fits float16), and exp(-x) is 0 past x = 750 in every float type.
_CLIP = 40.0
_CLIP_EXP = 750.0


def _lowest(x):
    """The most negative finite value of x's dtype: used so that -inf * 0 becomes -0, not NaN."""
    return np.finfo(x.dtype).min


def _gate_product(x, gate):
    """x * gate(x) for a gate that vanishes at -inf: the limit there is 0, not -inf * 0 = NaN."""
    return np.maximum(x, _lowest(x)) * gate


# --------------------------------------------------------------------------------------------
# identity


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

    Examples
    --------
    >>> identity([-2, 0, 3])
    array([-2.,  0.,  3.])
    """
    x = as_real_array(x)
    return finish(x.copy(), x)


def identity_grad(x):
    """Derivative of :func:`identity`: 1 everywhere (NaN where ``x`` is NaN).

    Examples
    --------
    >>> identity_grad([-2.0, 0.0, np.inf])
    array([1., 1., 1.])
    """
    x = as_real_array(x)
    return finish(np.where(np.isnan(x), x, 1), x)


# --------------------------------------------------------------------------------------------
# sigmoid and tanh


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

    The naive formula overflows in ``exp(-x)`` for x below about -709 (float64). We only ever
    take ``exp(-|x|)``, which lies in (0, 1]: for x >= 0 the result is 1 / (1 + e), for x < 0
    it is e / (1 + e). Beware the wrong formula 1 / (1 - e^{-x}) that circulates in tutorials.

    References
    ----------
    Rumelhart, Hinton and Williams (1986), "Learning representations by back-propagating
    errors", Nature 323.

    Examples
    --------
    >>> sigmoid([-1e4, 0.0, 1e4])
    array([0. , 0.5, 1. ])
    >>> float(sigmoid(-40.0))  # no cancellation in the tail
    4.248354255291589e-18
    """
    x = as_real_array(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: cannot overflow
    r = 1.0 / (1.0 + e)
    return finish(np.where(x >= 0, r, e * r), x)


def sigmoid_grad(x):
    r"""Derivative of :func:`sigmoid`, :math:`\sigma(x)(1 - \sigma(x))`, at most 0.25 (at 0).

    Computed as :math:`e / (1 + e)^2` with :math:`e = e^{-|x|}`, accurate in both tails.

    Examples
    --------
    >>> sigmoid_grad([0.0, 1e4, -np.inf])
    array([0.25, 0.  , 0.  ])
    """
    x = as_real_array(x)
    e = np.exp(-np.abs(x))
    return finish(e / (1.0 + e) ** 2, x)


def tanh(x):
    r"""Hyperbolic tangent, :math:`\tanh(x) = 2\sigma(2x) - 1`.

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
    x = as_real_array(x)
    return finish(np.tanh(x), x)


def tanh_grad(x):
    r"""Derivative of :func:`tanh`, :math:`1 - \tanh^2(x) = 4e/(1+e)^2` with :math:`e = e^{-2|x|}`.

    The second form keeps full relative accuracy for large |x|, where 1 - tanh^2 is 0.

    Examples
    --------
    >>> tanh_grad([0.0, 1e4])
    array([1., 0.])
    """
    x = as_real_array(x)
    e = np.exp(-np.abs(x)) ** 2  # exp(-2|x|) without overflowing 2|x|
    return finish(4.0 * e / (1.0 + e) ** 2, x)


# --------------------------------------------------------------------------------------------
# the ReLU family


def relu(x):
    r"""Rectified linear unit, :math:`\max(0, x)`.

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
    x = as_real_array(x)
    return finish(np.maximum(x, 0), x)  # np.maximum propagates NaN


def relu_grad(x):
    """Derivative of :func:`relu`: 1 for x > 0, 0 for x <= 0 (relu'(0) = 0, as in PyTorch).

    Examples
    --------
    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    x = as_real_array(x)
    return finish(np.heaviside(x, 0), x)  # heaviside(NaN) is NaN


def leaky_relu(x, alpha=0.01):
    r"""Leaky ReLU, :math:`x` for x > 0 and :math:`\alpha x` otherwise.

    Parameters
    ----------
    x : array_like
        Real input.
    alpha : float, default 0.01
        Slope for negative inputs (PyTorch's default; tf.nn uses 0.2, Keras 0.3).

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
    x = as_real_array(x)
    alpha = real_param(alpha, "alpha")
    if alpha == 0:  # plain ReLU (and 0 * inf below would be NaN)
        return relu(x)
    # For alpha <= 1 the larger of x and alpha*x is the right branch; for alpha > 1 the smaller.
    pick = np.maximum if alpha <= 1 else np.minimum
    with np.errstate(over="ignore"):  # alpha > 1 can take alpha*x past the dtype's max: inf
        return finish(pick(x, alpha * x), x)


def leaky_relu_grad(x, alpha=0.01):
    """Derivative of :func:`leaky_relu`: 1 for x > 0, ``alpha`` for x <= 0.

    Examples
    --------
    >>> leaky_relu_grad([-2.0, 0.0, 3.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    x = as_real_array(x)
    alpha = real_param(alpha, "alpha")
    return finish(alpha + (1.0 - alpha) * np.heaviside(x, 0), x)


def elu(x, alpha=1.0):
    r"""Exponential linear unit: :math:`x` for x > 0, :math:`\alpha(e^x - 1)` otherwise.

    Parameters
    ----------
    x : array_like
        Real input.
    alpha : float, default 1.0
        The value ELU approaches as x goes to -inf is -alpha. Must be >= 0.

    Notes
    -----
    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},
              \qquad f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    ``expm1`` is taken of ``min(x, 0)`` only, so large positive inputs cannot overflow.

    References
    ----------
    Clevert, Unterthiner and Hochreiter (2015), "Fast and accurate deep network learning by
    exponential linear units (ELUs)", ICLR 2016.

    Examples
    --------
    >>> elu([-np.inf, -1.0, 0.0, 2.0])
    array([-1.        , -0.63212056,  0.        ,  2.        ])
    """
    x = as_real_array(x)
    alpha = real_param(alpha, "alpha", low=0.0)
    return finish(np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))), x)


def elu_grad(x, alpha=1.0):
    """Derivative of :func:`elu`: 1 for x > 0, ``alpha * exp(x)`` for x <= 0.

    Examples
    --------
    >>> elu_grad([-np.inf, 0.0, 2.0])
    array([0., 1., 1.])
    """
    x = as_real_array(x)
    alpha = real_param(alpha, "alpha", low=0.0)
    return finish(np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))), x)


def selu(x):
    r"""Scaled ELU, :math:`\lambda\,\mathrm{elu}(x, \alpha)` with the self-normalising constants.

    Notes
    -----
    .. math:: f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}

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
    with np.errstate(over="ignore"):  # only beyond the dtype's max: the answer is inf
        return SELU_SCALE * elu(x, SELU_ALPHA)


def selu_grad(x):
    """Derivative of :func:`selu`: ``SELU_SCALE * elu_grad(x, SELU_ALPHA)``.

    Examples
    --------
    >>> selu_grad([0.0, 1.0])
    array([1.75809934, 1.05070099])
    """
    return SELU_SCALE * elu_grad(x, SELU_ALPHA)


# --------------------------------------------------------------------------------------------
# smooth activations


def softplus(x):
    r"""Softplus, :math:`\log(1 + e^x)`, a smooth ReLU.

    Notes
    -----
    .. math:: f(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|}), \qquad f'(x) = \sigma(x)

    The second form never overflows and keeps precision in both tails.

    References
    ----------
    Dugas, Bengio, Belisle, Nadeau and Garcia (2001), "Incorporating second-order functional
    knowledge for better option pricing", NeurIPS.

    Examples
    --------
    >>> softplus([-1000.0, 0.0, 1000.0]).tolist()  # log(1 + exp(1000)) overflows
    [0.0, 0.6931471805599453, 1000.0]
    """
    x = as_real_array(x)
    return finish(np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x))), x)


def softplus_grad(x):
    """Derivative of :func:`softplus`: the sigmoid.

    Examples
    --------
    >>> softplus_grad([0.0])
    array([0.5])
    """
    return sigmoid(x)


def gelu(x, approximate="none"):
    r"""Gaussian error linear unit, :math:`x\,\Phi(x)`.

    Parameters
    ----------
    x : array_like
        Real input.
    approximate : {"none", "tanh"}, default "none"
        "none" uses the exact normal CDF (erf); "tanh" the approximation of Hendrycks and
        Gimpel used by BERT and GPT-2.

    Notes
    -----
    .. math:: f(x) = x\,\Phi(x) = \tfrac12 x \left(1 + \mathrm{erf}(x/\sqrt2)\right),
              \qquad f'(x) = \Phi(x) + x\,\varphi(x)

    .. math:: f_{\tanh}(x) = \tfrac12 x \left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715 x^3)
              \right)\right)

    Not monotonic: its minimum is about -0.170, at x = -0.752.

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
    x = as_real_array(x)
    if approximate == "none":
        return finish(_gate_product(x, ndtr(x)), x)
    if approximate == "tanh":
        return finish(_gate_product(x, sigmoid(_gelu_tanh_inner(x))), x)
    raise ValueError(f'approximate must be "none" or "tanh"; got {approximate!r}')


def _gelu_tanh_inner(x):
    """2 sqrt(2/pi) (x + 0.044715 x^3): (1 + tanh(v)) / 2 = sigmoid(2v) keeps the left tail exact."""
    u = np.clip(x, -_CLIP, _CLIP)  # the gate is exactly 0 or 1 there; keeps u**3 finite in float16
    return (2 * _SQRT_2_OVER_PI) * (u + _GELU_TANH_C * (u * u * u))


def gelu_grad(x, approximate="none"):
    r"""Derivative of :func:`gelu`: :math:`\Phi(x) + x\varphi(x)`, or that of the tanh form.

    Examples
    --------
    >>> gelu_grad([-np.inf, 0.0, np.inf])
    array([0. , 0.5, 1. ])
    """
    x = as_real_array(x)
    if approximate == "none":
        u = np.clip(x, -_CLIP, _CLIP)
        pdf = np.exp(-0.5 * u * u) / np.sqrt(2.0 * np.pi)
        return finish(ndtr(u) + u * pdf, x)
    if approximate == "tanh":
        u = np.clip(x, -_CLIP, _CLIP)
        s = sigmoid(_gelu_tanh_inner(u))
        dinner = (2 * _SQRT_2_OVER_PI) * (1.0 + 3.0 * _GELU_TANH_C * u * u)
        return finish(s + u * s * (1.0 - s) * dinner, x)
    raise ValueError(f'approximate must be "none" or "tanh"; got {approximate!r}')


def swish(x, beta=1.0):
    r"""Swish, :math:`x\,\sigma(\beta x)`; with beta = 1 it is the SiLU.

    Parameters
    ----------
    x : array_like
        Real input.
    beta : float, default 1.0
        Must be >= 0. beta = 0 gives x / 2; as beta grows, Swish approaches ReLU.

    Notes
    -----
    .. math:: f(x) = x\,\sigma(\beta x), \qquad
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
    x = as_real_array(x)
    beta = real_param(beta, "beta", low=0.0)
    if beta == 0.0:
        return finish(0.5 * x, x)
    with np.errstate(over="ignore"):  # beta*x may overflow to +-inf; the gate is then 0 or 1
        gate = sigmoid(beta * x)
    return finish(_gate_product(x, gate), x)


def swish_grad(x, beta=1.0):
    """Derivative of :func:`swish`: ``s + beta*x*s*(1 - s)`` with ``s = sigmoid(beta*x)``.

    Examples
    --------
    >>> swish_grad([-np.inf, 0.0, np.inf])
    array([0. , 0.5, 1. ])
    """
    x = as_real_array(x)
    beta = real_param(beta, "beta", low=0.0)
    if beta == 0.0:  # swish is x/2 (and 0 * inf below would be NaN)
        return finish(np.where(np.isnan(x), x, 0.5), x)
    with np.errstate(over="ignore"):
        z = np.clip(beta * x, -_CLIP_EXP, _CLIP_EXP)
    s = sigmoid(z)
    return finish(s + z * s * (1.0 - s), x)


def silu(x):
    r"""Sigmoid-weighted linear unit, :math:`x\,\sigma(x)`: Swish with beta = 1.

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
    """Derivative of :func:`silu`.

    Examples
    --------
    >>> silu_grad([0.0])
    array([0.5])
    """
    return swish_grad(x, 1.0)


def mish(x):
    r"""Mish, :math:`x \tanh(\mathrm{softplus}(x))`.

    Notes
    -----
    .. math:: f(x) = x \tanh(\mathrm{softplus}(x)), \qquad
              f'(x) = \tanh(\mathrm{softplus}(x)) + x\,\mathrm{sech}^2(\mathrm{softplus}(x))\,
              \sigma(x)

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
    x = as_real_array(x)
    return finish(_gate_product(x, np.tanh(softplus(x))), x)


def mish_grad(x):
    """Derivative of :func:`mish`.

    Examples
    --------
    >>> mish_grad([-np.inf, 0.0, np.inf]).round(12)
    array([0. , 0.6, 1. ])
    """
    x = as_real_array(x)
    u = np.clip(x, -_CLIP_EXP, _CLIP_EXP)
    t = np.tanh(softplus(u))
    return finish(t + u * (1.0 - t * t) * sigmoid(u), x)


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
                year=2015, paper="Clevert, Unterthiner and Hochreiter (2015)")


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
}


def get(name, **params):
    """Return the registered activation ``name`` with ``params`` bound.

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
