r"""Losses for :mod:`actlib.nn`: each returns ``(mean loss over the batch, its gradient)``.

``get_loss`` turns a name ("mse", "bce", "cross_entropy") into the function; the cross-entropy
is :func:`actlib.softmax.softmax_cross_entropy`, the one cross-entropy of actlib.
"""
import numpy as np

from .softmax import softmax_cross_entropy


def _targets_like(pred, y, name):
    """y as float64 with pred's shape (an (N,) target is accepted for an (N, 1) prediction)."""
    pred = np.asarray(pred, dtype=np.float64)
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise TypeError(f"{name} targets must be real numbers; got dtype {y.dtype}")
    if pred.ndim == 2 and pred.shape[1] == 1 and y.shape == pred.shape[:1]:
        y = y[:, None]
    if y.shape != pred.shape:
        raise ValueError(f"{name}: targets must have shape {pred.shape} (or ({pred.shape[0]},) "
                         f"for one output); got {y.shape}")
    if pred.size == 0:
        raise ValueError(f"{name} of an empty batch is undefined")
    y = y.astype(np.float64, copy=False)
    if not np.isfinite(y).all():
        raise ValueError(f"{name}: targets contain NaN or inf")
    return pred, y


def mse(pred, y):
    r"""Mean squared error and its gradient.

    Notes
    -----
    .. math:: L = \frac{1}{M} \sum_i (p_i - y_i)^2, \qquad \frac{\partial L}{\partial p}
              = \frac{2}{M} (p - y)

    with M the number of entries (as ``torch.nn.MSELoss``).

    Parameters
    ----------
    pred : ndarray, shape (N, k)
        The network's output.
    y : array_like
        Targets of the same shape (or (N,) when k = 1).

    Returns
    -------
    loss : float
    dpred : ndarray, shape of ``pred``

    References
    ----------
    Goodfellow, Bengio and Courville (2016), "Deep learning", MIT Press, section 5.5.

    Examples
    --------
    >>> loss, dpred = mse(np.array([[1.0], [3.0]]), [1.0, 1.0])
    >>> loss, dpred.ravel()
    (2.0, array([0., 2.]))
    """
    pred, y = _targets_like(pred, y, "mse")
    diff = pred - y
    return float(np.mean(diff * diff)), (2.0 / diff.size) * diff


def bce_with_logits(logits, y):
    r"""Binary cross-entropy of targets ``y`` in [0, 1] under ``sigmoid(logits)``, stably.

    Notes
    -----
    .. math:: L = \frac{1}{M} \sum_i \max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|}),
              \qquad \frac{\partial L}{\partial z} = \frac{\sigma(z) - y}{M}

    the same as :math:`-y \log \sigma(z) - (1 - y) \log(1 - \sigma(z))` without ever taking
    the log of a sigmoid that rounded to 0 or 1.

    Parameters
    ----------
    logits : ndarray, shape (N, k)
        The network's output, before the sigmoid.
    y : array_like
        Targets in [0, 1], shaped like ``logits`` (or (N,) when k = 1).

    Returns
    -------
    loss : float
    dlogits : ndarray, shape of ``logits``

    References
    ----------
    Goodfellow, Bengio and Courville (2016), "Deep learning", MIT Press, section 6.2.2.2.

    Examples
    --------
    >>> loss, dz = bce_with_logits(np.array([[800.0], [0.0]]), [0, 1])  # naive: inf
    >>> round(loss, 4), dz.ravel()
    (400.3466, array([ 0.5 , -0.25]))
    """
    z, y = _targets_like(logits, y, "bce_with_logits")
    if y.min() < 0 or y.max() > 1:
        raise ValueError(f"bce_with_logits: targets must lie in [0, 1]; got values from "
                         f"{y.min()} to {y.max()}")
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    loss = np.mean(np.maximum(z, 0) - z * y + np.log1p(e))
    sig = np.where(z >= 0, 1.0, e) / (1.0 + e)
    return float(loss), (sig - y) / z.size


#: Loss name -> function returning (loss, dlogits).
LOSSES = {
    "mse": mse,
    "bce": bce_with_logits,
    "bce_with_logits": bce_with_logits,
    "cross_entropy": softmax_cross_entropy,
    "softmax_cross_entropy": softmax_cross_entropy,
}


def get_loss(name):
    """The loss function called ``name`` (or ``name`` itself if it is callable).

    Raises
    ------
    KeyError
        For an unknown name, listing the known ones.

    Examples
    --------
    >>> get_loss("bce") is bce_with_logits
    True
    """
    if callable(name):
        return name
    if name not in LOSSES:
        raise KeyError(f"unknown loss {name!r}; known: {', '.join(LOSSES)}")
    return LOSSES[name]


__all__ = ["LOSSES", "bce_with_logits", "get_loss", "mse", "softmax_cross_entropy"]
