r"""Mean-field theory of a deep, freshly initialised MLP: signal variance and gradient factor.

A layer of width :math:`n` with weights :math:`W_{ij} \sim N(0, \sigma_w^2 / n)` (so
:math:`\sigma_w^2 = n_\text{in} \mathrm{Var}[W]`: 1 for Xavier on a square layer, 2 for He)
and biases :math:`b_j \sim N(0, \sigma_b^2)` turns pre-activations of variance :math:`q_l`
into pre-activations of variance :math:`q_{l+1}` (the *variance map*), and multiplies the
squared norm of the backward signal :math:`dz` by :math:`\chi` (Poole et al. 2016;
Schoenholz et al. 2017):

.. math:: q_{l+1} = \sigma_w^2\, \mathbb E[f(z)^2] + \sigma_b^2, \qquad
          \chi(q_l) = \sigma_w^2\, \mathbb E[f'(z)^2], \qquad z \sim N(0, q_l).

:math:`\chi < 1` at every layer: gradients vanish with depth; :math:`\chi > 1`: they
explode; :math:`\chi = 1` at the fixed point :math:`q^*` of the variance map is the *edge of
chaos*. Note :math:`\mathbb E[f'(z)^2]`, not :math:`\mathbb E[f'(z)]`: norms add in squares.

The expectations are a midpoint rule in :math:`z/\sqrt q` on [-10, 10] (2000 nodes, none at
0, so that ReLU's kink splits the weights exactly in halves). Gauss-Hermite quadrature,
exact for polynomials, fails here: with 200 nodes it is 0.1 % off for
:math:`\mathbb E[\tanh'(z)^2]` at :math:`q = 10` and 58 % at :math:`q = 100`, because
:math:`\tanh'` is then a bump narrower than the nodes' spacing.

References
----------
Poole, Lahiri, Raghu, Sohl-Dickstein and Ganguli (2016), "Exponential expressivity in deep
neural networks through transient chaos", NeurIPS.
Schoenholz, Gilmer, Ganguli and Sohl-Dickstein (2017), "Deep information propagation", ICLR.
"""
import numpy as np

from .activations import get
from .validate import as_real_array, int_param, real_param

_H = 0.01
_Z = np.arange(-10 + _H / 2, 10, _H)  # midpoints: symmetric, none at 0
_W = np.exp(-_Z ** 2 / 2)
_W /= _W.sum()  # weights of the standard normal; sum exactly 1

# weight std = gain / sqrt(fan_in), as torch.nn.init.calculate_gain (PyTorch documentation)
GAINS = {"identity": 1.0, "sigmoid": 1.0, "tanh": 5 / 3, "relu": np.sqrt(2.0),
         "selu": 3 / 4}


def _expect(g, q):
    """E[g(z)] for z ~ N(0, q), one value per entry of the array q."""
    q = np.asarray(q, dtype=np.float64)
    x = np.sqrt(q)[..., None] * _Z
    return np.asarray(g(x), dtype=np.float64) @ _W


def _q(q, name="q"):
    q = as_real_array(q, name)
    if not np.all(np.isfinite(q)) or np.any(q < 0):
        raise ValueError(f"{name} is a variance: it must be finite and >= 0")
    return q


def gain(activation, alpha=0.01):
    r"""The conventional weight gain of an activation (``torch.nn.init.calculate_gain``).

    Parameters
    ----------
    activation : {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "selu"}
    alpha : float, default 0.01
        The negative slope, for "leaky_relu" only.

    Returns
    -------
    float
        :math:`\sigma_w`: initial weights get the std :math:`\sigma_w / \sqrt{n_\text{in}}`.

    Notes
    -----
    ReLU's :math:`\sqrt2` and leaky ReLU's :math:`\sqrt{2 / (1 + \alpha^2)}` keep the forward
    variance exactly (He et al. 2015), and so make :math:`\chi = 1`. tanh's 5/3 and SELU's 3/4
    are heuristics: 5/3 keeps the variance of a tanh net's pre-activations near 1, it does not
    make :math:`\chi = 1` (tanh's critical :math:`\sigma_w` is 1 without biases, see
    :func:`critical_gain`); SELU's self-normalising fixed point needs 1, not 3/4.

    Examples
    --------
    >>> round(gain("tanh"), 4), round(gain("relu"), 4), round(gain("leaky_relu", 0.2), 4)
    (1.6667, 1.4142, 1.3868)
    """
    if activation == "leaky_relu":
        alpha = real_param(alpha, "alpha")
        return float(np.sqrt(2 / (1 + alpha ** 2)))
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a name; got {type(activation).__name__}")
    if activation not in GAINS:
        raise ValueError(f"no conventional gain for {activation!r}; known: "
                         f"{', '.join(list(GAINS) + ['leaky_relu'])}")
    return float(GAINS[activation])


