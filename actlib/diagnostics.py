r"""Look inside a network: per-layer statistics, and the classic measurements at initialisation.

``layer_stats`` reads what :meth:`actlib.nn.MLP.forward` and ``backward`` left behind: the
activations' mean and spread, how many units are saturated or dead, and each layer's
weight-gradient norm. ``signal_stats`` and ``deep_signal`` follow a signal through a deep
network at initialisation (He et al. 2015; Klambauer et al. 2017); ``input_grad_norms``
does the same for the gradient (Glorot and Bengio 2010); ``born_dead_probability`` is a
Monte-Carlo estimate of how often a narrow deep ReLU network is dead at birth (Lu et al. 2019).
"""
from dataclasses import dataclass

import numpy as np

from .activations import get
from .nn import MLP, get_loss, init_std

#: Default saturation threshold: a unit whose |f'(z)| is below 1% passes on less than a
#: hundredth of the gradient it receives (sigmoid: |z| > 4.6; tanh: |z| > 3.0; ReLU: z <= 0).
SATURATION_THRESHOLD = 0.01


@dataclass(frozen=True)
class LayerStats:
    """Statistics of one hidden layer over one batch.

    Attributes
    ----------
    layer : int
        Hidden layer index, 0 for the first.
    mean, std : float
        Mean and standard deviation of the activations ``a`` over the batch and the units.
    saturated : float
        Fraction of (sample, unit) entries with ``|f'(z)| < threshold``. For ReLU this is
        the fraction of inactive entries (z <= 0).
    dead : float
        Fraction of units whose derivative is exactly 0 for every sample in the batch: no
        gradient reaches their incoming weights, so gradient descent cannot revive them.
    grad_norm : float
        Frobenius norm of this layer's ``dW`` from the last backward (NaN before any).
    """

    layer: int
    mean: float
    std: float
    saturated: float
    dead: float
    grad_norm: float


def _check_threshold(threshold):
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)) \
            or not threshold >= 0:
        raise ValueError(f"threshold must be a number >= 0; got {threshold!r}")
    return float(threshold)


def layer_stats(net, X=None, threshold=SATURATION_THRESHOLD):
    r"""Per hidden layer: activation mean/std, saturated and dead fractions, gradient norm.

    Parameters
    ----------
    net : MLP
    X : array_like, shape (N, n_in), optional
        The batch to measure on; ``net.forward(X)`` is run first. Without it, the
        activations of the network's last forward pass are used.
    threshold : float, default 0.01
        A unit is saturated on a sample when :math:`|f'(z)|` is below this.

    Returns
    -------
    list of LayerStats
        One per hidden layer. ``grad_norm`` comes from the last ``net.backward`` (which may
        have been on another batch; :func:`actlib.nn.train` keeps them together).

    Notes
    -----
    .. math:: \text{saturated} = \frac{1}{NH}\sum_{n,j} [\,|f'(z_{nj})| < \tau\,], \qquad
              \text{dead} = \frac1H \sum_j \prod_n [\,f'(z_{nj}) = 0\,]

    Works for every activation, because it only needs ``f'``. Where the derivative is 0 only
    in the far tails or never (sigmoid, tanh, ELU, leaky ReLU, GELU, ...) ``dead`` stays 0
    in practice: such units saturate but do not die.

    Examples
    --------
    >>> net = MLP([2, 16, 16, 1], activation="relu", seed=0, bias_init=-3.0)
    >>> stats = layer_stats(net, np.random.default_rng(0).normal(size=(64, 2)))
    >>> [round(s.dead, 2) for s in stats]  # a bias of -3 kills most units
    [0.75, 1.0]
    """
    threshold = _check_threshold(threshold)
    if X is not None:
        net.forward(X)
    if not net.preactivations and len(net.layers) > 1:
        raise RuntimeError("no activations to measure: pass X or call net.forward(X) first")
    out = []
    for i, (a, d) in enumerate(zip(net.activations, net.derivatives())):
        dW = net.layers[i].dW
        out.append(LayerStats(
            layer=i,
            mean=float(a.mean()),
            std=float(a.std()),
            saturated=float(np.mean(np.abs(d) < threshold)),
            dead=float(np.mean(np.all(d == 0, axis=0))),
            grad_norm=float(np.linalg.norm(dW)) if dW is not None else float("nan"),
        ))
    return out


