r"""Experiments at initialisation: build fresh networks and measure them.

``deep_signal`` follows a signal through a deep network (He et al. 2015; Klambauer et al.
2017); ``input_grad_norms`` does the same for the gradient (Glorot and Bengio 2010);
``born_dead_probability`` is a Monte-Carlo estimate of how often a narrow deep ReLU network is
dead at birth (Lu et al. 2019). They use :mod:`actlib.nn` to build and
:mod:`actlib.diagnostics` to read.
"""
from dataclasses import dataclass

import numpy as np

from .activations import get
from .diagnostics import grad_norms, signal_stats
from .nn import MLP, init_std
from .validate import int_param, real_param


def _deep_net(depth, width, activation, init, seed):
    depth, width = int_param(depth, "depth"), int_param(width, "width")
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
    n_classes = int_param(n_classes, "n_classes", low=2)
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
        int_param(value, name)
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


def backward_signals(net, dout):
    r"""The backward signal :math:`dz_l` of every hidden layer, first layer first.

    Runs :meth:`actlib.nn.MLP.backward` (so ``dW`` and ``db`` are filled as usual) after the
    last ``net.forward``, and returns the signals it computes on the way (``net.dz``):
    :math:`dz_l = (dz_{l+1} W_{l+1}^\top) \odot f'(z_l)`, one (N, width) array per layer
    (``net.layers[l].db`` is its sum over the batch).

    Examples
    --------
    >>> net = MLP([3, 4, 4, 2], activation="tanh", seed=0)
    >>> out = net.forward(np.ones((5, 3)))
    >>> dz = backward_signals(net, np.ones_like(out))
    >>> [d.shape for d in dz], bool(np.allclose(dz[0].sum(0), net.layers[0].db))
    ([(5, 4), (5, 4)], True)
    """
    net.backward(dout)
    return list(net.dz)


@dataclass(frozen=True)
class GradientFlow:
    """What :func:`gradient_flow` measured, one entry per hidden layer (first layer first)."""

    q: np.ndarray      # mean z^2 of the layer: the variance of its pre-activations
    dz_sq: np.ndarray  # mean over the batch of ||dz_l||^2 (one example's backward signal)
    dW: np.ndarray     # ||dW_l|| (Frobenius) of the batch
    a_sq: np.ndarray   # mean square of the layer's input a_{l-1}: the forward signal


def gradient_flow(depth=30, width=256, activation="tanh", sigma_w=1.0, sigma_b=0.0,
                  n_samples=64, seed=0):
    r"""Forward and backward signal of a fresh MLP with weights :math:`N(0, \sigma_w^2/n)`.

    ``depth`` hidden layers of ``width`` units get a standard-normal input (``width``
    features); biases are drawn :math:`N(0, \sigma_b^2)`; a standard-normal ``dout`` enters
    the linear output layer (``width`` outputs) and is backpropagated once.

    Returns
    -------
    GradientFlow
        ``q`` is what :func:`actlib.meanfield.variance_map` predicts, and
        ``dz_sq[l] / dz_sq[l + 1]`` what :func:`actlib.meanfield.chi` predicts at ``q[l]``.
        ``dW[l]`` is the forward signal into layer ``l`` times its backward signal: about
        ``sqrt(n_samples * width * a_sq[l] * dz_sq[l])`` when both are zero-mean (tanh; not
        the sigmoid, whose positive outputs correlate the terms of ``a.T @ dz``).

    Examples
    --------
    >>> flow = gradient_flow(depth=10, width=128, activation="relu", sigma_w=1.0)
    >>> float(np.round(flow.q[-1] / flow.q[0], 4)) < 0.01    # Xavier with ReLU: 2^-9
    True
    """
    depth, width = int_param(depth, "depth"), int_param(width, "width")
    n_samples = int_param(n_samples, "n_samples")
    sigma_w = real_param(sigma_w, "sigma_w", low=0.0)
    sigma_b = real_param(sigma_b, "sigma_b", low=0.0)
    net = MLP([width] * (depth + 2), activation=activation, init=sigma_w / np.sqrt(width),
              seed=seed)
    rng = np.random.default_rng([seed, 3])
    for layer in net.layers[:-1]:
        layer.b[:] = rng.normal(0.0, sigma_b, width) if sigma_b else 0.0
    X = rng.standard_normal((n_samples, width))
    out = net.forward(X)
    dz = backward_signals(net, rng.standard_normal(out.shape))
    inputs = [X] + net.activations[:-1]
    return GradientFlow(q=np.array([np.mean(z ** 2) for z in net.preactivations]),
                        dz_sq=np.array([np.mean(np.sum(d ** 2, axis=1)) for d in dz]),
                        dW=np.array([np.linalg.norm(layer.dW) for layer in net.layers[:-1]]),
                        a_sq=np.array([np.mean(a ** 2) for a in inputs]))


__all__ = ["GradientFlow", "backward_signals", "born_dead_probability", "deep_signal",
           "gradient_flow", "input_grad_norms"]
