"""Lesson 02's checker beyond the elementwise table: where the sigmoid saturates."""
import numpy as np

from .. import activations as _act
from ._contract import _call, _checker, _scalar


@_checker("sigmoid_saturation_point")
def check_sigmoid_saturation_point(sigmoid_saturation_point):
    case, got = _call("sigmoid_saturation_point",
                      "solve s (1 - s) = 0.01 for s = sigmoid(x), or search numerically on a "
                      "fine grid of x > 0 with actlib.sigmoid_grad.",
                      sigmoid_saturation_point, (), call="sigmoid_saturation_point()")
    got = _scalar(case, got)
    s = (1 + np.sqrt(1 - 4 * 0.01)) / 2
    expected = float(np.log(s / (1 - s)))
    if got < 0:
        case.fail(f"it returned {got:.4f}; the task asks for the positive x.",
                  "the derivative is symmetric: sigma'(-x) = sigma'(x).")
    if abs(got - expected) > 0.01:
        case.fail(f"at x = {got:.4f} sigmoid's derivative is "
                  f"{float(_act.sigmoid_grad(got)):.5f}, not 0.01 (tolerance on x: 0.01).")
    return 1