def grad_norms(net, X=None, y=None, loss="cross_entropy"):
    r"""Frobenius norm of ``dW`` of every layer (hidden and output), first layer first.

    Parameters
    ----------
    net : MLP
    X, y : array_like, optional
        If given, a forward pass, ``loss`` and a backward pass are run first; otherwise the
        gradients of the last ``net.backward`` are read.
    loss : str or callable, default "cross_entropy"

    Returns
    -------
    ndarray, shape (n_layers,)

    Examples
    --------
    >>> net = MLP([4, 8, 8, 3], activation="sigmoid", seed=0)
    >>> X = np.random.default_rng(0).normal(size=(32, 4))
    >>> grad_norms(net, X, np.arange(32) % 3).shape
    (3,)
    """
    if X is not None:
        if y is None:
            raise ValueError("give y with X, so that a loss can be differentiated")
        _, dout = get_loss(loss)(net.forward(X), y)
        net.backward(dout)
    if any(layer.dW is None for layer in net.layers):
        raise RuntimeError("no gradients yet: pass X and y, or call net.backward first")
    return np.array([np.linalg.norm(layer.dW) for layer in net.layers])


@dataclass(frozen=True)
class SignalStats:
    """Mean and std of the pre-activations ``z`` and activations ``a``, one entry per hidden
    layer (arrays of length depth)."""

    z_mean: np.ndarray
    z_std: np.ndarray
    a_mean: np.ndarray
    a_std: np.ndarray


def signal_stats(net, X):
    """Mean and std of ``z`` and ``a`` in every hidden layer of ``net`` for the input ``X``.

    Examples
    --------
    >>> net = MLP([3, 5, 5, 1], seed=0)
    >>> signal_stats(net, np.ones((4, 3))).a_std.shape
    (2,)
    """
    net.forward(X)
    return SignalStats(
        z_mean=np.array([z.mean() for z in net.preactivations]),
        z_std=np.array([z.std() for z in net.preactivations]),
        a_mean=np.array([a.mean() for a in net.activations]),
        a_std=np.array([a.std() for a in net.activations]),
    )


def _deep_net(depth, width, activation, init, seed):
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a positive integer; got {depth!r}")
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width must be a positive integer; got {width!r}")
    # depth hidden layers of `width` units, a one-unit linear output we do not look at
    return MLP([width] * (depth + 1) + [1], activation=activation, init=init, seed=seed)


def deep_signal(depth=30, width=256, activation="relu", init="he", n_samples=1000, seed=0):
    r"""Follow a standard-normal input through a deep, freshly initialised MLP.

    Parameters
    ----------
    depth : int, default 30
        Number of hidden layers (each ``width`` wide; the input is ``width`` wide too).
    width : int, default 256
    activation, init
        As for :class:`actlib.nn.MLP`.
    n_samples : int, default 1000
        Rows of the input :math:`X \sim N(0, 1)`.
    seed : int, default 0
        Seeds both the weights and the input.

    Returns
    -------
    SignalStats

    Notes
    -----
    For ReLU, :math:`\mathrm{Var}[z_l] = \tfrac12 n_\text{in} \mathrm{Var}[w]\,
    \mathrm{Var}[z_{l-1}]`. He init (:math:`\mathrm{Var}[w] = 2/n`) keeps it constant;
    Xavier (:math:`1/n` for square layers) halves it at every layer, so after 30 layers the
    std has shrunk by about :math:`2^{-15}` (He et al. 2015, section 2.2).

    References
    ----------
    He, Zhang, Ren and Sun (2015), "Delving deep into rectifiers", ICCV.
    Klambauer, Unterthiner, Mayr and Hochreiter (2017), "Self-normalizing neural networks".

    Examples
    --------
    >>> he = deep_signal(depth=30, width=256, init="he", n_samples=200)
    >>> xavier = deep_signal(depth=30, width=256, init="xavier", n_samples=200)
    >>> round(float(np.log2(xavier.z_std[-1] / he.z_std[-1])), 1)  # 30 layers of 1/sqrt(2)
    -15.0
    """
    net = _deep_net(depth, width, activation, init, seed)
    X = np.random.default_rng([seed, 1]).standard_normal((n_samples, width))
    return signal_stats(net, X)