def chi(activation, sigma_w, q):
    r"""Per-layer factor of the squared gradient norm, :math:`\sigma_w^2 \mathbb E[f'(z)^2]`.

    Parameters
    ----------
    activation : str or Activation
    sigma_w : float
        Weight scale: :math:`\sigma_w^2 = n_\text{in} \mathrm{Var}[W]`.
    q : float or array_like
        Variance of the layer's pre-activations :math:`z`.

    Returns
    -------
    float or ndarray
        :math:`\chi(q)`, shaped like ``q``: the expected
        :math:`\lVert dz_l \rVert^2 / \lVert dz_{l+1} \rVert^2` for layers of equal width.

    Notes
    -----
    .. math:: dz_l = (dz_{l+1} W_{l+1}^\top) \odot f'(z_l) \;\Rightarrow\;
              \mathbb E \lVert dz_l \rVert^2 = \sigma_w^2\, \mathbb E[f'(z_l)^2]\,
              \lVert dz_{l+1} \rVert^2 .

    Examples
    --------
    >>> round(chi("relu", np.sqrt(2), 3.0), 12), round(chi("identity", 0.5, 1.0), 12)
    (1.0, 0.25)
    >>> np.round(chi("tanh", 1.0, [0.0, 1.0, 4.0]), 4)
    array([1.    , 0.4644, 0.256 ])
    """
    f = get(activation)
    sigma_w = real_param(sigma_w, "sigma_w", low=0.0)
    q = _q(q)
    out = sigma_w ** 2 * _expect(lambda x: np.asarray(f.df(x), dtype=np.float64) ** 2, q)
    return float(out) if out.ndim == 0 else out


def variance_step(activation, sigma_w, q, sigma_b=0.0):
    r"""One layer of the variance map: :math:`\sigma_w^2 \mathbb E_{z \sim N(0, q)}[f(z)^2]
    + \sigma_b^2`, shaped like ``q``.

    Examples
    --------
    >>> np.round(variance_step("relu", 1.0, [1.0, 4.0]), 6)
    array([0.5, 2. ])
    """
    f = get(activation)
    sigma_w = real_param(sigma_w, "sigma_w", low=0.0)
    sigma_b = real_param(sigma_b, "sigma_b", low=0.0)
    return _step(f, sigma_w, _q(q), sigma_b)


def _step(f, sigma_w, q, sigma_b):
    """variance_step without checking its arguments: the loops below check them once."""
    with np.errstate(over="ignore"):  # ReLU with sigma_w > sqrt 2 grows geometrically
        out = sigma_w ** 2 * _expect(lambda x: np.asarray(f(x), np.float64) ** 2, q) \
            + sigma_b ** 2
    return float(out) if out.ndim == 0 else out


def _next_q(f, sigma_w, q, sigma_b):
    """One layer of the variance map from a scalar q, with variance_step's check of q."""
    if not 0 <= q < np.inf:  # NaN fails too
        _q(q)  # raises variance_step's ValueError
    return _step(f, sigma_w, q, sigma_b)


