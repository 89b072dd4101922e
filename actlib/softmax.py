r"""Softmax and its family: log_softmax, logsumexp, the Jacobian, cross-entropy, and maxout.

All of them shift by the maximum first, so logits of 1000 (or inf) give the right answer where
the textbook formula gives NaN.
"""
import numpy as np

from .validate import as_real_array, class_labels, finish, int_param, real_param


def _shifted(x, axis):
    """(x - m, m) with m = max(x) along ``axis``, the infinite cases settled by their limits.

    Where the maximum is +inf or -inf, entries equal to it get 0 (not inf - inf = NaN): a row
    of all -inf is then uniform, and a row with +inf puts all its mass there. NaN stays NaN.
    ``x - m`` is a new array, which the callers then transform in place.
    """
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)  # initial: an empty axis is fine
    # x - m <= 0 can only overflow to -inf (e.g. -1e308 - 1e308), which is the right limit.
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf: settled just below
        z = x - m
    if not np.isfinite(m).all():
        z[x == m] = 0
    return z, m


def _logits(x, axis):
    """Check ``x`` and ``axis``; return x and the array to compute with (float16 in float32)."""
    x = as_real_array(x)
    if x.ndim == 0:
        raise ValueError("softmax needs at least one axis; got a scalar")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of range for an input with {x.ndim} dimension(s)")
    # float32 sums of many float16 terms cannot overflow, and keep float16's precision
    return x, (x.astype(np.float32) if x.dtype == np.float16 else x)


def softmax(x, axis=-1, temperature=1.0):
    r"""Softmax: turn logits into probabilities along ``axis``.

    Parameters
    ----------
    x : array_like
        Logits.
    axis : int, default -1
        The axis that sums to 1.
    temperature : float, default 1.0
        Must be > 0. Small temperatures approach one-hot argmax, large ones the uniform
        distribution.

    Returns
    -------
    ndarray
        Probabilities, same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \mathrm{softmax}(x)_i = \frac{e^{x_i / T}}{\sum_j e^{x_j / T}}
              = \frac{e^{(x_i - m)/T}}{\sum_j e^{(x_j - m)/T}}, \quad m = \max_j x_j

    Adding a constant to every logit changes nothing, so we subtract the maximum: the largest
    exponent is then e^0 = 1 and nothing can overflow. The derivative (see
    :func:`softmax_jacobian`) is

    .. math:: \frac{\partial p_i}{\partial x_j} = \frac1T\, p_i (\delta_{ij} - p_j)

    References
    ----------
    Bridle (1990), "Probabilistic interpretation of feedforward classification network
    outputs, with relationships to statistical pattern recognition".

    Examples
    --------
    >>> softmax([1000.0, 1000.0])  # the naive formula gives nan, nan
    array([0.5, 0.5])
    >>> softmax([1.0, 2.0, 3.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    """
    x, work = _logits(x, axis)
    temperature = real_param(temperature, "temperature", low=0.0, low_inclusive=False)
    z, _ = _shifted(work, axis)
    if temperature != 1.0:
        with np.errstate(over="ignore"):  # a tiny temperature may push z/T to -inf: exp gives 0
            z /= temperature
    np.exp(z, out=z)
    z /= np.sum(z, axis=axis, keepdims=True)
    return finish(z, x)


def log_softmax(x, axis=-1):
    r"""Logarithm of :func:`softmax`, computed without taking log of an underflowed 0.

    Parameters
    ----------
    x : array_like
        Logits.
    axis : int, default -1
        The axis along which the probabilities sum to 1.

    Returns
    -------
    ndarray
        Log-probabilities (all <= 0), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \log \mathrm{softmax}(x)_i = x_i - \mathrm{logsumexp}(x)
              = (x_i - m) - \log \sum_j e^{x_j - m}, \qquad
              \frac{\partial \log \mathrm{softmax}(x)_i}{\partial x_j}
              = \delta_{ij} - \mathrm{softmax}(x)_j

    References
    ----------
    Bridle (1990), as in :func:`softmax`.

    Examples
    --------
    >>> log_softmax([0.0, 1000.0])  # log(softmax(.)) gives -inf for the first entry
    array([-1000.,     0.])
    """
    x, work = _logits(x, axis)
    z, _ = _shifted(work, axis)
    with np.errstate(divide="ignore"):  # only an empty sum is 0 (the max term is e^0 = 1)
        z -= np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
    return finish(z, x)


def logsumexp(x, axis=-1):
    r"""Stable :math:`\log \sum_i e^{x_i}` along ``axis``.

    Parameters
    ----------
    x : array_like
        Real input.
    axis : int, default -1
        The axis summed over.

    Returns
    -------
    ndarray or scalar
        ``x``'s shape without ``axis``, in ``x``'s float dtype (a scalar for 1-D input).

    Notes
    -----
    .. math:: \mathrm{logsumexp}(x) = m + \log \sum_i e^{x_i - m}, \quad m = \max_i x_i,
              \qquad \frac{\partial\, \mathrm{logsumexp}(x)}{\partial x_i}
              = \mathrm{softmax}(x)_i

    References
    ----------
    Blanchard, Higham and Higham (2021), "Accurately computing the log-sum-exp and softmax
    functions", IMA Journal of Numerical Analysis 41.

    Examples
    --------
    >>> print(f"{logsumexp([1000.0, 1000.0]):.6f}")  # 1000 + log 2
    1000.693147
    """
    x, work = _logits(x, axis)
    z, m = _shifted(work, axis)
    np.exp(z, out=z)
    with np.errstate(divide="ignore"):  # only an empty sum is 0 (the max term is e^0 = 1)
        out = np.log(np.sum(z, axis=axis))
    out += np.squeeze(m, axis=axis)
    return finish(out, np.squeeze(m, axis=axis).astype(x.dtype))  # a 0-d result: a scalar


