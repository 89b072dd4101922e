"""The elementwise checkers (lessons 02 to 06 and 11): one table, one row per exercise.

Each row names actlib's reference function, the inputs (from the sets below; every check adds a
random 4 x 5 array and a float32 array), the parameter sets to call with, the hint, and
whether float32 must come back as float32. ``check_<name>`` calls the learner's function on
every input and parameter set and compares element by element with the reference.
"""
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from .. import activations as _act
from ._contract import _call, _check_array, _checker

_SMALL = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
_KINK = np.array([-2.0, -1e-3, 0.0, 1e-3, 2.0])
_WIDE = np.array([-30.0, -10.0, 10.0, 30.0])
_EXTREME = np.array([-1000.0, -50.0, 50.0, 1000.0])
_HUGE = np.array([-1e308, -1e200, 1e200, 1e308])  # x * 6 or x * (x + 3) overflows here
_HARD_KINKS = np.array([-3.0, -1.5, 0.0, 3.0, 6.0])
_ALWAYS = (np.random.default_rng(7).normal(0, 3, size=(4, 5)),
           np.array([-4.0, -1.5, 0.25, 2.0, 4.0], dtype=np.float32))


@dataclass(frozen=True)
class _Row:
    reference: Callable
    inputs: tuple
    hint: str
    params: tuple = ({},)
    keep_float32: bool = True  # derivatives may upcast: the exercise does not ask for it
    rtol: float = 1e-6


_TABLE = {
    "sigmoid": _Row(_act.sigmoid, (_SMALL, _WIDE, _EXTREME),
                    "sigmoid(x) = 1 / (1 + e^(-x)) (mind the sign of the exponent and the + in "
                    "the denominator); for x < 0 the same number is e^x / (1 + e^x), which "
                    "never overflows."),
    "sigmoid_grad": _Row(_act.sigmoid_grad, (_SMALL, _WIDE, _EXTREME),
                         "the derivative is s * (1 - s) with s = sigmoid(x): evaluate it at the "
                         "input x, not at x itself as if x were already the output s.",
                         keep_float32=False),
    "tanh_from_sigmoid": _Row(_act.tanh, (_SMALL, _WIDE, _EXTREME),
                              "tanh(x) = 2 * sigmoid(2x) - 1: the 2 goes both inside and "
                              "outside; use a stable sigmoid (actlib.sigmoid) so large |x| does "
                              "not overflow."),
    "tanh_grad": _Row(_act.tanh_grad, (_SMALL, _WIDE, _EXTREME),
                      "the derivative is 1 - tanh(x)^2, evaluated at the input x; 1 - x^2 is "
                      "the formula in terms of the output a = tanh(x).", keep_float32=False),
    "relu": _Row(_act.relu, (_SMALL, _KINK, _EXTREME),
                 "relu(x) = max(x, 0) element by element: np.maximum (not np.max, which "
                 "reduces the whole array to one number)."),
    "relu_grad": _Row(_act.relu_grad, (_SMALL, _KINK, _EXTREME),
                      "the slope is 1 where x > 0 and 0 where x < 0; at x = 0 follow PyTorch "
                      "and use 0. Return floats, not booleans.", keep_float32=False),
    "leaky_relu": _Row(_act.leaky_relu, (_SMALL, _KINK, _EXTREME),
                       "x where x > 0, and alpha * x where x <= 0: the small slope belongs on "
                       "the negative side. Keep the signature leaky_relu(x, alpha=0.01).",
                       params=({}, {"alpha": 0.2})),
    "elu": _Row(_act.elu, (_SMALL, _KINK, _WIDE, _EXTREME),
                "x where x > 0, and alpha * (e^x - 1) where x <= 0 (it approaches -alpha, not "
                "0). Keep the signature elu(x, alpha=1.0).", params=({}, {"alpha": 0.5})),
    "selu": _Row(_act.selu, (_SMALL, _KINK, _WIDE, _EXTREME),
                 "scale * x for x > 0 and scale * alpha * (e^x - 1) for x <= 0, with the "
                 "constants at full precision (actlib.SELU_ALPHA, actlib.SELU_SCALE); the scale "
                 "multiplies both branches.", rtol=1e-5),
    "softplus": _Row(_act.softplus, (_SMALL, _WIDE, _EXTREME),
                     "softplus(x) = log(1 + e^x); written as max(x, 0) + log1p(e^(-|x|)) it "
                     "never overflows and stays accurate for very negative x."),
    "gelu_tanh": _Row(partial(_act.gelu, approximate="tanh"), (_SMALL, _WIDE, _EXTREME),
                      "0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): the tanh "
                      "approximation, not the exact erf form (they differ by up to ~5e-4)."),
    "swish": _Row(_act.swish, (_SMALL, _WIDE, _EXTREME),
                  "swish(x) = x * sigmoid(beta * x): beta goes inside the sigmoid; use a stable "
                  "sigmoid. Keep the signature swish(x, beta=1.0).",
                  params=({}, {"beta": 2.0}, {"beta": 0.5})),
    "swish_grad": _Row(_act.swish_grad, (_SMALL, _WIDE, _EXTREME),
                       "product rule on x * s with s = sigmoid(beta x): s + beta x s (1 - s), "
                       "evaluated at the input x.", params=({}, {"beta": 2.0}, {"beta": 0.5}),
                       keep_float32=False),
    "hard_swish": _Row(_act.hard_swish, (_SMALL, _HARD_KINKS, _EXTREME, _HUGE),
                       "hard_swish(x) = x * relu6(x + 3) / 6: 0 for x <= -3, x for x >= 3. "
                       "Multiply x by hard_sigmoid(x) = clip(x + 3, 0, 6) / 6, a number in "
                       "[0, 1]; x * relu6(x + 3) first overflows for huge x, and x * (x + 3) "
                       "overflows long before."),
    "hard_swish_grad": _Row(_act.hard_swish_grad, (_SMALL, _HARD_KINKS, _EXTREME, _HUGE),
                            "0 for x < -3, x / 3 + 1/2 for -3 <= x <= 3, 1 for x > 3; at the "
                            "kinks follow PyTorch, which uses the middle formula on the closed "
                            "interval (-1/2 at x = -3, 3/2 at x = 3). Return floats.",
                            keep_float32=False),
}