def variance_map(activation, sigma_w, sigma_b=0.0, q0=1.0, depth=30):
    r"""Variance :math:`q_l` of the pre-activations of layers 1 to ``depth``.

    Parameters
    ----------
    activation : str or Activation
    sigma_w : float
        Weight scale, :math:`\sigma_w^2 = n_\text{in} \mathrm{Var}[W]`.
    sigma_b : float, default 0.0
        Std of the biases.
    q0 : float, default 1.0
        Mean square of the input's entries (the input enters layer 1 linearly).
    depth : int, default 30
        Number of hidden layers.

    Returns
    -------
    ndarray, shape (depth,)
        :math:`q_1 = \sigma_w^2 q_0 + \sigma_b^2`, then
        :math:`q_{l+1} = \sigma_w^2 \mathbb E_{z \sim N(0, q_l)}[f(z)^2] + \sigma_b^2`.

    Examples
    --------
    >>> np.round(variance_map("relu", 1.0, depth=4), 4)   # Xavier with ReLU: halves
    array([1.   , 0.5  , 0.25 , 0.125])
    >>> np.round(variance_map("tanh", 5 / 3, depth=30)[[0, 9, 29]], 4)
    array([2.7778, 1.1789, 1.1785])
    """
    f = get(activation)
    sigma_w = real_param(sigma_w, "sigma_w", low=0.0)
    sigma_b = real_param(sigma_b, "sigma_b", low=0.0)
    q0 = float(_q(real_param(q0, "q0", low=0.0), "q0"))
    depth = int_param(depth, "depth")
    q = np.empty(depth)
    q[0] = sigma_w ** 2 * q0 + sigma_b ** 2
    for layer in range(1, depth):
        q[layer] = _next_q(f, sigma_w, q[layer - 1], sigma_b)
    return q


def chi_product(activation, sigma_w, sigma_b=0.0, q0=1.0, depth=30):
    r"""Predicted :math:`\lVert dz_1 \rVert^2 / \lVert dz_L \rVert^2` of an ``depth``-layer net.

    The product :math:`\prod_{l=1}^{L-1} \chi(q_l)` along :func:`variance_map` (the factor of
    layer :math:`l` is taken at its own variance :math:`q_l`); parameters as there.

    Examples
    --------
    >>> round(chi_product("relu", 1.0, depth=11), 6)    # ReLU with Xavier: 2^-10
    0.000977
    """
    q = variance_map(activation, sigma_w, sigma_b, q0, depth)
    return float(np.prod(chi(activation, sigma_w, q[:-1])))


def backward_profile(activation, sigma_w, sigma_b=0.0, q0=1.0, depth=30):
    r"""Predicted :math:`\lVert dz_l \rVert / \lVert dz_L \rVert` for every layer :math:`l = 1..L`.

    The backward signal of each hidden layer relative to the last one's,
    :math:`\sqrt{\prod_{k=l}^{L-1} \chi(q_k)}` along :func:`variance_map` (1 at :math:`l = L`;
    the first entry squared is :func:`chi_product`); parameters as there. This is the curve a
    measured ``experiments.gradient_flow`` is compared with.

    Examples
    --------
    >>> np.round(backward_profile("relu", 1.0, depth=4), 4)    # ReLU with Xavier
    array([0.3536, 0.5   , 0.7071, 1.    ])
    """
    q = variance_map(activation, sigma_w, sigma_b, q0, depth)
    chis = chi(activation, sigma_w, q[:-1])  # the factor from layer k + 1 back to layer k
    return np.sqrt(np.append(np.cumprod(chis[::-1])[::-1], 1.0))


def fixed_point(activation, sigma_w, sigma_b=0.0, q0=1.0, max_depth=2000, rtol=1e-10):
    r"""The variance :math:`q^*` that the variance map reaches from ``q0``.

    Iterates :func:`variance_map` until two layers agree to ``rtol`` or ``max_depth`` layers
    have passed (near the edge of chaos the approach is slow, about :math:`1/l` for tanh at
    :math:`\sigma_w = 1`). A ReLU net has no fixed point but 0 or infinity; the iteration
    stops once :math:`q` leaves [1e-100, 1e100].

    Examples
    --------
    >>> round(fixed_point("tanh", 5 / 3), 4), round(fixed_point("tanh", 1.0, 0.3), 4)
    (1.1785, 0.2763)
    """
    f = get(activation)
    sigma_w = real_param(sigma_w, "sigma_w", low=0.0)
    sigma_b = real_param(sigma_b, "sigma_b", low=0.0)
    q = float(_q(real_param(q0, "q0", low=0.0), "q0"))
    for _ in range(int_param(max_depth, "max_depth")):
        new = _next_q(f, sigma_w, q, sigma_b)
        if abs(new - q) <= rtol * new or not 1e-100 < new < 1e100:
            return new
        q = new
    return q


