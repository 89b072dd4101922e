"""Lesson 06's checker beyond the elementwise table: the minimum of Swish."""
import numpy as np

from .. import activations as _act
from ._contract import _call, _checker, _scalar, _shown


@_checker("swish_minimum")
def check_swish_minimum(swish_minimum):
    case, got = _call("swish_minimum", "evaluate swish on a fine grid (np.linspace over [-5, 0] "
                      "with 100_001 points) and take np.argmin.", swish_minimum, (),
                      call="swish_minimum()")
    if isinstance(got, np.ndarray) and got.shape == (2,):  # np.array([x_min, f_min]) is fine
        got = tuple(got)
    if got is None or not (isinstance(got, (tuple, list)) and len(got) == 2):
        case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a pair (x_min, "
                  "f_min).", "end with `return x_min, f_min`.")
    x_min, f_min = _scalar(case, got[0]), _scalar(case, got[1])
    z = np.linspace(-3, 0, 300_001)
    a = _act.swish(z)
    i = int(np.argmin(a))
    if abs(x_min - z[i]) > 1e-3:
        case.fail(f"x_min = {x_min:.4f} is not where swish is smallest: there swish is "
                  f"{float(_act.swish(x_min)):.5f}, and it goes lower (tolerance on x: 1e-3).")
    if abs(f_min - a[i]) > 1e-4:
        case.fail(f"f_min = {f_min:.5f} is not the value of swish at its minimum "
                  f"(tolerance 1e-4).", "f_min is swish(x_min).")
    return 2
