"""Lesson 07's checkers: softmax, log-softmax, the softmax Jacobian, the cross-entropy gradient."""
import numpy as np

from ..softmax import log_softmax as _log_softmax
from ..softmax import softmax as _softmax
from ..softmax import softmax_cross_entropy as _softmax_cross_entropy
from ..softmax import softmax_jacobian as _softmax_jacobian
from ._contract import _call, _check_array, _checker

_SM_INPUTS = (
    (np.array([1.0, 2.0, 3.0]), {}),
    (np.array([1000.0, 1001.0, 1002.0]), {}),
    (np.array([-1000.0, -1000.0, -999.0]), {}),
    (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.0]]), {}),
    (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.0]]), {"axis": 0}),
    (np.array([[1.0, 2.0, 3.0], [-4.0, 0.5, 800.0]], dtype=np.float32), {}),
)


def _vector(name, fn, ref, hint, rtol=1e-6):
    n = 0
    for x, kw in _SM_INPUTS:
        case, got = _call(name, hint, fn, (x,), kw)
        _check_array(case, got, ref(x.astype(np.float64), **kw), like=x, keep_float32=True,
                     rtol=rtol)
        n += 1
    return n


@_checker("softmax")
def check_softmax(softmax):
    return _vector("softmax", softmax, _softmax,
                   "exp(x) / sum(exp(x)) along `axis`; subtract the maximum along that axis first "
                   "(keepdims=True) so exp never overflows: softmax(x - c) = softmax(x).")


@_checker("log_softmax")
def check_log_softmax(log_softmax):
    return _vector("log_softmax", log_softmax, _log_softmax,
                   "log(softmax(x)) underflows to log(0) = -inf; use x - m - log(sum(exp(x - m))) "
                   "with m the maximum along `axis` (keepdims=True).")


@_checker("softmax_jacobian")
def check_softmax_jacobian(softmax_jacobian):
    hint = ("J[i, j] = p_i (delta_ij - p_j) with p the softmax of z: the diagonal has an extra "
            "p_i, every entry has the -p_i p_j (np.outer); K logits give a K x K matrix.")
    n = 0
    for z in (np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0, 0.0]),
              np.array([1000.0, 0.0, -1000.0]), np.array([0.0])):
        case, got = _call("softmax_jacobian", hint, softmax_jacobian, (z,))
        _check_array(case, got, _softmax_jacobian(z))
        n += 1
    return n


@_checker("cross_entropy_grad")
def check_cross_entropy_grad(cross_entropy_grad):
    hint = ("the gradient of the batch-mean cross-entropy with respect to the logits is "
            "(softmax(logits) - one_hot(labels)) / N, with the softmax over each row.")
    cases = ((np.array([[2.0, 1.0, 0.1]]), np.array([0])),
             (np.array([[2.0, 1.0, 0.1], [0.0, 3.0, -1.0]]), np.array([2, 1])),
             (np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.0, 0.0], [3.0, 3.0]]),
              np.array([1, 1, 0, 1])))
    n = 0
    for logits, labels in cases:
        case, got = _call("cross_entropy_grad", hint, cross_entropy_grad, (logits, labels))
        expected = _softmax_cross_entropy(logits, labels)[1]
        if isinstance(got, np.ndarray) and got.shape == expected.shape and len(labels) > 1 \
                and np.allclose(got, expected * len(labels)):
            case.fail("your gradient is N times too large.",
                      "the loss is the mean over the batch, so its gradient carries 1/N.")
        _check_array(case, got, expected)
        n += 1
    return n
