r"""Look inside a network: readers of what :class:`actlib.nn.MLP` left behind.

``layer_stats`` reads what ``forward`` and ``backward`` left: the activations' mean and spread,
how many units are saturated or dead, and each layer's weight-gradient norm; ``grad_norms``
the gradient norms of every layer; ``signal_stats`` the spread of ``z`` and ``a`` layer by
layer. They read a network and build none, so ``nn`` can use them (``train(record=...)``);
the experiments that build networks to measure are in :mod:`actlib.experiments`.
"""
from dataclasses import dataclass

import numpy as np

from .losses import get_loss
from .validate import real_param

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
    >>> from actlib.nn import MLP
    >>> net = MLP([2, 16, 16, 1], activation="relu", seed=0, bias_init=-3.0)
    >>> stats = layer_stats(net, np.random.default_rng(0).normal(size=(64, 2)))
    >>> [round(s.dead, 2) for s in stats]  # a bias of -3 kills most units
    [0.75, 1.0]
    """
    threshold = real_param(threshold, "threshold", low=0.0)
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
    >>> from actlib.nn import MLP
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
    >>> from actlib.nn import MLP
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


__all__ = ["SATURATION_THRESHOLD", "LayerStats", "SignalStats", "grad_norms", "layer_stats",
           "signal_stats"]