def critical_gain(activation, sigma_b=0.0, q0=1.0, depth=None, bracket=(0.05, 10.0)):
    r"""The weight scale :math:`\sigma_w` at which gradients neither vanish nor explode.

    Parameters
    ----------
    activation : str or Activation
    sigma_b, q0 : float
        As for :func:`variance_map` (``q0`` matters only with ``depth``).
    depth : int, optional
        None: the edge of chaos, :math:`\chi(q^*) = 1` at the fixed point (infinite depth).
        An int :math:`L`: the :math:`\sigma_w` with :func:`chi_product` = 1, i.e. the first
        and the last of :math:`L` hidden layers get backward signals of equal norm.
    bracket : (float, float), default (0.05, 10.0)
        Where to search :math:`\sigma_w` when ``depth`` is given (bisection).

    Returns
    -------
    float

    Notes
    -----
    At the edge of chaos both :math:`q^* = \sigma_w^2 \mathbb E[f^2] + \sigma_b^2` and
    :math:`\sigma_w^2 \mathbb E[f'^2] = 1` hold; eliminating :math:`\sigma_w` leaves one
    equation in :math:`q^*`,

    .. math:: q^* = \frac{\mathbb E[f(z)^2]}{\mathbb E[f'(z)^2]} + \sigma_b^2, \qquad
              \sigma_w = \mathbb E[f'(z)^2]^{-1/2}, \qquad z \sim N(0, q^*),

    solved by bisection on :math:`\log q^*` (Schoenholz et al. 2017 draw the phase diagram
    this way). Without a root :math:`q^* > 0` (tanh or ReLU without biases) :math:`q^* \to 0`
    and :math:`\sigma_w = 1 / |f'(0)|`.

    Examples
    --------
    >>> round(critical_gain("relu"), 4), round(critical_gain("tanh"), 4)
    (1.4142, 1.0)
    >>> round(critical_gain("tanh", depth=30), 3)   # finite depth: above 1
    1.236
    """
    f = get(activation)
    sigma_b = real_param(sigma_b, "sigma_b", low=0.0)
    if depth is None:
        def excess(q):  # > 0 when q lies above its edge-of-chaos value
            ratio = _expect(lambda x: np.asarray(f(x), np.float64) ** 2, q) / \
                _expect(lambda x: np.asarray(f.df(x), np.float64) ** 2, q)
            return q - ratio - sigma_b ** 2
        lo, hi = 1e-12, 1e4
        if excess(lo) < 0 < excess(hi):
            for _ in range(100):
                mid = np.sqrt(lo * hi)
                lo, hi = (mid, hi) if excess(mid) < 0 else (lo, mid)
        q_star = np.sqrt(lo * hi) if excess(1e-12) < 0 else 1e-12
        return float(1 / np.sqrt(_expect(lambda x: np.asarray(f.df(x), np.float64) ** 2, q_star)))
    depth = int_param(depth, "depth", low=2)
    q0 = real_param(q0, "q0", low=0.0)
    lo, hi = (real_param(b, "bracket", low=0.0, low_inclusive=False) for b in bracket)

    def log_chi(s):
        return np.log(chi_product(f, s, sigma_b, q0, depth))
    f_lo, f_hi = log_chi(lo), log_chi(hi)
    if not (f_lo < 0 < f_hi):
        raise ValueError(f"no critical gain in bracket {bracket}: the log of chi_product goes "
                         f"from {f_lo:.3g} to {f_hi:.3g}")
    for _ in range(60):
        mid = np.sqrt(lo * hi)
        lo, hi = (mid, hi) if log_chi(mid) < 0 else (lo, mid)
        if hi / lo < 1 + 1e-9:
            break
    return float(np.sqrt(lo * hi))