def input_grad_norms(depth=10, width=100, activation="sigmoid", init="xavier", n_samples=200,
                     n_classes=10, seed=0):
    r"""Weight-gradient norm of every layer of a fresh deep MLP, first layer first.

    A standard-normal input of ``width`` features and random labels of ``n_classes`` classes
    go through ``depth`` hidden layers; the cross-entropy loss is backpropagated once.

    Returns
    -------
    ndarray, shape (depth + 1,)
        ``||dW||`` of each hidden layer, then of the output layer.

    Notes
    -----
    Each sigmoid layer multiplies the backward signal by about
    :math:`\sigma'(z) \sqrt{n \mathrm{Var}[w]} \le 1/4`, so the first layers' gradients are
    orders of magnitude smaller than the last ones' (Glorot and Bengio 2010).

    References
    ----------
    Glorot and Bengio (2010), "Understanding the difficulty of training deep feedforward
    neural networks", AISTATS.

    Examples
    --------
    >>> norms = input_grad_norms(depth=10, activation="sigmoid")
    >>> bool(norms[0] < 1e-3 * norms[-2])
    True
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) \
            or n_classes < 2:
        raise ValueError(f"n_classes must be an integer >= 2; got {n_classes!r}")
    net = MLP([width] * (depth + 1) + [n_classes], activation=activation, init=init, seed=seed)
    rng = np.random.default_rng([seed, 2])
    X = rng.standard_normal((n_samples, width))
    return grad_norms(net, X, rng.integers(0, n_classes, n_samples), "cross_entropy")


def born_dead_probability(depth, width=2, n_in=1, n_trials=1000, n_samples=100,
                          activation="relu", init="he", seed=0):
    r"""Monte-Carlo estimate of the probability that a fresh MLP is "born dead".

    A network is born dead when some hidden layer outputs exactly 0 in every unit for every
    input of the data: everything above it then sees a constant, so the network computes a
    constant function and no gradient reaches the layers below.

    Parameters
    ----------
    depth : int
        Number of hidden layers.
    width : int, default 2
        Units per hidden layer (narrow nets die young).
    n_in : int, default 1
        Input features; the data are ``n_samples`` points uniform in :math:`[-\sqrt3,
        \sqrt3]^{n_\text{in}}` (mean 0, variance 1), drawn afresh for every network.
    n_trials : int, default 1000
        Number of independently initialised networks.
    n_samples : int, default 100
    activation : str or Activation, default "relu"
    init : {"he", "xavier", "lecun"} or float, default "he"
        Gaussian weights as in :class:`actlib.nn.MLP`; biases are 0.
    seed : int, default 0

    Returns
    -------
    float
        Fraction of the ``n_trials`` networks that are born dead.

    Notes
    -----
    All trials run at once: the weights of layer l of every trial are one array of shape
    (n_trials, n_in, width) and a batched matmul moves all networks forward together.

    Lu, Shin, Su and Karniadakis prove that this probability tends to 1 as the depth grows
    for any fixed width; their numerical examples show it falling as the width grows.

    References
    ----------
    Lu, Shin, Su and Karniadakis (2019), "Dying ReLU and initialization: theory and numerical
    examples", Communications in Computational Physics 28 (2020).

    Examples
    --------
    >>> p2, p20 = (born_dead_probability(d, width=2, n_trials=500) for d in (2, 20))
    >>> bool(p2 < p20)
    True
    """
    for value, name in ((depth, "depth"), (width, "width"), (n_in, "n_in"),
                        (n_trials, "n_trials"), (n_samples, "n_samples")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    act = get(activation)
    rng = np.random.default_rng(seed)
    a = rng.uniform(-np.sqrt(3), np.sqrt(3), size=(n_trials, n_samples, n_in))
    dead = np.zeros(n_trials, dtype=bool)
    fan_in = n_in
    for _ in range(depth):
        W = rng.normal(0.0, init_std(init, fan_in, width), size=(n_trials, fan_in, width))
        a = act.f(a @ W)
        dead |= np.all(a == 0, axis=(1, 2))  # this whole layer is silent on all the data
        fan_in = width
    return float(dead.mean())


__all__ = [
    "SATURATION_THRESHOLD",
    "LayerStats",
    "SignalStats",
    "born_dead_probability",
    "deep_signal",
    "grad_norms",
    "input_grad_norms",
    "layer_stats",
    "signal_stats",
]
