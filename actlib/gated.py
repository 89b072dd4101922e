r"""Gated linear units: half of a vector, multiplied elementwise by a gate of the other half.

A GLU is not elementwise: its output has half as many numbers as its input, and each output
depends on two inputs. So it lives here, in a module of its own, rather than in
``activations.py`` (whose registry, tests and plots assume ``f: R -> R``) or ``softmax.py``
(functions that normalise along an axis). Like those two it is a leaf: it only uses the
registered elementwise activations as gates.

.. math:: \mathrm{GLU}_f(x) = a \odot f(b), \qquad [a, b] = x \text{ split in halves along axis}

Names in use (Shazeer 2020): GLU (f = sigmoid, Dauphin et al. 2017), Bilinear (f = identity),
ReGLU (relu), GEGLU (gelu), SwiGLU (swish; LLaMA, PaLM, Mistral).

In a network the two halves come from two linear maps of the same input, ``a = x W`` and
``b = x V``; :class:`actlib.nn.GatedMLP` computes both with one matrix ``[W | V]`` and calls
:func:`glu` on the result.
"""
from types import MappingProxyType

import numpy as np

from .activations import ACTIVATIONS, get
from .validate import as_real_array, choice_param, finish, int_param

#: The gate functions :func:`glu` accepts: each an ``Activation`` from the registry.
#: "gelu_tanh" is GELU's tanh approximation (T5 v1.1's GEGLU uses it; about 5x faster in
#: float64 here than the exact GELU, which calls SciPy's normal CDF).
GATES = MappingProxyType({**{name: ACTIVATIONS[name]
                             for name in ("sigmoid", "relu", "gelu", "swish", "identity")},
                          "gelu_tanh": get("gelu", approximate="tanh")})

#: Shazeer's (2020) names for each gate.
VARIANTS = MappingProxyType({"glu": "sigmoid", "bilinear": "identity", "reglu": "relu",
                             "geglu": "gelu", "swiglu": "swish"})


def _gate(gate):
    return GATES[choice_param(gate, "gate", tuple(GATES))]


def _halves(x, axis):
    """x (checked, float16 as float32) and its two halves along ``axis``."""
    x = as_real_array(x)
    if x.ndim == 0:
        raise ValueError("a GLU needs an array with an axis to split; got a scalar")
    axis = int_param(axis, "axis", low=-x.ndim)
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of range for an array of {x.ndim} dimension(s)")
    n = x.shape[axis]
    if n % 2:
        raise ValueError(f"a GLU splits axis {axis} in two halves, so its size must be even; "
                         f"got {n} (shape {x.shape})")
    work = x.astype(np.float32) if x.dtype == np.float16 else x
    a, b = np.split(work, 2, axis=axis)
    return x, a, b


def glu(x, gate="sigmoid", axis=-1):
    r"""Gated linear unit: split ``x`` in halves ``a, b`` along ``axis``, return ``a * f(b)``.

    Parameters
    ----------
    x : array_like
        Real input whose size along ``axis`` is even.
    gate : {"sigmoid", "relu", "gelu", "swish", "identity", "gelu_tanh"}, default "sigmoid"
        The gate f: GLU, ReGLU, GEGLU, SwiGLU and Bilinear respectively (and GEGLU with
        GELU's tanh approximation).
    axis : int, default -1
        The axis to split.

    Returns
    -------
    ndarray
        ``x``'s shape with ``axis`` halved; float16/32/64 kept, integers become float64.

    Raises
    ------
    TypeError
        For non-real input or a non-integer axis.
    ValueError
        For an odd size along ``axis``, a scalar, an axis out of range or an unknown gate.

    Notes
    -----
    .. math:: \mathrm{GLU}_f(a, b) = a \odot f(b), \qquad
              \frac{\partial}{\partial a} = f(b), \quad \frac{\partial}{\partial b} = a\,f'(b)

    With ``a = x W`` and ``b = x V`` every output is a product of two linear functions of the
    input: with f = identity a bilinear form, with other gates one that a gate can switch off.
    Products of inputs are what a single ReLU layer cannot form. The product of two finite
    numbers may overflow to inf (no warning); ``inf * 0`` (an infinite ``a`` whose gate is
    exactly 0) is NaN, since that product has no value.

    References
    ----------
    Dauphin, Fan, Auli and Grangier (2017), "Language modeling with gated convolutional
    networks", ICML; Shazeer (2020), "GLU variants improve Transformer", arXiv:2002.05202.

    Examples
    --------
    >>> glu([[1.0, 2.0, 0.0, 3.0]], gate="identity")   # [1 * 0, 2 * 3]
    array([[0., 6.]])
    >>> glu([2.0, -1.0], gate="relu"), glu([2.0, 0.0])
    (array([0.]), array([1.]))
    """
    f = _gate(gate)
    x, a, b = _halves(x, axis)
    with np.errstate(over="ignore", invalid="ignore"):  # see Notes: inf, and NaN for inf * 0
        out = a * f.f(b)
    return finish(out, x)


def glu_grad(x, dout, gate="sigmoid", axis=-1):
    r"""Gradient of a loss with respect to the input of :func:`glu`, given ``dout``.

    Parameters
    ----------
    x : array_like
        The input :func:`glu` received.
    dout : array_like
        dLoss/dOutput, shaped like ``glu(x, gate, axis)``.
    gate, axis
        As for :func:`glu`.

    Returns
    -------
    ndarray
        dLoss/dx, shaped like ``x``: the first half along ``axis`` is ``dout * f(b)`` (the
        gradient with respect to ``a``), the second ``dout * a * f'(b)`` (with respect to ``b``).

    Raises
    ------
    TypeError, ValueError
        As for :func:`glu`; ValueError when ``dout`` has the wrong shape.

    Notes
    -----
    .. math:: \frac{\partial L}{\partial a} = \delta \odot f(b), \qquad
              \frac{\partial L}{\partial b} = \delta \odot a \odot f'(b)

    Examples
    --------
    >>> glu_grad([[1.0, 2.0, 0.0, 3.0]], [[1.0, 1.0]], gate="identity")   # [b, a]
    array([[0., 3., 1., 2.]])
    """
    f = _gate(gate)
    x, a, b = _halves(x, axis)
    dout = as_real_array(dout, "dout")
    if dout.shape != a.shape:
        raise ValueError(f"dout must have the shape of glu's output {a.shape}; got {dout.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        da = dout * f.f(b)
        db = dout * a * f.df(b)
    return finish(np.concatenate([da, db], axis=axis), x)


__all__ = ["GATES", "VARIANTS", "glu", "glu_grad"]