def softmax_jacobian(z):
    r"""Jacobian of :func:`softmax` for one vector of logits: ``diag(p) - p p^T``.

    Parameters
    ----------
    z : array_like, shape (n,)
        Logits.

    Returns
    -------
    ndarray, shape (n, n)
        ``J[i, j] = d softmax(z)_i / d z_j``. Each row and column sums to 0.

    Notes
    -----
    .. math:: \frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j)

    References
    ----------
    Bridle (1990), as in :func:`softmax`.

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    z = as_real_array(z, "z")
    if z.ndim != 1:
        raise ValueError(f"softmax_jacobian takes one vector of logits, shape (n,); got {z.shape}")
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def softmax_cross_entropy(logits, labels):
    r"""Mean cross-entropy of integer ``labels`` under ``softmax(logits)``, and its gradient.

    Parameters
    ----------
    logits : array_like, shape (N, C)
        One row of logits per example, C >= 2.
    labels : array_like of int, shape (N,)
        Class indices in ``[0, C)``.

    Returns
    -------
    loss : float
    dlogits : ndarray, shape (N, C)

    Notes
    -----
    .. math:: L = -\frac1N \sum_n \log \mathrm{softmax}(z_n)_{y_n}, \qquad
              \frac{\partial L}{\partial z} = \frac{\mathrm{softmax}(z) - \mathrm{onehot}(y)}{N}

    Computed from :func:`log_softmax`, so huge logits give the right (finite) loss.

    References
    ----------
    Bridle (1990), "Training stochastic model recognition algorithms as networks can lead to
    maximum mutual information estimation of parameters", NeurIPS.

    Examples
    --------
    >>> loss, dz = softmax_cross_entropy(np.array([[0.0, 0.0], [1000.0, 0.0]]), [0, 0])
    >>> round(loss, 6), dz
    (0.346574, array([[-0.25,  0.25],
           [ 0.  ,  0.  ]]))
    """
    logits = as_real_array(logits, "logits").astype(np.float64, copy=False)
    if logits.ndim != 2 or logits.shape[1] < 2:
        raise ValueError("cross-entropy needs logits of shape (N, C) with C >= 2; got "
                         f"{logits.shape} (for one output use bce_with_logits)")
    n = logits.shape[0]
    labels = class_labels(labels, n, logits.shape[1])
    logp = log_softmax(logits, axis=1)
    rows = np.arange(n)
    dz = np.exp(logp)  # softmax, from the stable log
    dz[rows, labels] -= 1.0
    return float(-logp[rows, labels].mean()), dz / n


def cross_entropy(logits, labels):
    r"""Mean cross-entropy of integer ``labels`` under ``softmax(logits)``.

    The loss of :func:`softmax_cross_entropy` (which also returns its gradient,
    ``(softmax(logits) - onehot(labels)) / N``).

    Examples
    --------
    >>> round(cross_entropy([[0.0, 0.0], [1000.0, 0.0]], [0, 0]), 6)
    0.346574
    """
    return softmax_cross_entropy(logits, labels)[0]


def maxout(x, pieces, axis=-1):
    r"""Maxout: the maximum over groups of ``pieces`` consecutive units along ``axis``.

    Parameters
    ----------
    x : array_like
        Pre-activations; ``x.shape[axis]`` must be divisible by ``pieces``.
    pieces : int
        Linear pieces per output unit (k in the paper).
    axis : int, default -1

    Returns
    -------
    ndarray
        Shape of ``x`` with ``shape[axis]`` divided by ``pieces``.

    Notes
    -----
    .. math:: h_i(x) = \max_{j \in [1, k]} z_{ij}, \qquad
              \frac{\partial h_i}{\partial z_{ij}} = [\,j = \arg\max_{j'} z_{ij'}\,]

    A maxout unit with k pieces needs k times the weights of an ordinary unit.

    References
    ----------
    Goodfellow, Warde-Farley, Mirza, Courville and Bengio (2013), "Maxout networks", ICML.

    Examples
    --------
    >>> maxout([1.0, -2.0, 0.5, 3.0], pieces=2)
    array([1., 3.])
    """
    x, _ = _logits(x, axis)
    pieces = int_param(pieces, "pieces")
    axis = axis % x.ndim
    size = x.shape[axis]
    if size % pieces:
        raise ValueError(f"pieces={pieces} does not divide the {size} units along axis {axis}")
    grouped = x.reshape(x.shape[:axis] + (size // pieces, pieces) + x.shape[axis + 1:])
    return np.max(grouped, axis=axis + 1)
