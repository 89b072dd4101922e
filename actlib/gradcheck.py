r"""Numerical derivatives by central differences, and the relative error used to judge them.

A gradient check compares an analytic derivative with
:math:`(f(x + h) - f(x - h)) / 2h`, whose error is :math:`O(h^2)`. As in Stanford's CS231n
notes: a relative error below 1e-7 is right, above 1e-4 is almost surely a bug (kinks such as
ReLU's at 0 are the exception: keep inputs away from them).
"""
import numpy as np

from .validate import as_real_array


def numerical_derivative(f, x, h=1e-5):
    r"""Central-difference derivative of an elementwise function ``f`` at every entry of ``x``.

    Parameters
    ----------
    f : callable
        Elementwise: ``f(x)[i]`` depends only on ``x[i]``.
    x : array_like
        Where to differentiate (computed in float64).
    h : float, default 1e-5
        Step.

    Returns
    -------
    ndarray
        :math:`(f(x + h) - f(x - h)) / 2h`, same shape as ``x``.

    Notes
    -----
    .. math:: f'(x) \approx \frac{f(x + h) - f(x - h)}{2h}
              = f'(x) + \frac{h^2}{6} f^{(3)}(x) + O(h^4)

    plus a rounding error of about :math:`\epsilon |f(x)| / h`: h = 1e-5 balances the two in
    float64. Across a kink (ReLU at 0) the quotient is meaningless.

    References
    ----------
    Karpathy, "CS231n: Convolutional neural networks for visual recognition", Stanford
    course notes, section "Gradient checks".

    Examples
    --------
    >>> numerical_derivative(np.sin, [0.0, np.pi]).round(8)
    array([ 1., -1.])
    """
    x = as_real_array(x).astype(np.float64)
    return (np.asarray(f(x + h), float) - np.asarray(f(x - h), float)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    r"""Central-difference gradient of a scalar function ``f`` with respect to array ``x``.

    Each entry is nudged in turn (on a float64 copy; ``x`` itself is not touched), so this
    costs two calls of ``f`` per entry: use it on small problems.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a scalar.
    x : array_like
    h : float, default 1e-5

    Returns
    -------
    ndarray
        Same shape as ``x``.

    Notes
    -----
    .. math:: \frac{\partial f}{\partial x_i} \approx
              \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    with :math:`e_i` the i-th unit vector.

    References
    ----------
    Karpathy, CS231n course notes, "Gradient checks" (as in :func:`numerical_derivative`).

    Examples
    --------
    >>> numerical_gradient(lambda v: np.sum(v ** 2), [1.0, -2.0]).round(8)
    array([ 2., -4.])
    """
    x = as_real_array(x).astype(np.float64)  # a private copy we may nudge
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = float(f(x))
        flat[i] = old - h
        down = float(f(x))
        flat[i] = old
        gflat[i] = (up - down) / (2 * h)
    return grad


def relative_error(analytic, numeric, eps=1e-12):
    r"""Largest elementwise relative error between two derivatives.

    Parameters
    ----------
    analytic, numeric : array_like
        Two arrays of the same shape, e.g. ``f_grad(x)`` and ``numerical_derivative(f, x)``.
    eps : float, default 1e-12
        Floor of the denominator.

    Returns
    -------
    float
        In [0, 2]; 0.0 for empty arrays. Below 1e-7: right; above 1e-4: almost surely a bug.

    Notes
    -----
    .. math:: \max_i \frac{|a_i - n_i|}{\max(|a_i|, |n_i|, \epsilon)}

    ``eps`` keeps two zeros from dividing by zero.

    References
    ----------
    Karpathy, CS231n course notes, "Gradient checks" (as in :func:`numerical_derivative`).

    Examples
    --------
    >>> relative_error([1.0, 0.0], [1.0 + 1e-9, 0.0]) < 1e-7
    True
    """
    a = as_real_array(analytic, "analytic").astype(np.float64)
    n = as_real_array(numeric, "numeric").astype(np.float64)
    if a.shape != n.shape:
        raise ValueError(f"shapes differ: analytic {a.shape}, numeric {n.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), eps)))