def _check_elementwise(name, fn):
    """Call ``fn(x, **p)`` for every input and parameter set; compare with the reference."""
    row, n = _TABLE[name], 0
    for p in row.params:
        for x in [np.asarray(a, dtype=np.float64) for a in row.inputs] + [a.copy() for a in _ALWAYS]:
            case, got = _call(name, row.hint, fn, (x,), p)
            with np.errstate(all="ignore"):
                expected = row.reference(x.astype(np.float64), **p)
            _check_array(case, got, expected, like=x, keep_float32=row.keep_float32,
                         rtol=row.rtol, point=x)
            n += 1
    return n


def _make(name):
    check = _checker(name)(partial(_check_elementwise, name))
    check.__name__ = check.__qualname__ = f"check_{name}"
    return check


check_sigmoid = _make("sigmoid")
check_sigmoid_grad = _make("sigmoid_grad")
check_tanh_from_sigmoid = _make("tanh_from_sigmoid")
check_tanh_grad = _make("tanh_grad")
check_relu = _make("relu")
check_relu_grad = _make("relu_grad")
check_leaky_relu = _make("leaky_relu")
check_elu = _make("elu")
check_selu = _make("selu")
check_softplus = _make("softplus")
check_gelu_tanh = _make("gelu_tanh")
check_swish = _make("swish")
check_swish_grad = _make("swish_grad")
check_hard_swish = _make("hard_swish")
check_hard_swish_grad = _make("hard_swish_grad")
